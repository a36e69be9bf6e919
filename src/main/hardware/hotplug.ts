// Hot-plug: what is plugged in, polled (serialport.list() and node-hid's device list) because neither
// library reports USB arrivals itself. A configured device that names its USB vendor/product id (and
// serial number) is found wherever the OS puts it (/dev/ttyUSB0 today, /dev/ttyUSB1 after a replug).
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { listHidDevices, type HidDeviceInfo } from '../../../drivers';
import type { UsbMatch } from '../../shared/devices';

export interface PluggedDevice {
  bus: 'serial' | 'hid';
  path: string;
  /** Four hex digits, lower case; null for ports without USB ids (built-in UARTs, ptys). */
  vendorId: string | null;
  productId: string | null;
  serialNumber: string | null;
  /** USB product or manufacturer string. */
  product: string | null;
  usagePage: number | null;
}

/** The two listings, as the libraries give them (a seam: tests list ptys and simulated HID devices). */
export interface DeviceListers {
  listSerialPorts?: () => Promise<
    Array<{
      path: string;
      vendorId?: string;
      productId?: string;
      serialNumber?: string;
      manufacturer?: string;
    }>
  >;
  listHid?: () => Promise<HidDeviceInfo[]>;
}

const hex4 = (id: string | number | undefined) =>
  id === undefined || id === ''
    ? null
    : (typeof id === 'number' ? id : parseInt(id, 16)).toString(16).padStart(4, '0');

/** Everything plugged in now, and one sentence per listing that failed (no hidraw access …). */
export async function listPlugged({
  listSerialPorts = () => SerialPort.list(),
  listHid = () => listHidDevices(),
}: DeviceListers = {}): Promise<{ devices: PluggedDevice[]; problems: string[] }> {
  const problems: string[] = [];
  const attempt = async <T>(what: string, list: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await list();
    } catch (err) {
      problems.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  };
  const [ports, hid] = await Promise.all([
    attempt('Serial ports could not be listed', listSerialPorts),
    attempt('HID devices could not be listed', listHid),
  ]);
  const listed = [
    ...ports.map((p) => ({ bus: 'serial' as const, ...p, product: p.manufacturer, usagePage: undefined })),
    ...hid.map((d) => ({ bus: 'hid' as const, ...d })),
  ];
  return {
    devices: listed.map((d): PluggedDevice => ({
      bus: d.bus,
      path: d.path,
      vendorId: hex4(d.vendorId),
      productId: hex4(d.productId),
      serialNumber: d.serialNumber ?? null,
      product: d.product ?? null,
      usagePage: d.usagePage ?? null,
    })),
    problems,
  };
}

/** The plugged-in device a configured one is, by its USB ids (and serial number when given). */
export function findMatch(
  devices: readonly PluggedDevice[],
  bus: PluggedDevice['bus'],
  match: UsbMatch,
): PluggedDevice | undefined {
  return devices.find(
    (d) =>
      d.bus === bus &&
      d.vendorId === match.vendorId.toLowerCase() &&
      d.productId === match.productId.toLowerCase() &&
      (!match.serialNumber || d.serialNumber === match.serialNumber),
  );
}

interface WatcherEvents {
  /** The set of plugged-in devices changed (something arrived or left). */
  change: [PluggedDevice[]];
}

/**
 * Polls the listings while `active()` says someone needs it (a configured device is matched by USB id,
 * or the devices page is open) and says when the set changes. Remembers what was there at the first
 * listing, so arrivals after it can be shown as new.
 */
export class HotplugWatcher extends EventEmitter<WatcherEvents> {
  #present: PluggedDevice[] = [];
  #baseline: Set<string> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #polling: Promise<void> | null = null;
  #stopped = false;

  constructor(private readonly options: DeviceListers & { intervalMs: number; active: () => boolean }) {
    super();
  }

  get present(): readonly PluggedDevice[] {
    return this.#present;
  }

  /** True for a device that was not plugged in when the watcher first listed (plugged in since). */
  isNew(device: PluggedDevice): boolean {
    return this.#baseline !== null && !this.#baseline.has(key(device));
  }

  /** Starts polling if it is not already (it stops by itself once `active()` is false). */
  ensureRunning(): void {
    if (this.#stopped || this.#timer || this.#polling) return;
    void this.poll();
  }

  /** Lists now; resolves once the listing is in (and `change` emitted if it differs). */
  poll(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => {
      this.#polling = null;
      this.#schedule();
    });
    return this.#polling;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#polling;
  }

  async #poll(): Promise<void> {
    const { devices } = await listPlugged(this.options);
    if (this.#stopped) return;
    const before = new Set(this.#present.map(key));
    const now = new Set(devices.map(key));
    this.#present = devices;
    if (this.#baseline === null) {
      this.#baseline = now;
      return;
    }
    if (before.size !== now.size || [...now].some((k) => !before.has(k))) this.emit('change', devices);
  }

  #schedule(): void {
    if (this.#stopped || this.#timer || !this.options.active()) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.poll();
    }, this.options.intervalMs);
    this.#timer.unref();
  }
}

const key = (d: Pick<PluggedDevice, 'bus' | 'path'> & Partial<PluggedDevice>) =>
  [d.bus, d.path, d.vendorId, d.productId, d.serialNumber].join(':');
