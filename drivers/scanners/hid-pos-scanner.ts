// HID POS scanner driver behind the HidTransport seam: node-hid in production, HidPosScannerSimulator
// in tests. Reconnects with backoff when the device disappears.
import { DeviceDriver, errorMessage, reconnectDelay } from '../common/device';
import type { HidOpener, HidTransport } from '../common/hid';
import { HID_POS_ENABLE_FEATURE, HidPosAssembler } from './hid-pos';
import type { ScannerEvents } from './scan-event';

export interface HidPosScannerOptions {
  open: HidOpener;
  /** Send feature report 0xFE = [0x01] after opening (some Honeywell models need it). */
  enablePosMode?: boolean;
  reportIdIncluded?: boolean;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
}

export class HidPosScanner extends DeviceDriver<ScannerEvents> {
  readonly #options: HidPosScannerOptions;
  #transport: HidTransport | null = null;
  #assembler: HidPosAssembler;
  #closed = true;
  #attempt = 0;
  #timer: NodeJS.Timeout | null = null;

  constructor(options: HidPosScannerOptions) {
    super();
    this.#options = options;
    this.#assembler = new HidPosAssembler({ reportIdIncluded: options.reportIdIncluded ?? true });
  }

  /** Resolves after the first attempt; status says whether it worked, retries continue in the background. */
  async open(): Promise<void> {
    if (!this.#closed) return;
    this.#closed = false;
    this.#attempt = 0;
    await this.#connect();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const transport = this.#transport;
    this.#transport = null;
    await transport?.close().catch(() => undefined);
    this.setStatus({ connected: false });
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    let transport: HidTransport;
    try {
      transport = await this.#options.open();
      if (this.#options.enablePosMode) await transport.sendFeatureReport(HID_POS_ENABLE_FEATURE);
    } catch (err) {
      this.setStatus({ connected: false, lastError: `cannot open HID scanner: ${errorMessage(err)}` });
      this.#retry();
      return;
    }
    if (this.#closed) {
      await transport.close();
      return;
    }
    this.#transport = transport;
    this.#attempt = 0;
    this.#assembler = new HidPosAssembler({ reportIdIncluded: this.#options.reportIdIncluded ?? true });
    transport.on('data', (report) => {
      this.markSeen();
      const read = this.#assembler.push(report);
      if (read) this.fire('code', { ...read, source: 'hid-pos', at: Date.now() });
    });
    transport.on('error', (err) => {
      if (this.#transport !== transport) return;
      this.#transport = null;
      void transport.close().catch(() => undefined);
      this.setStatus({ connected: false, lastError: `HID scanner disconnected: ${err.message}` });
      this.#retry();
    });
    this.setStatus({ connected: true });
  }

  #retry(): void {
    if (this.#closed || this.#timer) return;
    const wait = reconnectDelay(this.#attempt++, this.#options);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#connect();
    }, wait);
  }
}
