// HidLink at its seam: a fake HID device object stands in for node-hid (a real one cannot exist here),
// and fake timers make the backoff between reconnect attempts exact.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceDisconnectedError, type DeviceStatus } from './device';
import type { HidTransport, HidTransportEvents } from './hid';
import { HidLink } from './hid-link';

/** One opened handle, as node-hid returns a new one on every open. */
class FakeHandle extends EventEmitter<HidTransportEvents> implements HidTransport {
  closed = false;
  readonly writes: Uint8Array[] = [];
  async write(data: Uint8Array): Promise<void> {
    this.writes.push(data);
  }
  async sendFeatureReport(): Promise<void> {}
  async getFeatureReport(reportId: number, length: number): Promise<Uint8Array> {
    return new Uint8Array(length).fill(reportId);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

/** The USB device: present or not, and the times (fake clock) at which something tried to open it. */
class FakeHidDevice {
  present = true;
  readonly openedAt: number[] = [];
  readonly handles: FakeHandle[] = [];

  readonly open = async (): Promise<HidTransport> => {
    this.openedAt.push(Date.now());
    if (!this.present) throw new Error('could not open device');
    const handle = new FakeHandle();
    this.handles.push(handle);
    return handle;
  };

  get handle(): FakeHandle {
    return this.handles.at(-1)!;
  }

  /** Pulled out: the open handle reports a read error, and opening fails until it is back. */
  vanish(): void {
    this.present = false;
    this.handle.emit('error', new Error('could not read from HID device'));
  }
}

function record(link: HidLink) {
  const statuses: Omit<DeviceStatus, 'lastSeen'>[] = [];
  const reports: number[][] = [];
  let opens = 0;
  link.on('status', (s) => statuses.push(s));
  link.on('data', (report) => reports.push([...report]));
  link.on('open', () => opens++);
  return { statuses, reports, opens: () => opens };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('HidLink', () => {
  it('reconnects with backoff when the device vanishes, and reads resume when it is back', async () => {
    const device = new FakeHidDevice();
    const link = new HidLink({
      open: device.open,
      name: 'test scanner',
      reconnectInitialMs: 100,
      reconnectMaxMs: 400,
    });
    const seen = record(link);
    await link.open();
    expect(link.connected).toBe(true);
    expect(seen.opens()).toBe(1);
    device.handle.emit('data', Uint8Array.of(1));
    expect(seen.reports).toEqual([[1]]);

    const first = device.handle;
    device.vanish();
    expect(link.connected).toBe(false);
    expect(first.closed).toBe(true);
    expect(seen.statuses.at(-1)).toEqual({
      connected: false,
      lastError: 'test scanner disconnected: could not read from HID device',
    });
    await expect(link.write(Uint8Array.of(0))).rejects.toThrow(DeviceDisconnectedError);

    // 100 ms, then doubling: 200, 400, and capped at 400.
    await vi.advanceTimersByTimeAsync(1_100);
    expect(device.openedAt).toEqual([0, 100, 300, 700, 1_100]);
    expect(seen.statuses.at(-1)).toEqual({
      connected: false,
      lastError: 'cannot open test scanner: could not open device',
    });

    device.present = true;
    await vi.advanceTimersByTimeAsync(400);
    expect(device.openedAt.at(-1)).toBe(1_500);
    expect(link.connected).toBe(true);
    expect(seen.opens()).toBe(2);
    // The last error stays for the desk to read; only connectivity changed.
    expect(seen.statuses.at(-1)).toEqual({
      connected: true,
      lastError: 'cannot open test scanner: could not open device',
    });
    first.emit('data', Uint8Array.of(9)); // a stale handle is not listened to any more
    device.handle.emit('data', Uint8Array.of(2));
    expect(seen.reports).toEqual([[1], [2]]);
    await link.write(Uint8Array.of(0, 7));
    expect(device.handle.writes).toEqual([Uint8Array.of(0, 7)]);

    // A good connection resets the backoff: the next loss retries after the first delay again.
    device.vanish();
    await vi.advanceTimersByTimeAsync(100);
    expect(device.openedAt.at(-1)).toBe(1_600);
    await link.close();
  });

  it('stops retrying once closed', async () => {
    const device = new FakeHidDevice();
    device.present = false;
    const link = new HidLink({ open: device.open, name: 'test relay', reconnectInitialMs: 100 });
    await link.open();
    expect(link.connected).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(device.openedAt).toEqual([0, 100]);

    await link.close();
    device.present = true;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(device.openedAt).toEqual([0, 100]);
    expect(link.connected).toBe(false);
  });

  it('closes a connected device on close, and ignores its errors afterwards', async () => {
    const device = new FakeHidDevice();
    const link = new HidLink({ open: device.open, name: 'test relay', reconnectInitialMs: 100 });
    const seen = record(link);
    await link.open();
    await link.close();
    expect(device.handle.closed).toBe(true);
    expect(seen.statuses.at(-1)).toEqual({ connected: false, lastError: null });

    device.vanish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(device.openedAt).toEqual([0]);
    expect(seen.statuses.at(-1)).toEqual({ connected: false, lastError: null });
  });

  it('treats a failed setup as a failed open: the handle is released and the device retried', async () => {
    const device = new FakeHidDevice();
    let failures = 1;
    const link = new HidLink({
      open: device.open,
      name: 'test relay',
      reconnectInitialMs: 100,
      setup: async () => {
        if (failures-- > 0) throw new Error('no state report');
      },
    });
    const seen = record(link);
    await link.open();
    expect(link.connected).toBe(false);
    expect(device.handles[0]!.closed).toBe(true);
    expect(seen.statuses).toEqual([
      { connected: false, lastError: 'cannot open test relay: no state report' },
    ]);
    expect(seen.opens()).toBe(0);

    await vi.advanceTimersByTimeAsync(100);
    expect(link.connected).toBe(true);
    expect(seen.opens()).toBe(1);
    expect(device.handles).toHaveLength(2);
    expect(device.handle.closed).toBe(false);
    await link.close();
  });
});
