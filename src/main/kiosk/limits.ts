// Rate limits on the anonymous kiosk lookups: the methods that answer whether a person, an invite or a
// pass exists, which an anonymous caller could otherwise repeat to enumerate people or guess codes. Each
// client (a browser's address, an Electron window) gets PER_CLIENT calls a minute and the whole station
// GLOBAL, whoever asks; a staff caller is not limited here. Fixed one-minute windows on the station's
// clock (tests move it).
import { ApiError } from '../../shared/errors';

export const KIOSK_LOOKUPS: ReadonlySet<string> = new Set([
  'kiosk.recognise',
  'kiosk.recall',
  'kiosk.findInvite',
  'kiosk.checkInInvite',
  'kiosk.findForCheckOut',
  'kiosk.checkOut',
]);

export const PER_CLIENT = 20;
export const GLOBAL = 60;
const WINDOW_MS = 60_000;

export class LookupLimiter {
  private window = -1;
  private total = 0;
  private readonly perClient = new Map<string, number>();

  constructor(private readonly now: () => Date) {}

  /** Counts one anonymous call of `method` from `client`; refuses with rate_limited over a limit. */
  take(method: string, client: string): void {
    if (!KIOSK_LOOKUPS.has(method)) return;
    const window = Math.floor(this.now().getTime() / WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.total = 0;
      this.perClient.clear();
    }
    const mine = this.perClient.get(client) ?? 0;
    if (mine >= PER_CLIENT || this.total >= GLOBAL)
      throw new ApiError(
        'rate_limited',
        'Too many tries for now. Please wait a minute, or ask at reception.',
      );
    this.perClient.set(client, mine + 1);
    this.total += 1;
  }
}
