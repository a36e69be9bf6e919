// What every part of the notification service gets from the one place that composes them (./service.ts):
// the options, the sync server (its op log, sites and authoring), the notification store, the clock, the
// log, a way to ask for another worker run soon, and the one retry policy of messages and failed ops.
import { backoffDelay } from '../../shared/backoff';
import type { SyncService } from '../service';
import type { SmsConfig, SmtpConfig } from './channels';
import type { Channel, NotifyStore } from './store';

export interface NotifyOptions {
  /** The address people reach this server at: the approve/deny links start with it. */
  publicUrl: string;
  /** HMAC key of approve/deny and delegate links (32+ random bytes). */
  secret: string;
  smtp?: SmtpConfig;
  sms?: SmsConfig;
  fetch?: typeof fetch;
  /**
   * Attempts before a message goes to the dead letters, and the backoff between them; the same for an
   * op that fails to turn into notifications.
   */
  retry?: { maxAttempts?: number; baseMs?: number; maxMs?: number };
  /** Messages per minute per channel; more wait their turn (no attempt is spent). */
  rateLimits?: Partial<Record<Channel, number>>;
  /** How long approve/deny links stay valid. */
  linkTtlMinutes?: number;
  /** How long a host's delegate link (in their approval messages) stays valid, in days; 14 by default. */
  delegateLinkTtlDays?: number;
  /** How often the worker looks at the queue and the clock (0: only when told, as tests do). */
  intervalMs?: number;
  log?: (message: string) => void;
}

export interface NotifyDeps {
  sync: SyncService;
  store: NotifyStore;
  options: NotifyOptions;
  now: () => Date;
  log: (message: string) => void;
  /** Asks for a worker run soon (runs never overlap). */
  kick: () => void;
}

export interface RetryPolicy {
  maxAttempts: number;
  /** When to try again after `attempts` failed attempts, or null when that was the last one. */
  nextAttemptAt(attempts: number, failedAt: Date): string | null;
}

export function retryPolicy(options: NotifyOptions): RetryPolicy {
  const { maxAttempts, baseMs, maxMs } = {
    maxAttempts: 6,
    baseMs: 5_000,
    maxMs: 15 * 60_000,
    ...options.retry,
  };
  return {
    maxAttempts,
    nextAttemptAt: (attempts, failedAt) =>
      attempts >= maxAttempts
        ? null
        : new Date(
            failedAt.getTime() + backoffDelay(attempts - 1, { base: baseMs, max: maxMs }),
          ).toISOString(),
  };
}
