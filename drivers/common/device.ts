// What every driver shares with the hardware manager that will own it: open/close, a status it can show
// (connected, last seen, last error) and a 'status' event whenever connectivity or the last error changes.
import { EventEmitter } from 'node:events';

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

/** Exponential backoff for reconnect attempts: 250 ms, 500 ms, 1 s … capped at maxMs. */
export function backoffDelay(attempt: number, initialMs = 250, maxMs = 5_000): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
