// A HID device that keeps itself open, the HID twin of SerialLink: opens through the HidOpener seam
// (node-hid in production, a simulator or fake in tests), reconnects with backoff when the device
// disappears (unplugged, read error) and reports every change as a DeviceStatus. The HID POS scanner
// and the USB relay build on it.
import { DeviceDisconnectedError, errorMessage, type ReconnectOptions } from './device';
import type { HidOpener, HidTransport } from './hid';
import { ReconnectingLink } from './link';

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

/** Events: 'data' (one input report), 'status', and 'open' after every successful (re)open. */
export class HidLink extends ReconnectingLink<Uint8Array> {
  readonly options: HidLinkOptions;
  #transport: HidTransport | null = null;

  constructor(options: HidLinkOptions) {
    super(options);
    this.options = options;
  }

  get name(): string {
    return this.options.name;
  }

  get connected(): boolean {
    return this.up && this.#transport !== null;
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
    if (!this.#transport || !this.up) throw new DeviceDisconnectedError(`${this.name} is not connected`);
    return this.#transport;
  }

  protected async release(): Promise<void> {
    const transport = this.#transport;
    this.#transport = null;
    await transport?.close().catch(() => undefined);
  }

  protected async attempt(): Promise<void> {
    let transport: HidTransport | null = null;
    try {
      transport = await this.options.open();
      await this.options.setup?.(transport);
    } catch (err) {
      // A device that opened but failed its setup is released, so the next attempt can open it again.
      await transport?.close().catch(() => undefined);
      this.lost(`cannot open ${this.name}: ${errorMessage(err)}`);
      return;
    }
    if (this.closed) {
      await transport.close().catch(() => undefined);
      return;
    }
    this.#transport = transport;
    transport.on('data', (report) => {
      if (this.#transport === transport) this.emit('data', report);
    });
    transport.on('error', (err) => {
      if (this.#transport !== transport) return;
      this.#transport = null;
      void transport.close().catch(() => undefined);
      this.lost(`${this.name} disconnected: ${err.message}`);
    });
    this.opened();
  }
}
