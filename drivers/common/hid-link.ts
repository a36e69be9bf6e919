// A HID device that keeps itself open, the HID twin of SerialLink: opens through the HidOpener seam
// (node-hid in production, a simulator or fake in tests), reconnects with backoff when the device
// disappears (unplugged, read error) and reports every change as a DeviceStatus. The HID POS scanner
// and the USB relay build on it.
import { EventEmitter } from 'node:events';
import {
  DeviceDisconnectedError,
  errorMessage,
  reconnectDelay,
  type DeviceStatus,
  type ReconnectOptions,
} from './device';
import type { HidOpener, HidTransport } from './hid';

export interface HidLinkOptions extends ReconnectOptions {
  open: HidOpener;
  /** What the device is, for status messages: "cannot open USB relay: …", "USB relay disconnected: …". */
  name: string;
  /**
   * Run on each freshly opened device before the link counts as connected (enable POS mode, read the
   * board's serial). A failure counts as a failed open: the device is closed and retried.
   */
  setup?: (transport: HidTransport) => Promise<void>;
}

interface HidLinkEvents {
  /** One input report. */
  data: [Uint8Array];
  status: [Omit<DeviceStatus, 'lastSeen'>];
  /** Emitted after every successful (re)open, so a driver can reset its state or make the device safe. */
  open: [];
}

export class HidLink extends EventEmitter<HidLinkEvents> {
  readonly options: HidLinkOptions;
  #transport: HidTransport | null = null;
  #closed = true;
  #attempt = 0;
  #timer: NodeJS.Timeout | null = null;
  #connected = false;
  #lastError: string | null = null;

  constructor(options: HidLinkOptions) {
    super();
    this.options = options;
  }

  get name(): string {
    return this.options.name;
  }

  get connected(): boolean {
    return this.#connected && this.#transport !== null;
  }

  /** Start: try to open now; if that fails keep retrying with backoff. Resolves after the first attempt. */
  async open(): Promise<void> {
    if (!this.#closed) return;
    this.#closed = false;
    this.#attempt = 0;
    await this.#tryOpen();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const transport = this.#transport;
    this.#transport = null;
    await transport?.close().catch(() => undefined);
    this.#report(false, this.#lastError);
  }

  /** Output report; byte 0 is the report id. Rejects at once when the device is not connected. */
  async write(data: Uint8Array): Promise<void> {
    await this.#require().write(data);
  }

  async sendFeatureReport(data: Uint8Array): Promise<void> {
    await this.#require().sendFeatureReport(data);
  }

  async getFeatureReport(reportId: number, length: number): Promise<Uint8Array> {
    return this.#require().getFeatureReport(reportId, length);
  }

  #require(): HidTransport {
    const transport = this.#transport;
    if (!transport || !this.#connected) throw new DeviceDisconnectedError(`${this.name} is not connected`);
    return transport;
  }

  async #tryOpen(): Promise<void> {
    if (this.#closed) return;
    let transport: HidTransport | null = null;
    try {
      transport = await this.options.open();
      await this.options.setup?.(transport);
    } catch (err) {
      // A device that opened but failed its setup is released, so the next attempt can open it again.
      await transport?.close().catch(() => undefined);
      this.#report(false, `cannot open ${this.name}: ${errorMessage(err)}`);
      this.#scheduleReconnect();
      return;
    }
    if (this.#closed) {
      await transport.close().catch(() => undefined);
      return;
    }
    this.#transport = transport;
    this.#attempt = 0;
    transport.on('data', (report) => {
      if (this.#transport === transport) this.emit('data', report);
    });
    transport.on('error', (err) => {
      if (this.#transport !== transport) return;
      this.#transport = null;
      void transport.close().catch(() => undefined);
      if (this.#closed) return;
      this.#report(false, `${this.name} disconnected: ${err.message}`);
      this.#scheduleReconnect();
    });
    // lastError stays as it was: the desk still sees why the device dropped out last time.
    this.#report(true, this.#lastError);
    this.emit('open');
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#timer) return;
    const wait = reconnectDelay(this.#attempt++, this.options);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#tryOpen();
    }, wait);
  }

  #report(connected: boolean, lastError: string | null): void {
    if (connected === this.#connected && lastError === this.#lastError) return;
    this.#connected = connected;
    this.#lastError = lastError;
    this.emit('status', { connected, lastError });
  }
}
