// The thin seam between HID drivers and node-hid: everything a driver needs from a HID device, and
// nothing else, so a simulator can stand in for a USB device that cannot exist on a CI machine.
import { EventEmitter } from 'node:events';
import type { HIDAsync } from 'node-hid';

export interface HidTransportEvents {
  /** One input report. For devices with numbered reports byte 0 is the report id (hidapi behaviour). */
  data: [Uint8Array];
  /** The device went away or a read failed; the transport is unusable afterwards. */
  error: [Error];
}

export interface HidTransport {
  /** Output report; byte 0 is the report id (0x00 for devices without numbered reports). */
  write(data: Uint8Array): Promise<void>;
  sendFeatureReport(data: Uint8Array): Promise<void>;
  /** Some platforms return the report id as byte 0, some do not: callers must check. */
  getFeatureReport(reportId: number, length: number): Promise<Uint8Array>;
  on<K extends keyof HidTransportEvents>(event: K, listener: (...args: HidTransportEvents[K]) => void): this;
  off<K extends keyof HidTransportEvents>(event: K, listener: (...args: HidTransportEvents[K]) => void): this;
  close(): Promise<void>;
}

/** Opens a transport; drivers call it again to reconnect. */
export type HidOpener = () => Promise<HidTransport>;

export interface HidDeviceInfo {
  path: string;
  vendorId: number;
  productId: number;
  product?: string;
  serialNumber?: string;
  usagePage?: number;
  usage?: number;
}

/** node-hid behind the seam. Loaded lazily so pure code and tests never need the native module. */
class NodeHidTransport extends EventEmitter<HidTransportEvents> implements HidTransport {
  readonly #device: HIDAsync;

  constructor(device: HIDAsync) {
    super();
    this.#device = device;
    device.on('data', (data: Buffer) => this.emit('data', new Uint8Array(data)));
    device.on('error', (err: Error) => this.emit('error', err));
  }

  async write(data: Uint8Array): Promise<void> {
    await this.#device.write(Buffer.from(data));
  }

  async sendFeatureReport(data: Uint8Array): Promise<void> {
    await this.#device.sendFeatureReport(Buffer.from(data));
  }

  async getFeatureReport(reportId: number, length: number): Promise<Uint8Array> {
    return new Uint8Array(await this.#device.getFeatureReport(reportId, length));
  }

  async close(): Promise<void> {
    this.#device.removeAllListeners();
    // As for serial ports (detachPort): a late 'error' with no listener would kill the process.
    this.#device.on('error', () => undefined);
    await this.#device.close();
  }
}

export function nodeHidOpener(path: string): HidOpener {
  return async () => {
    const { HIDAsync } = await import('node-hid');
    return new NodeHidTransport(await HIDAsync.open(path));
  };
}

/** HID devices present now, optionally filtered by vendor/product id or usage page (0x8C = POS scanner). */
export async function listHidDevices(
  filter: Partial<Pick<HidDeviceInfo, 'vendorId' | 'productId' | 'usagePage'>> = {},
) {
  const { devicesAsync } = await import('node-hid');
  const all = await devicesAsync();
  return all
    .filter((d): d is typeof d & { path: string } => typeof d.path === 'string')
    .filter(
      (d) =>
        (filter.vendorId === undefined || d.vendorId === filter.vendorId) &&
        (filter.productId === undefined || d.productId === filter.productId) &&
        (filter.usagePage === undefined || d.usagePage === filter.usagePage),
    )
    .map((d): HidDeviceInfo => ({
      path: d.path,
      vendorId: d.vendorId,
      productId: d.productId,
      product: d.product,
      serialNumber: d.serialNumber,
      usagePage: d.usagePage,
      usage: d.usage,
    }));
}

/**
 * Base for simulated HID devices: the same seam, with the device's real report bytes.
 * `unplug()` behaves like pulling the cable: an 'error' event, then every call fails.
 */
export abstract class SimulatedHidDevice extends EventEmitter<HidTransportEvents> implements HidTransport {
  protected plugged = true;
  closed = false;

  /** What the device does with an output report. */
  protected abstract onWrite(data: Uint8Array): void;
  protected abstract onSendFeature(data: Uint8Array): void;
  protected abstract onGetFeature(reportId: number, length: number): Uint8Array;

  async write(data: Uint8Array): Promise<void> {
    this.#check();
    this.onWrite(Uint8Array.from(data));
  }

  async sendFeatureReport(data: Uint8Array): Promise<void> {
    this.#check();
    this.onSendFeature(Uint8Array.from(data));
  }

  async getFeatureReport(reportId: number, length: number): Promise<Uint8Array> {
    this.#check();
    return this.onGetFeature(reportId, length);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** An opener for drivers: fails while unplugged, like node-hid when the device is absent. */
  readonly opener: HidOpener = async () => {
    if (!this.plugged) throw new Error('HID device not found (simulated unplug)');
    this.closed = false;
    return this;
  };

  plugIn(): void {
    this.plugged = true;
  }

  unplug(): void {
    if (!this.plugged) return;
    this.plugged = false;
    this.emit('error', new Error('could not read from HID device (simulated unplug)'));
  }

  /** Deliver an input report to whoever has the device open. */
  protected sendInputReport(report: Uint8Array): void {
    if (this.plugged && !this.closed) this.emit('data', report);
  }

  #check(): void {
    if (!this.plugged) throw new Error('HID device not found (simulated unplug)');
    if (this.closed) throw new Error('HID device is closed');
  }
}
