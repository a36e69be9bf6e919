// LCUS serial relay driver. Commands go out one at a time with at least `minGapMs` between them (the
// board drops commands sent back to back). The board never answers, so the driver never assumes a
// channel is on or off beyond what it managed to send: a failed write rejects the call and the status
// reports the disconnect. On every (re)connect every channel is switched off first, so a relay left on
// by a crash or an unplug mid-pulse cannot leave a gate open.
import { DeviceDisconnectedError, DeviceDriver, delay, errorMessage } from '../common/device';
import { SerialLink } from '../common/serial-link';
import { encodeLcus } from './lcus';
import { checkPulse, DEFAULT_PULSE_MS, type RelayDriver, type RelayEvents } from './relay';

export interface LcusRelayOptions {
  path: string;
  /** Channels on the board (LCUS-1, -2, -4, -8). */
  channels?: number;
  minGapMs?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
}

export class LcusRelay extends DeviceDriver<RelayEvents> implements RelayDriver {
  readonly channels: number;
  readonly minGapMs: number;
  readonly #link: SerialLink;
  /** Commands are chained so they never overlap and keep their gap. */
  #queue: Promise<unknown> = Promise.resolve();
  #lastCommandAt = 0;

  constructor({ path, channels = 1, minGapMs = 50, reconnectInitialMs, reconnectMaxMs }: LcusRelayOptions) {
    super();
    this.channels = channels;
    this.minGapMs = minGapMs;
    this.#link = new SerialLink({
      path,
      baudRate: 9600,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      reconnectInitialMs,
      reconnectMaxMs,
    });
    this.#link.on('status', (s) => this.setStatus(s));
    this.#link.on('open', () => {
      this.allOff().catch((err: unknown) =>
        this.setStatus({ lastError: `switching off after connect failed: ${errorMessage(err)}` }),
      );
    });
  }

  open(): Promise<void> {
    return this.#link.open();
  }

  /** Switch everything off (best effort) and release the port. */
  async close(): Promise<void> {
    if (this.#link.connected) await this.allOff().catch(() => undefined);
    await this.#link.close();
  }

  async pulse(channel: number, ms = DEFAULT_PULSE_MS): Promise<void> {
    checkPulse(channel, this.channels, ms);
    await this.set(channel, true);
    try {
      await delay(ms);
    } finally {
      // Always try to switch off, even if the caller goes away; a failure here is a disconnect and
      // is reported (the reconnect's allOff is what finally makes the relay safe).
      await this.set(channel, false);
    }
  }

  set(channel: number, on: boolean): Promise<void> {
    const frame = encodeLcus({ channel, on });
    return this.#enqueue(async () => {
      await this.#send(frame);
      this.fire('switched', { channel, on, at: Date.now() });
    });
  }

  allOff(): Promise<void> {
    return this.#enqueue(async () => {
      for (let channel = 1; channel <= this.channels; channel++) {
        await this.#send(encodeLcus({ channel, on: false }));
        this.fire('switched', { channel, on: false, at: Date.now() });
      }
    });
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #send(frame: Uint8Array): Promise<void> {
    const wait = this.#lastCommandAt + this.minGapMs - Date.now();
    if (wait > 0) await delay(wait);
    try {
      await this.#link.write(frame);
    } catch (err) {
      const message = `relay command failed: ${errorMessage(err)}`;
      this.setStatus({ lastError: message });
      throw err instanceof DeviceDisconnectedError ? err : new DeviceDisconnectedError(message);
    } finally {
      this.#lastCommandAt = Date.now();
    }
    this.markSeen();
  }
}
