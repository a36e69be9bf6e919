// What every driver shares with the hardware manager that will own it: open/close, a status it can show
// (connected, last seen, last error) and a 'status' event whenever connectivity or the last error changes.
import { EventEmitter } from 'node:events';
import { backoffDelay } from '../../src/shared/backoff';

export interface DeviceStatus {
  connected: boolean;
  /** Epoch ms of the last data received from the device or the last command it accepted. */
  lastSeen: number | null;
  /** Human-readable reason of the last failure (open failed, unplugged, write failed …), null once healthy. */
  lastError: string | null;
}

export type DeviceEventMap<E> = E & { status: [DeviceStatus] };

/** Base class: typed events plus the status bookkeeping every driver needs. */
export abstract class DeviceDriver<E extends Record<keyof E, unknown[]>> extends EventEmitter<
  DeviceEventMap<E>
> {
  #status: DeviceStatus = { connected: false, lastSeen: null, lastError: null };

  abstract open(): Promise<void>;
  abstract close(): Promise<void>;

  get status(): DeviceStatus {
    return { ...this.#status };
  }

  protected setStatus(change: Partial<DeviceStatus>): void {
    const before = this.#status;
    this.#status = { ...before, ...change };
    // lastSeen alone changes on every read: announce only connectivity and error changes.
    if (before.connected !== this.#status.connected || before.lastError !== this.#status.lastError) {
      (this as unknown as EventEmitter).emit('status', this.status);
    }
  }

  protected markSeen(now = Date.now()): void {
    this.#status = { ...this.#status, lastSeen: now };
  }

  /** Emit a typed device event (helper: EventEmitter's generic emit is awkward inside a generic class). */
  protected fire<K extends keyof E & string>(event: K, ...args: E[K]): void {
    (this as unknown as EventEmitter).emit(event, ...args);
  }
}

/** Raised when a command is sent to a device that is not connected (unplugged, pty gone, not opened). */
export class DeviceDisconnectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceDisconnectedError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How a link retries a device that is gone: the first delay doubles up to the longest. */
export interface ReconnectOptions {
  /** First reconnect delay (default 250 ms); doubles up to reconnectMaxMs. */
  reconnectInitialMs?: number;
  /** Longest reconnect delay (default 5 s). */
  reconnectMaxMs?: number;
}

/** The wait before reconnect attempt `attempt` (0 first): 250 ms, 500 ms, 1 s … capped at 5 s by default. */
export function reconnectDelay(attempt: number, options: ReconnectOptions): number {
  const { reconnectInitialMs = 250, reconnectMaxMs = 5_000 } = options;
  return backoffDelay(attempt, { base: reconnectInitialMs, max: reconnectMaxMs });
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
