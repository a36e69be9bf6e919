// Rate limits on what an anonymous caller may repeat at a kiosk; a staff caller is not limited here. The
// transports (src/main/web/server.ts, src/main/ipc-core.ts) count each anonymous call before the
// dispatcher runs it, so a refused call runs nothing: no row, notice, outbox op nor audit entry. Fixed
// one-minute windows on the station's clock (tests move it); a client is a browser's address or an
// Electron window. Three budgets, apart so one cannot spend another:
//
// - Lookups, the methods that answer whether a person, an invite or a pass exists, which could otherwise
//   be repeated to enumerate people or guess codes: 20 a minute per client, 60 for the station.
// - Arrivals, the walk-in check-in and the delivery: each makes a visit and tells a host (whose e-mail
//   follows). A queue of walk-ins at 9:00 is about one check-in every 20–30 s at one kiosk, and a
//   courier's two taps take several seconds: 6 a minute per client is twice the busiest lobby's pace, 12
//   for the station (a web host with a few screens). One host hears of at most 4 arrivals a minute from
//   this station — an interview panel's visitors one after the other pass, a courier tapping the same
//   name over and over does not. A delivery for reception tells no host.
// - Pass e-mails, to any address typed: one per check-in at most in a real lobby, so the same 6 a minute
//   per client and 12 for the station.
//
// Invite check-ins and check-outs are lookups (a code or a contact is guessed); kiosk.finishApproved needs
// the wait token of a check-in already counted and tells nobody.
import { ApiError } from '../../shared/errors';

export const KIOSK_LOOKUPS: ReadonlySet<string> = new Set([
  'kiosk.recognise',
  'kiosk.recall',
  'kiosk.findInvite',
  'kiosk.checkInInvite',
  'kiosk.findForCheckOut',
  'kiosk.checkOut',
]);

/** The anonymous writes that make a visit and tell its host. */
export const KIOSK_ARRIVALS: ReadonlySet<string> = new Set(['kiosk.checkIn', 'kiosk.delivery']);

export const LIMITS = {
  lookups: { perClient: 20, station: 60 },
  arrivals: { perClient: 6, station: 12, perHost: 4 },
  passEmails: { perClient: 6, station: 12 },
} as const;
const WINDOW_MS = 60_000;

const TOO_MANY_TRIES = 'Too many tries for now. Please wait a minute, or ask at reception.';
const TOO_MANY_ARRIVALS =
  'Too many check-ins at this kiosk just now. Please wait a minute, or ask at reception.';
const TOO_MANY_EMAILS =
  'Too many passes e-mailed from this kiosk just now. Please wait a minute and try again.';

/** Call counts per key in the current minute, all forgotten when the minute turns. */
class MinuteCounts {
  private window = -1;
  private readonly counts = new Map<string, number>();

  constructor(private readonly now: () => Date) {}

  /** Counts one call against every budget, or none (false) when one of them is spent. */
  take(budgets: ReadonlyArray<readonly [key: string, limit: number]>): boolean {
    const window = Math.floor(this.now().getTime() / WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    if (budgets.some(([key, limit]) => (this.counts.get(key) ?? 0) >= limit)) return false;
    for (const [key] of budgets) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return true;
  }
}

/** The host an arrival would tell, from the raw input (not validated yet: any string is only a key). */
function hostOf(input: unknown): string | null {
  const id = typeof input === 'object' && input !== null ? (input as { hostId?: unknown }).hostId : null;
  return typeof id === 'string' ? id : null;
}

export class KioskLimiter {
  private readonly counts: MinuteCounts;

  constructor(now: () => Date) {
    this.counts = new MinuteCounts(now);
  }

  /** Counts one anonymous call of `method` from `client`; refuses with rate_limited over a limit. */
  take(method: string, client: string, input: unknown): void {
    if (KIOSK_LOOKUPS.has(method)) {
      if (!this.spend('lookups', client)) throw new ApiError('rate_limited', TOO_MANY_TRIES);
    } else if (KIOSK_ARRIVALS.has(method)) {
      if (!this.spend('arrivals', client, hostOf(input)))
        throw new ApiError('rate_limited', TOO_MANY_ARRIVALS);
    } else if (method === 'kiosk.emailPass') {
      if (!this.spend('passEmails', client)) throw new ApiError('rate_limited', TOO_MANY_EMAILS);
    }
  }

  private spend(budget: keyof typeof LIMITS, client: string, host: string | null = null): boolean {
    const limits: { perClient: number; station: number; perHost?: number } = LIMITS[budget];
    const budgets: Array<readonly [string, number]> = [
      [`${budget} client ${client}`, limits.perClient],
      [budget, limits.station],
    ];
    if (host !== null && limits.perHost) budgets.push([`${budget} host ${host}`, limits.perHost]);
    return this.counts.take(budgets);
  }
}
