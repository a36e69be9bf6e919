// A site's shared device profile through sync (issue #16): a desk administrator shares the desk's devices,
// and a kiosk of the site with no devices of its own has them after one sync, each address found among
// what is plugged in at the kiosk (the profile leaves addresses out unless asked), audited as the station's
// own change. A kiosk of another site never sees it; a gate with its own setup is not overwritten, and its
// administrator applies the profile in one call. Two desks sharing converge on the last share in server
// order everywhere. Real stations, a real sync server on loopback.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Station } from '../../src/main/station';
import type { DevicesConfigInput } from '../../src/shared/devices';
import { newId } from '../../src/shared/ids';
import { as } from '../support/station';
import { enrolledStations, syncedUntil } from '../support/sync/enrolled';
import { syncRepo } from '../../src/db/repos/sync';
import { serverRow, useSyncServer } from '../support/sync/server';

const ADMIN = 'device-profile-admin-token';
const server = useSyncServer('device-profile', ADMIN);
const { site, station, pushed } = enrolledStations(server, ADMIN);

const HONEYWELL = { vendorId: '0c2e', productId: '0b61', serialNumber: 'DESK-SCANNER-1' };
const CH340 = { vendorId: '1a86', productId: '7523', serialNumber: null };

/** The desk's own devices: a USB scanner and relay, a CUPS badge printer and a network label printer. */
const DESK_DEVICES: DevicesConfigInput = {
  scanners: [
    {
      kind: 'serial',
      id: 'lobby-scanner',
      name: 'Lobby scanner',
      path: '/dev/ttyACM0',
      framing: 'crlf',
      usb: HONEYWELL,
    },
  ],
  relays: [
    {
      kind: 'lcus',
      id: 'door',
      name: 'Door',
      path: '/dev/ttyUSB0',
      channels: 2,
      channel: 2,
      pulseMs: 800,
      usb: CH340,
    },
  ],
  printers: [
    { kind: 'cups', id: 'badges', name: 'Badges', queue: 'PDF', size: 'label62' },
    { kind: 'zpl', id: 'labels', name: 'Labels', host: '10.1.2.3', port: 9101 },
  ],
  defaultPrinterId: 'badges',
};

const admin = (s: Station) => s.client(as('admin'));
const audits = (s: Station, action: string) =>
  (
    s.core.db.$client
      .prepare('SELECT role, details FROM audit_entries WHERE action = ? ORDER BY seq')
      .all(action) as { role: string; details: string }[]
  ).map((e) => ({ role: e.role, details: JSON.parse(e.details) as Record<string, unknown> }));

/** A desk of the site that has shared its devices as the site's profile (pushed to the server). */
async function deskSharing(siteId: string, includeAddresses: boolean) {
  const desk = await station(siteId, 'desk');
  await admin(desk).devices.configure(DESK_DEVICES);
  await admin(desk).devices.shareProfile({ includeAddresses });
  await pushed(desk);
  return desk;
}

