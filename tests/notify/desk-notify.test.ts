// The desk's notify.* methods through the dispatcher, over real parts: a real desk station (its own SQLite
// file) enrolled with a real sync server over HTTP; the server's notifications come from ops a kiosk
// pushes. Each caller sees only their own in-app notifications; reception sees hosts to call; a signed-in
// host delegates their approvals through the server; bad input changes nothing; every change is audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { staffRepo } from '../../src/db/repos/directory';
import type { Client } from '../../src/shared/client';
import { as, tempStation } from '../support/station';
import {
  enrolledStation,
  rawStation,
  seedSite,
  startWorld,
  until,
  type NotifyWorld,
} from '../support/notify';

let world: NotifyWorld;
let desk: Awaited<ReturnType<typeof enrolledStation>>;
let site: Awaited<ReturnType<typeof seedSite>>;
let host: Client;
let reception: Client;
let security: Client;

beforeEach(async () => {
  world = await startWorld({ secret: 'desk-notify-secret-0123456789abcdef', intervalMs: 50 });
  site = await seedSite(world, {
    hosts: [{ name: 'Hana Ito' }, { name: 'Ken Mori' }],
    types: [{ name: 'Guest', requiresApproval: false }],
  });
  await world.admin('PUT', `/admin/notify/hosts/${site.hostIds[0]}`, { channels: ['inapp'] });
  desk = await enrolledStation(world, site.siteId, 'desk');
  // Hana signs in at this desk as a host: a local staff account linked to her synced host record.
  const db = desk.station.core.db;
  const userId = newId();
  const at = new Date().toISOString();
  staffRepo.insert(db, {
    id: userId,
    siteId: site.siteId,
    name: 'Hana Ito',
    login: 'hana',
    role: 'host',
    createdAt: at,
    updatedAt: at,
  });
  db.$client.prepare('UPDATE hosts SET staff_user_id = ? WHERE id = ?').run(userId, site.hostIds[0]);
  host = desk.station.client(as('host', userId));
  reception = desk.station.client(as('reception'));
  security = desk.station.client(as('security'));
});
afterEach(async () => {
  await desk.close();
  await world.close();
});

const auditActions = () =>
  desk.station.core.db.$client
    .prepare("SELECT action FROM audit_entries WHERE action LIKE 'notify.%' AND outcome = 'ok' ORDER BY seq")
    .pluck()
    .all();

/** Ada arrives for Hana, whose only channel is in-app: Hana is told, and reception must call her. */
async function adaArrives() {
  const kiosk = await rawStation(world, site.siteId);
  await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada Lovelace' }, 'checked_in');
  await until(async () => (await reception.notify.inbox({})).items.length === 2, 'the desk inbox');
}

describe('the bell', () => {
  it('shows each caller their own notifications and marks one read, audited', async () => {
    await adaArrives();
    const mine = await host.notify.inbox({});
    expect(mine).toMatchObject({ available: true, unread: 1 });
    expect(mine.items.map((i) => i.subject)).toEqual(['Your visitor Ada Lovelace has arrived']);
    expect((await reception.notify.inbox({})).items.map((i) => i.subject).sort()).toEqual([
      'Please call Hana Ito',
      'Your visitor Ada Lovelace has arrived',
    ]);
    expect((await security.notify.inbox({})).items).toEqual([]);

    // A host cannot mark reception's notification, and nothing changes.
    const receptions = (await reception.notify.inbox({})).items.find((i) => i.subject.startsWith('Please'))!;
    await expect(host.notify.markRead({ id: receptions.id })).rejects.toMatchObject({ code: 'not_found' });
    expect((await reception.notify.inbox({})).unread).toBe(2);
    expect(auditActions()).toEqual([]);

    const after = await host.notify.markRead({ id: mine.items[0]!.id });
    expect(after.unread).toBe(0);
    expect(after.items[0]!.readAt).not.toBeNull();
    expect((await reception.notify.inbox({})).unread).toBe(1);
    expect(auditActions()).toEqual(['notify.markRead']);
  });

  it('keeps security’s watchlist alerts from reception’s bell', async () => {
    const kiosk = await rawStation(world, site.siteId);
    await kiosk.push([
      {
        type: 'alert.watchlist',
        entityId: newId(),
        payload: { visitId: null, name: 'Victor Vilain', level: 'deny' },
      },
    ]);
    const alert = await until(async () => (await security.notify.inbox({})).items[0], 'the security alert');
    expect(alert.subject).toBe('Watchlist alert at Harbour House');
    expect((await reception.notify.inbox({})).items).toEqual([]);
  });

  it('lists the hosts reception must call, by name, to reception only', async () => {
    await adaArrives();
    expect(await reception.notify.hostFlags({})).toEqual({
      available: true,
      flags: [
        expect.objectContaining({ hostId: site.hostIds[0], hostName: 'Hana Ito', reason: 'no_channel' }),
      ],
    });
    await expect(host.notify.hostFlags({})).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('says notifications are unavailable on a station without a sync server', async () => {
    const alone = await tempStation();
    try {
      expect(await alone.client(as('reception')).notify.inbox({})).toEqual({
        available: false,
        unread: 0,
        items: [],
      });
    } finally {
      await alone.dispose();
    }
  });
});

describe('host self-service delegation', () => {
  it('sends a signed-in host’s approvals to a colleague for a period, through the server, audited', async () => {
    const from = new Date();
    const until = new Date(from.getTime() + 2 * 60 * 60_000);
    const created = await host.notify.delegate({
      delegateHostId: site.hostIds[1]!,
      from: from.toISOString(),
      until: until.toISOString(),
    });
    expect(created).toMatchObject({
      delegateHostId: site.hostIds[1],
      delegateName: 'Ken Mori',
      untilAt: until.toISOString(),
    });
    const stored = await world.server.notify!.store.delegations(site.hostIds[0]!);
    expect(stored).toEqual([expect.objectContaining({ id: created.id, delegateHostId: site.hostIds[1] })]);
    expect(auditActions()).toEqual(['notify.delegate']);
  });

  it('refuses a period that ends before it starts, or delegating to oneself, and changes nothing', async () => {
    const now = Date.now();
    await expect(
      host.notify.delegate({
        delegateHostId: site.hostIds[1]!,
        from: new Date(now).toISOString(),
        until: new Date(now - 60_000).toISOString(),
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', fields: { until: expect.anything() } });
    await expect(
      host.notify.delegate({
        delegateHostId: site.hostIds[0]!,
        from: new Date(now).toISOString(),
        until: new Date(now + 60_000).toISOString(),
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', fields: { delegateHostId: expect.anything() } });
    await expect(
      reception.notify.delegate({
        delegateHostId: site.hostIds[1]!,
        from: new Date(now).toISOString(),
        until: new Date(now + 60_000).toISOString(),
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(await world.server.notify!.store.delegations(site.hostIds[0]!)).toEqual([]);
    expect(auditActions()).toEqual([]);
  });
});
