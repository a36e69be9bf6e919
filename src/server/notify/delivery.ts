// Delivery: the persistent queue's worker. It sends what is due through the channels (./channels.ts),
// holds each channel to its messages per minute, retries a failed send with the shared backoff and puts
// it in the dead letters after the last attempt. A message is never sent twice by itself: one whose
// outcome is unknown (the process stopped mid-send) goes to the dead letters, and a send that went out
// but could not be recorded is recorded on the next run instead of being sent again.
import { createSenders, DeliveryError } from './channels';
import type { NotifyDeps, RetryPolicy } from './deps';
import type { Channel, Message } from './store';

export class Delivery {
  private readonly senders: ReturnType<typeof createSenders>;
  private readonly sentWindow = new Map<Channel, number[]>();
  /** Sends that went out but could not be marked yet: marked again, never sent again. */
  private readonly unmarked = new Map<
    string,
    { statusCode: number | null; detail: string; at: string; attempt: number }
  >();

  constructor(
    private readonly deps: Pick<NotifyDeps, 'store' | 'options' | 'now' | 'log' | 'kick'>,
    private readonly retry: RetryPolicy,
    /** A message went to the dead letters after its last attempt. */
    private readonly onDead: (message: Message, error: string) => Promise<void>,
  ) {
    const { options, now, store } = deps;
    this.senders = createSenders({
      smtp: options.smtp,
      sms: options.sms,
      fetch: options.fetch,
      messageIdDomain: new URL(options.publicUrl).hostname || 'gatehouse.invalid',
      now,
      webhookSecret: async (id) => {
        const hook = (await store.webhooks()).find((w) => w.id === id && w.active);
        return hook && { url: hook.url, secret: hook.secret };
      },
    });
  }

  /**
   * At start: a message a previous process left half-sent may have gone out. It is never sent again by
   * itself, it goes to the dead letters for an admin to look at (retry sends it once more).
   */
  async recoverInFlight(): Promise<void> {
    const { store, now } = this.deps;
    const at = now().toISOString();
    for (const m of await store.inFlight()) {
      await store.markFailed(
        m.id,
        {
          attempt: m.attempts,
          at,
          ok: false,
          statusCode: null,
          detail:
            'Outcome unknown: the server stopped while sending, so it may have been delivered. Retry only if it was not.',
        },
        null,
      );
    }
  }

  close(): void {
    this.senders.close();
  }

  /** An admin sends a dead message again (same idempotency key and Message-ID). */
  async retryDead(id: string): Promise<boolean> {
    const ok = await this.deps.store.requeue(id, this.deps.now().toISOString());
    if (ok) this.deps.kick();
    return ok;
  }

  /** When a message on `channel` may go: null now, else the time its rate limit allows it. */
  private allowed(channel: Channel, now: number): number | null {
    const limit = this.deps.options.rateLimits?.[channel];
    if (!limit) return null;
    const window = (this.sentWindow.get(channel) ?? []).filter((t) => t > now - 60_000);
    this.sentWindow.set(channel, window);
    if (window.length < limit) {
      window.push(now);
      return null;
    }
    return window[0]! + 60_000; // when the oldest send in the window leaves it
  }

  /** Sends everything due, until nothing due can go now. */
  async run(): Promise<void> {
    const { store } = this.deps;
    // First the sends that went out but were not marked: mark them, never send them again.
    for (const [id, result] of this.unmarked) {
      await store.markSent(id, {
        attempt: result.attempt,
        at: result.at,
        ok: true,
        statusCode: result.statusCode,
        detail: result.detail,
      });
      this.unmarked.delete(id);
    }
    for (;;) {
      const now = this.deps.now();
      const due = (await store.due(now.toISOString(), 50)).filter((m) => !this.unmarked.has(m.id));
      if (due.length === 0) return;
      let progressed = false;
      for (const queued of due) {
        const wait = this.allowed(queued.channel as Channel, now.getTime());
        if (wait !== null) {
          await store.postpone(queued.id, new Date(wait).toISOString());
          continue;
        }
        const message = await store.begin(queued.id, now.toISOString());
        if (!message) continue;
        progressed = true;
        await this.attempt(message);
      }
      if (!progressed) return;
    }
  }

  private async attempt(message: Message): Promise<void> {
    const { store, now, log } = this.deps;
    const sender = this.senders.senders[message.channel as Channel];
    let result: { statusCode: number | null; detail: string };
    try {
      if (!sender) throw new DeliveryError(`Unknown channel ${message.channel}.`);
      result = await sender(message);
    } catch (error) {
      const at = now();
      const e = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message);
      const next = this.retry.nextAttemptAt(message.attempts, at);
      await store.markFailed(
        message.id,
        {
          attempt: message.attempts,
          at: at.toISOString(),
          ok: false,
          statusCode: e.statusCode,
          detail: e.message,
        },
        next,
      );
      if (!next) await this.onDead(message, e.message);
      return;
    }
    const sent = { ...result, at: now().toISOString(), attempt: message.attempts };
    try {
      await store.markSent(message.id, {
        attempt: sent.attempt,
        at: sent.at,
        ok: true,
        statusCode: sent.statusCode,
        detail: sent.detail,
      });
    } catch (error) {
      // Sent, but not recorded: remember it so the next run records it instead of sending again.
      this.unmarked.set(message.id, sent);
      log(`notify: message ${message.id} was sent but could not be marked: ${(error as Error).message}`);
      return;
    }
    if (message.hostId && message.channel !== 'inapp') await store.clearHostFlag(message.hostId);
  }
}
