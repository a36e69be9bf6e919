// Serial (RS-232 / USB-CDC) barcode scanner: a SerialLink that reconnects by itself, the framing parser,
// and one 'code' event per read.
import { DeviceDriver } from '../common/device';
import { SerialLink } from '../common/serial-link';
import { FramingParser } from './framing';
import type { ScannerEvents } from './scan-event';
import { parseSerialScannerSettings, serialPortOptions, type SerialScannerSettings } from './serial-settings';

export class SerialScanner extends DeviceDriver<ScannerEvents> {
  readonly settings: SerialScannerSettings;
  readonly #link: SerialLink;
  readonly #parser: FramingParser;
  #idleTimer: NodeJS.Timeout | null = null;

  /** Throws InvalidSettingsError (with a message per field) before touching any port. */
  constructor(settings: unknown, options: { reconnectInitialMs?: number; reconnectMaxMs?: number } = {}) {
    super();
    this.settings = parseSerialScannerSettings(settings);
    const { link, stripHighBit } = serialPortOptions(this.settings);
    this.#link = new SerialLink({ ...link, ...options });
    this.#parser = new FramingParser({
      framing: this.settings.framing,
      maxLength: this.settings.maxCodeLength,
      stripHighBit,
    });
    this.#link.on('status', (s) => this.setStatus(s));
    this.#link.on('data', (chunk) => this.#onData(chunk));
  }

  open(): Promise<void> {
    return this.#link.open();
  }

  async close(): Promise<void> {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    await this.#link.close();
  }

  #onData(chunk: Buffer): void {
    this.markSeen();
    this.#emit(this.#parser.push(chunk));
    if (this.settings.framing === 'timeout') {
      if (this.#idleTimer) clearTimeout(this.#idleTimer);
      this.#idleTimer = setTimeout(() => {
        this.#idleTimer = null;
        this.#emit(this.#parser.flush());
      }, this.settings.interByteTimeoutMs);
    }
  }

  #emit(codes: string[]): void {
    for (const code of codes) this.fire('code', { code, symbology: null, source: 'serial', at: Date.now() });
  }
}
