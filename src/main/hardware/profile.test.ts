// A shared device profile without addresses, placed on another machine: each device takes a port of the
// same model plugged in there, two identical scanners take two ports, and what cannot be found (a network
// printer's host, a scanner that is not plugged in) is named rather than guessed.
import { describe, expect, it } from 'vitest';
import type { DetectedDevices } from '../../shared/api/devices';
import { devicesConfigSchema, profileOf, type DevicesConfigInput } from '../../shared/devices';
import { fillAddresses } from './profile';

const HONEYWELL = { vendorId: '0c2e', productId: '0b61' };
const desk: DevicesConfigInput = {
  scanners: [
    { kind: 'serial', id: 'in', name: 'In', path: '/dev/ttyACM0', usb: { ...HONEYWELL, serialNumber: 'A1' } },
    {
      kind: 'serial',
      id: 'out',
      name: 'Out',
      path: '/dev/ttyACM1',
      usb: { ...HONEYWELL, serialNumber: 'A2' },
    },
    { kind: 'hid-pos', id: 'hid', name: 'HID', path: '/dev/hidraw0', usb: null },
  ],
  relays: [{ kind: 'usbrelay', id: 'door', name: 'Door', path: '/dev/hidraw1', pulseMs: 900, usb: null }],
  printers: [
    { kind: 'brother-ql', id: 'ql', name: 'QL', host: '10.0.0.9' },
    { kind: 'electron', id: 'sys', name: 'System' },
  ],
  defaultPrinterId: 'ql',
};
const config = devicesConfigSchema.parse(desk);

const port = (path: string, ids: { vendorId: string; productId: string } | null) => ({
  path,
  vendorId: ids?.vendorId ?? null,
  productId: ids?.productId ?? null,
  manufacturer: null,
  serialNumber: null,
  suggested: 'serial' as const,
  isNew: false,
});
const kiosk: DetectedDevices = {
  serialPorts: [port('/dev/ttyS0', null), port('/dev/ttyACM4', HONEYWELL), port('/dev/ttyACM5', HONEYWELL)],
  hidDevices: [
    {
      path: '/dev/hidraw3',
      vendorId: '16c0',
      productId: '05df',
      product: 'USBRelay2',
      serialNumber: null,
      suggested: 'usbrelay',
      isNew: false,
    },
  ],
  cupsQueues: [],
  problems: [],
};

describe('a device profile shared without addresses', () => {
  const profile = profileOf(config, false);

  it('keeps no path, host or USB serial number of the machine it came from', () => {
    const text = JSON.stringify(profile);
    for (const address of ['/dev/ttyACM0', '/dev/hidraw0', '/dev/hidraw1', '10.0.0.9', 'A1', 'A2'])
      expect(text).not.toContain(address);
    expect(profile.relays[0]).toMatchObject({ pulseMs: 900 });
  });

  it("takes this machine's ports by model, one device per port, and names what it cannot place", () => {
    const { config: filled, unresolved } = fillAddresses(profile, kiosk);
    expect(devicesConfigSchema.parse(filled)).toMatchObject({
      scanners: [
        { id: 'in', path: '/dev/ttyACM4' },
        { id: 'out', path: '/dev/ttyACM5' },
      ],
      relays: [{ id: 'door', path: '/dev/hidraw3', pulseMs: 900 }],
      printers: [{ id: 'sys' }],
      // The default printer was the one left out: the first printer is the default again.
      defaultPrinterId: null,
    });
    expect(unresolved).toEqual([
      { id: 'hid', name: 'HID', kind: 'hid-pos', type: 'scanner' },
      { id: 'ql', name: 'QL', kind: 'brother-ql', type: 'printer' },
    ]);
  });

  it('is taken as it is when the administrator included the addresses', () => {
    const { config: filled, unresolved } = fillAddresses(profileOf(config, true), kiosk);
    expect(unresolved).toEqual([]);
    expect(devicesConfigSchema.parse(filled)).toEqual(config);
  });
});
