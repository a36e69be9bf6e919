// Hot-plug in a real station: devices that appear after start-up are opened, a device configured by its
// USB ids is found at whatever path it is plugged in at (a replug often lands on another path), and the
// devices page's detection lists new arrivals. Serial devices are real socat ptys; their USB ids, which
// a pty cannot have, come from the listing seam. HID devices are simulated behind the transport seam.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  HidPosScannerSimulator,
  LcusRelaySimulator,
  SerialScannerSimulator,
  type HidDeviceInfo,
} from '../../drivers';
import { delay } from '../../drivers/common/device';
import { until } from '../../drivers/common/test-support';
import { useHardwareStation } from '../support/hardware-station';
import { as, type TestStation } from '../support/station';

const hex = (frames: Uint8Array[]) => frames.map((f) => Buffer.from(f).toString('hex'));
const ALL_OFF = 'a00100a1';
const CH340 = { vendorId: '1a86', productId: '7523' };

describe('hot-plug', () => {
  const hw = useHardwareStation({
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
    hotplugIntervalMs: 50,
  });
  const { events, cleanup, startWith } = hw;

  const health = (s: TestStation, id: string) => s.hardware.status().find((d) => d.id === id);
  /** The station said the set of plugged-in devices (or the configuration) changed. */
  const pluggedChanged = () =>
    events.some((e) => e.event === 'devices.changed' && (e.payload as { deviceId: null }).deviceId === null);

  it('opens a scanner whose configured path appears only after start-up', async () => {
    const path = `${hw.dir}/scanner`;
    expect(existsSync(path)).toBe(false);
    const s = await startWith({ scanners: [{ kind: 'serial', id: 'scanner-1', name: 'Lobby', path }] });
    await until(() => health(s, 'scanner-1')?.lastError?.includes('cannot open') === true);
    expect(health(s, 'scanner-1')?.connected).toBe(false);

    const scanner = await SerialScannerSimulator.start(path, `${hw.dir}/scanner-sim`);
    cleanup.push(() => scanner.close());
    await until(() => health(s, 'scanner-1')?.connected === true);
    await scanner.scan('GH1:LATE');
    await until(() => events.some((e) => e.event === 'scanner.read'));
    expect(events.find((e) => e.event === 'scanner.read')?.payload).toMatchObject({
      code: 'GH1:LATE',
      deviceId: 'scanner-1',
    });
  });

  it('finds an LCUS relay by its USB id at a new path, and again after a replug lands elsewhere', async () => {
    const relays: LcusRelaySimulator[] = [];
    // What serialport.list() would say: each plugged-in relay is a CH340 at its pty's path.
    const listSerialPorts = async () =>
      relays.filter((r) => r.plugged).map((r) => ({ path: r.devicePath, ...CH340, manufacturer: 'wch.cn' }));
    const s = await startWith(
      {
        relays: [{ kind: 'lcus', id: 'door', name: 'Door', path: `${hw.dir}/ttyUSB0`, usb: CH340 }],
      },
      { listSerialPorts, listHid: async () => [] },
    );
    await until(() => health(s, 'door')?.lastError?.includes('ttyUSB0') === true);
    expect(health(s, 'door')?.connected).toBe(false);
    await expect(s.hardware.pulseRelay('door')).resolves.toMatchObject({ ok: false });
    events.length = 0;

    const first = await LcusRelaySimulator.start(`${hw.dir}/ttyUSB1`, `${hw.dir}/sim1`);
    relays.push(first);
    cleanup.push(() => first.close());
    await until(() => health(s, 'door')?.connected === true && first.frames.length === 1);
    // Opened where it was found, switched off first as on every (re)connect, then pulses.
    expect(hex(first.frames)).toEqual([ALL_OFF]);
    await expect(s.hardware.pulseRelay('door')).resolves.toEqual({ ok: true, relayId: 'door' });
    expect(pluggedChanged()).toBe(true);

    await first.unplug();
    await until(() => health(s, 'door')?.connected === false);
    expect(health(s, 'door')?.lastError).toMatch(/ttyUSB1/);

    const second = await LcusRelaySimulator.start(`${hw.dir}/ttyUSB2`, `${hw.dir}/sim2`);
    relays.push(second);
    cleanup.push(() => second.close());
    await until(() => health(s, 'door')?.connected === true);
    await expect(s.hardware.pulseRelay('door')).resolves.toMatchObject({ ok: true });
    await until(() => second.frames.length === 3);
    expect(hex(second.frames)).toEqual([ALL_OFF, 'a00101a2', ALL_OFF]);
  });

  it('lists a device plugged in after the devices page looked as new, and one in use as not new', async () => {
    const plugged: Array<{ path: string; vendorId: string; productId: string }> = [
      { path: `${hw.dir}/ttyACM0`, vendorId: '05e0', productId: '1200' },
    ];
    const s = await startWith(
      { relays: [{ kind: 'lcus', id: 'door', name: 'Door', path: `${hw.dir}/ttyACM0` }] },
      { listSerialPorts: async () => plugged, listHid: async () => [] },
    );
    await until(() => health(s, 'door') !== undefined);
    const admin = s.client(as('admin'));
    const before = await admin.devices.detect();
    expect(before.serialPorts.map((p) => [p.path, p.isNew])).toEqual([[`${hw.dir}/ttyACM0`, false]]);

    plugged.push({ path: `${hw.dir}/ttyUSB0`, ...CH340 });
    // The page re-detects when the station says something was plugged in; here: until it is listed.
    let after = await admin.devices.detect();
    while (after.serialPorts.length < 2) {
      await delay(20);
      after = await admin.devices.detect();
    }
    expect(after.serialPorts).toContainEqual(
      expect.objectContaining({ path: `${hw.dir}/ttyUSB0`, isNew: true, suggested: 'lcus' }),
    );
    expect(after.serialPorts.find((p) => p.path.endsWith('ttyACM0'))?.isNew).toBe(false);
  });

  it('opens the HID POS scanner with the configured serial number, not its twin, wherever it appears', async () => {
    const twin = new HidPosScannerSimulator();
    const mine = new HidPosScannerSimulator();
    const ids = { vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c, usage: 0x02 };
    // The node-hid listing: path → device; replugging `mine` moves it to another hidraw node.
    const listed = new Map<string, { sim: HidPosScannerSimulator; info: HidDeviceInfo }>();
    const plug = (path: string, sim: HidPosScannerSimulator, serialNumber: string) => {
      sim.plugIn();
      listed.set(path, { sim, info: { path, serialNumber, ...ids } });
    };
    const unplug = (path: string) => {
      listed.get(path)?.sim.unplug();
      listed.delete(path);
    };
    plug('/dev/hidraw1', twin, 'SN-1');
    const s = await startWith(
      {
        scanners: [
          {
            kind: 'hid-pos',
            id: 'pos-1',
            name: 'Gate scanner',
            path: '/dev/hidraw0',
            usb: { vendorId: '0c2e', productId: '0b61', serialNumber: 'SN-2' },
          },
        ],
      },
      {
        listSerialPorts: async () => [],
        listHid: async () => [...listed.values()].map((d) => d.info),
        hidOpener: (path) => async () => {
          const device = listed.get(path);
          if (!device) throw new Error(`no HID device at ${path}`);
          return device.sim.opener();
        },
      },
    );
    await until(() => health(s, 'pos-1')?.lastError?.includes('/dev/hidraw0') === true);
    expect(health(s, 'pos-1')?.connected).toBe(false);

    plug('/dev/hidraw3', mine, 'SN-2');
    await until(() => health(s, 'pos-1')?.connected === true);
    twin.scan('NOT-MINE');
    mine.scan('GH1:MINE');
    await until(() => events.some((e) => e.event === 'scanner.read'));

    unplug('/dev/hidraw3');
    await until(() => health(s, 'pos-1')?.connected === false);
    plug('/dev/hidraw4', mine, 'SN-2');
    await until(() => health(s, 'pos-1')?.connected === true);
    mine.scan('GH1:AGAIN');
    await until(() => events.filter((e) => e.event === 'scanner.read').length === 2);

    const reads = events.filter((e) => e.event === 'scanner.read').map((e) => e.payload);
    expect(reads).toMatchObject([
      { code: 'GH1:MINE', source: 'hid-pos', deviceId: 'pos-1' },
      { code: 'GH1:AGAIN', source: 'hid-pos', deviceId: 'pos-1' },
    ]);
  });
});