describe("a site's shared device profile", () => {
  it('reaches a kiosk of the site with no devices, which adopts it with its own ports; not a kiosk of another site', async () => {
    const siteId = await site(`Harbour ${newId()}`);
    const other = await site(`Riverside ${newId()}`);
    // What is plugged in at the kiosk: the same models of scanner and relay, at the kiosk's own ports.
    const ports = path.join(server.dir, newId());
    const plugged = [
      { path: `${ports}/ttyACM3`, ...HONEYWELL, serialNumber: 'KIOSK-SCANNER-9', manufacturer: 'Honeywell' },
      {
        path: `${ports}/ttyUSB5`,
        vendorId: CH340.vendorId,
        productId: CH340.productId,
        manufacturer: 'wch.cn',
      },
    ];
    const kiosk = await station(siteId, 'kiosk', {
      hardware: { listSerialPorts: async () => plugged, listHid: async () => [] },
    });
    const elsewhere = await station(other, 'kiosk');
    expect((await admin(kiosk).devices.config({})).printers).toEqual([]);

    await deskSharing(siteId, false);

    const config = await syncedUntil(
      kiosk,
      () => admin(kiosk).devices.config({}),
      (c) => c.printers.length > 0,
      'the kiosk to adopt the profile',
    );
    expect(config).toEqual({
      scanners: [
        expect.objectContaining({
          id: 'lobby-scanner',
          path: `${ports}/ttyACM3`,
          framing: 'crlf',
          usb: { ...HONEYWELL, serialNumber: null },
        }),
      ],
      relays: [expect.objectContaining({ id: 'door', path: `${ports}/ttyUSB5`, channel: 2, pulseMs: 800 })],
      // The network printer's host is this desk's business: the kiosk is told to add it itself.
      printers: [expect.objectContaining({ id: 'badges', queue: 'PDF', size: 'label62' })],
      defaultPrinterId: 'badges',
    });
    const { profile, ownDevices } = await admin(kiosk).devices.siteProfile({});
    expect(ownDevices).toBe(true);
    expect(profile).toMatchObject({ siteId, includesAddresses: false });
    expect(profile?.devices.find((d) => d.id === 'labels')).toMatchObject({ kind: 'zpl', addressed: false });
    // The kiosk keeps the very row the server merged (what the checksum compares).
    expect(syncRepo.rows(kiosk.core.db, 'deviceProfile', siteId)).toEqual([
      serverRow(server, 'deviceProfile', siteId),
    ]);
    expect(audits(kiosk, 'devices.applyProfile')).toEqual([
      {
        role: 'station',
        details: expect.objectContaining({ automatic: true, replaced: false, devices: 3, unresolved: 1 }),
      },
    ]);

    await elsewhere.sync.client?.syncNow();
    expect(await admin(elsewhere).devices.siteProfile({})).toEqual({ profile: null, ownDevices: false });
    expect((await admin(elsewhere).devices.config({})).printers).toEqual([]);
  });

  it("never replaces a gate's own setup by itself; the gate's administrator applies it in one call", async () => {
    const siteId = await site(`Quay ${newId()}`);
    const gate = await station(siteId, 'gate');
    const own = await admin(gate).devices.configure({
      relays: [{ kind: 'lcus', id: 'turnstile', name: 'Turnstile', path: '/dev/ttyS7', pulseMs: 300 }],
    });

    await deskSharing(siteId, true);

    const offered = await syncedUntil(
      gate,
      () => admin(gate).devices.siteProfile({}),
      (p) => p.profile !== null,
      'the profile to reach the gate',
    );
    expect(offered).toMatchObject({ ownDevices: true, profile: { includesAddresses: true } });
    expect(await admin(gate).devices.config({})).toEqual(own);
    expect(audits(gate, 'devices.applyProfile')).toEqual([]);

    const applied = await admin(gate).devices.applyProfile({});
    expect(applied).toMatchObject({ applied: true, unresolved: [] });
    // With addresses included, the gate takes the desk's devices as they are, the network printer too.
    expect(await admin(gate).devices.config({})).toMatchObject({
      scanners: [{ id: 'lobby-scanner', path: '/dev/ttyACM0', usb: HONEYWELL }],
      relays: [{ id: 'door', path: '/dev/ttyUSB0', pulseMs: 800 }],
      printers: [{ id: 'badges' }, { id: 'labels', host: '10.1.2.3', port: 9101 }],
    });
    expect(audits(gate, 'devices.applyProfile')).toEqual([
      { role: 'admin', details: expect.objectContaining({ automatic: false, replaced: true, devices: 4 }) },
    ]);
  });

  it('converges on the last share in server order at every station; a kiosk that adopted one keeps it', async () => {
    const siteId = await site(`Dock ${newId()}`);
    const kiosk = await station(siteId, 'kiosk');
    const first = await deskSharing(siteId, true);
    await syncedUntil(
      kiosk,
      () => admin(kiosk).devices.config({}),
      (c) => c.printers.length === 2,
      'the kiosk to adopt the first profile',
    );

    const second = await station(siteId, 'desk');
    await admin(second).devices.configure({
      printers: [{ kind: 'cups', id: 'front', name: 'Front desk', queue: 'PDF', size: 'cr80' }],
    });
    await admin(second).devices.shareProfile({ includeAddresses: false });
    await pushed(second);

    const secondName = (await admin(second).station.status()).station.name;
    for (const s of [first, second, kiosk]) {
      const seen = await syncedUntil(
        s,
        () => admin(s).devices.siteProfile({}),
        (p) => p.profile?.sharedBy === secondName,
        "the second desk's profile to win",
      );
      expect(seen.profile?.devices.map((d) => d.id)).toEqual(['front']);
    }
    // The kiosk has devices now (the first profile's): the new one is offered there, never forced on it.
    expect((await admin(kiosk).devices.config({})).printers.map((p) => p.id)).toEqual(['badges', 'labels']);
    expect(audits(kiosk, 'devices.applyProfile')).toHaveLength(1);
  });
});
