// What SerialLink and HidLink share: a device connection that keeps itself open. It retries with the
// shared backoff while the device is missing, starts again from the first delay after every good
// connection, stops retrying on close(), and reports every change of connectivity or error once.
import { EventEmitter } from 'node:events';
import { reconnectDelay, type DeviceStatus, type ReconnectOptions } from './device';

export interface LinkEvents<Data> {
  data: [Data];
  status: [Omit<DeviceStatus, 'lastSeen'>];
  /** Emitted after every successful (re)open, so a driver can reset its state or make the device safe. */
  open: [];
}

export abstract class ReconnectingLink<Data> extends EventEmitter<LinkEvents<Data>> {
  readonly #reconnect: ReconnectOptions;
  #closed = true;
  #attempt = 0;
  #timer: NodeJS.Timeout | null = null;
  #connected = false;
  #lastError: string | null = null;

  constructor(reconnect: ReconnectOptions) {
    super();
    this.#reconnect = reconnect;
  }

  /** Start: try to open now; if that fails keep retrying with backoff. Resolves after the first attempt. */
  async open(): Promise<void> {
    if (!this.#closed) return;
    this.#closed = false;
    this.#attempt = 0;
    await this.attempt();
  }

  /** Stop retrying and release the device. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.release();
    this.report(false, this.#lastError);
  }

  /** One attempt to open the device; ends with up(), down() or, once closed, nothing. */
  protected abstract attempt(): Promise<void>;
  /** Let go of the open device, if any (close() was called). */
  protected abstract release(): Promise<void>;

  /** close() was called: an attempt in progress gives up and nothing reconnects. */
  protected get closed(): boolean {
    return this.#closed;
  }

  /** Connected as far as the last up()/down() says. */
  protected get up(): boolean {
    return this.#connected;
  }

  /** The device is open: the next loss starts from the first delay again. */
  protected opened(): void {
    this.#attempt = 0;
    // lastError stays as it was: the desk still sees why the device dropped out last time.
    this.report(true, this.#lastError);
    this.emit('open');
  }

  /** Opening failed or the device went away: say why and retry after the next delay (unless closed). */
  protected lost(lastError: string): void {
    this.report(false, lastError);
    if (this.#closed || this.#timer) return;
    const wait = reconnectDelay(this.#attempt++, this.#reconnect);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (!this.#closed) void this.attempt();
    }, wait);
  }

  /** Tell listeners, once per change of connectivity or error. */
  protected report(connected: boolean, lastError: string | null): void {
    if (connected === this.#connected && lastError === this.#lastError) return;
    this.#connected = connected;
    this.#lastError = lastError;
    this.emit('status', { connected, lastError });
  }
}
