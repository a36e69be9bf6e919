// The notification service of the sync server, composed in this one place from parts with one job each
// (imports run one way: service → intake → approvals → delegations → messages → recipients/render → visit-context → deps):
// - ./intake.ts: the op log (what stations push) → notifications, with retries of an op that fails;
// - ./recipients.ts: who gets what (host channels, reception, security, delegations);
// - ./render.ts: a message's text and HTML per language from ./templates;
// - ./approvals.ts: signed single-use approve/deny links, steps, decisions, escalation;
// - ./delegations.ts: who decides for an absent host (desk, admin, the host's own delegate link);
// - ./waiting.ts: visitors waiting too long;
// - ./webhooks.ts: webhook deliveries of op events;
// - ./delivery.ts: the persistent queue: channels, retries, rate limits, dead letters.
// This file runs them: one worker run at a time, after new ops and on a timer. Every time comes from
// `now()`, so tests drive it with a controllable clock.
import type { SyncService } from '../service';
import { NOTICE_WINDOW_MS } from '../store';
import { Approvals } from './approvals';
import { Delegations } from './delegations';
import { Delivery } from './delivery';
import { retryPolicy, type NotifyDeps, type NotifyOptions } from './deps';
import { Intake } from './intake';
import { Messages } from './messages';
import { Recipients } from './recipients';
import type { NotifyStore } from './store';
import { visitContext } from './visit-context';
import { WaitingAlerts } from './waiting';

export type { NotifyOptions } from './deps';

export class NotifyService {
  /** Approve/deny links: what a link shows, and deciding through it (./routes.ts). */
  readonly approvals: Approvals;
  /** Hand-overs of a host's approvals: the desk, the admin API and the host's delegate link (./routes.ts). */
  readonly delegations: Delegations;
  /** The queue: an admin's retry of a dead message (./routes.ts). */
  readonly delivery: Delivery;
  /** The op log: an admin's retry of a dead op (./routes.ts). */
  readonly intake: Intake;
  private readonly waiting: WaitingAlerts;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly onApplied = () => this.kick();
  private readonly log: (message: string) => void;

  constructor(
    private readonly sync: SyncService,
    readonly store: NotifyStore,
    readonly options: NotifyOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.log = options.log ?? (() => {});
    const deps: NotifyDeps = { sync, store, options, now, log: this.log, kick: () => this.kick() };
    const retry = retryPolicy(options);
    const recipients = new Recipients(deps);
    const messages = new Messages(deps, recipients);
    this.delegations = new Delegations(deps, recipients, messages);
    this.approvals = new Approvals(deps, recipients, messages, this.delegations);
    this.intake = new Intake(deps, retry, recipients, messages, this.approvals);
    this.waiting = new WaitingAlerts(deps, recipients, messages);
    // A host's message in the dead letters: the host is flagged and reception told to call.
    this.delivery = new Delivery(deps, retry, async (message, error) => {
      if (!message.hostId || message.channel === 'inapp' || !message.visitId) return;
      const visit = await visitContext(deps, message.visitId);
      if (visit)
        await messages.hostUnreachable(
          { ...visit, hostId: message.hostId },
          'channel_failing',
          `${message.channel}: ${error}`.slice(0, 200),
        );
    });
  }

  /** Starts the worker, after putting messages a previous process left half-sent in the dead letters. */
  async start(): Promise<void> {
    await this.delivery.recoverInFlight();
    this.sync.events.on('applied', this.onApplied);
    if (this.options.intervalMs !== 0) {
      this.timer = setInterval(() => this.kick(), this.options.intervalMs ?? 1_000);
      this.timer.unref();
    }
    this.kick();
  }

  async stop(): Promise<void> {
    this.sync.events.off('applied', this.onApplied);
    clearInterval(this.timer);
    await this.running;
    this.delivery.close();
    await this.store.close?.();
  }

  /** Runs a tick soon (after new ops, on the timer); ticks never overlap. */
  private kick(): void {
    void this.tick().catch((error: unknown) => this.log(`notify tick failed: ${(error as Error).message}`));
  }

  /** Empties the notices read and the messages sent, and whatever is older than the window (issue #15). */
  private async purge(): Promise<void> {
    await this.sync.store.purgePersonal({
      consumedThrough: await this.store.cursor(),
      before: new Date(this.now().getTime() - NOTICE_WINDOW_MS).toISOString(),
    });
  }

  /** Reads new ops, escalates late approvals, delivers what is due. Resolves when all of it is done. */
  tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          // The op log is read by one instance at a time; every instance sends (each message claimed once).
          const opLogWork = async () => {
            await this.intake.run();
            await this.approvals.escalate();
            await this.waiting.check();
          };
          if (this.store.exclusive)
            await this.store.exclusive(async () => {
              await opLogWork();
              await this.purge();
              // Sends an instance that stopped mid-send left behind go to the dead letters, as at a start.
              await this.delivery.recoverInFlight();
            });
          else {
            await opLogWork();
            await this.purge();
          }
          await this.delivery.run();
          // What was just sent leaves the queue's bodies at once.
          await this.purge();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
