// HID POS scanner driver on a HidLink: node-hid in production, HidPosScannerSimulator in tests.
// The link reconnects with backoff when the device disappears.
import { DeviceDriver, type ReconnectOptions } from '../common/device';
import type { HidOpener } from '../common/hid';
import { HidLink } from '../common/hid-link';
import { HID_POS_ENABLE_FEATURE, HidPosAssembler } from './hid-pos';
import type { ScannerEvents } from './scan-event';

export interface HidPosScannerOptions extends ReconnectOptions {
  open: HidOpener;
  /** Send feature report 0xFE = [0x01] after opening (some Honeywell models need it). */
  enablePosMode?: boolean;
  reportIdIncluded?: boolean;
}

export class HidPosScanner extends DeviceDriver<ScannerEvents> {
  readonly #link: HidLink;
  readonly #reportIdIncluded: boolean;
  #assembler: HidPosAssembler;

  constructor({ open, enablePosMode, reportIdIncluded = true, ...reconnect }: HidPosScannerOptions) {
    super();
    this.#reportIdIncluded = reportIdIncluded;
    this.#assembler = new HidPosAssembler({ reportIdIncluded });
    this.#link = new HidLink({
      ...reconnect,
      open,
      name: 'HID scanner',
      setup: enablePosMode ? (transport) => transport.sendFeatureReport(HID_POS_ENABLE_FEATURE) : undefined,
    });
    this.#link.on('status', (s) => this.setStatus(s));
    // A read cut short by the unplug is dropped: each connection starts with an empty assembler.
    this.#link.on('open', () => {
      this.#assembler = new HidPosAssembler({ reportIdIncluded: this.#reportIdIncluded });
    });
    this.#link.on('data', (report) => {
      this.markSeen();
      const read = this.#assembler.push(report);
      if (read) this.fire('code', { ...read, source: 'hid-pos', at: Date.now() });
    });
  }

  /** Resolves after the first attempt; status says whether it worked, retries continue in the background. */
  open(): Promise<void> {
    return this.#link.open();
  }

  close(): Promise<void> {
    return this.#link.close();
  }
}
