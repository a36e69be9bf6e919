// What a kiosk tells the server only for notifications, end to end over real parts: a real kiosk station
// (its own SQLite file) checks visitors in through the dispatcher and syncs over HTTP; the sync server's
// notification service reaches security and hosts through a real SMTP server. A watchlist hit becomes
// a security alert (the visitor hears only "see reception"); a photo taken at the kiosk is inline in the
// host's arrival e-mail and nowhere else.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import type { Client } from '../../src/shared/client';
import type { PullResponse } from '../../src/shared/sync';
import { SYNC_PROTOCOL_VERSION } from '../../src/shared/sync';
import { as } from '../support/station';
import {
  enrolledStation,
  rawStation,
  seedSite,
  startSmtp,
  startWorld,
  until,
  walkIn,
  type NotifyWorld,
} from '../support/notify';

/** A 1×1 PNG, as the kiosk camera would send it (smaller, but the same kind of data URL). */
const PHOTO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let world: NotifyWorld;
let kiosk: Awaited<ReturnType<typeof enrolledStation>>;
let site: Awaited<ReturnType<typeof seedSite>>;
let visitor: Client;

beforeEach(async () => {
  smtp = await startSmtp();
  world = await startWorld({
    secret: 'kiosk-notices-secret-0123456789abcdef',
    smtp: smtp.smtp,
    intervalMs: 50,
  });
  site = await seedSite(world, {
    hosts: [{ name: 'Hana Ito', email: 'hana@example.test' }],
    types: [
      { name: 'Guest', requiresApproval: false },
      { name: 'Contractor', requiresApproval: true },
    ],
  });
  await world.admin('PUT', `/admin/notify/sites/${site.siteId}`, {
    security: [{ channel: 'email', address: 'security@example.test' }],
  });
  kiosk = await enrolledStation(world, site.siteId);
  visitor = kiosk.station.client(as('visitor'));
});
afterEach(async () => {
  await kiosk.close();
  await world.close();
  await smtp.close();
});

const arrive = (name: string, typeId: string, photo?: string) =>
  walkIn(visitor, { typeId, hostId: site.hostIds[0]!, name, photo });

async function watch(name: string, level: 'deny' | 'alert') {
  const authored = await world.admin('POST', '/admin/ops', {
    ops: [
      {
        type: 'watchlist.upsert',
        entityId: newId(),
        siteId: null,
        payload: { name, reason: 'Trespass order 2026-114', level, createdAt: new Date().toISOString() },
      },
    ],
  });
  expect(authored.status).toBe(200);
  await kiosk.sync.syncNow();
}

/** What another station of the site receives when it pulls everything. */
async function pulledByAnotherStation(): Promise<string[]> {
  const desk = await rawStation(world, site.siteId, 'desk');
  const response = await fetch(`${world.base}/sync/pull`, {
    method: 'POST',
    headers: { authorization: `Bearer ${desk.credential}`, 'content-type': 'application/json' },
    body: JSON.stringify({ protocolVersion: SYNC_PROTOCOL_VERSION, cursor: 0, limit: 1000 }),
  });
  return ((await response.json()) as PullResponse).ops.map((op) => op.type);
}

describe('kiosk watchlist hits', () => {
  it('alerts security through the server’s channels while the visitor hears only “see reception”', async () => {
    await watch('Victor Villain', 'deny');
    const outcome = await arrive('Victor Vilain', site.typeIds[1]!);
    expect(outcome).toEqual({ outcome: 'see_reception' });

    const alert = await until(
      () => smtp.mails.find((m) => m.to[0] === 'security@example.test'),
      'the security alert',
    );
    expect(alert.subject).toBe('Watchlist alert at Harbour House');
    expect(alert.text).toContain('Victor Vilain');
    expect(alert.text).toContain('Lobby kiosk, Harbour House');
    // The alert op is acknowledged like any other (nothing held at the kiosk) and stays at the server.
    expect((await kiosk.station.client(as('station')).sync.status()).held).toBe(0);
    expect(await pulledByAnotherStation()).not.toContain('alert.watchlist');
    // A deny match holds the visit for the desk: the host is not asked to approve it.
    await world.server.notify!.tick();
    expect(smtp.mails.filter((m) => m.to[0] === 'hana@example.test')).toEqual([]);
  });

  it('an alert match checks the visitor in and still alerts security', async () => {
    await watch('Ada Lovelace', 'alert');
    expect((await arrive('Ada Lovelace', site.typeIds[0]!)).outcome).toBe('checked_in');
    const alert = await until(
      () => smtp.mails.find((m) => m.to[0] === 'security@example.test'),
      'the security alert',
    );
    expect(alert.text).toContain('Ada Lovelace');
    await until(() => smtp.mails.find((m) => m.to[0] === 'hana@example.test'), 'the arrival e-mail');
  });
});

describe('photos in arrival e-mails', () => {
  it('puts the kiosk photo inline in the host’s arrival e-mail, and nowhere else', async () => {
    await world.admin('PUT', `/admin/notify/hosts/${site.hostIds[0]}`, { channels: ['email', 'inapp'] });
    expect((await arrive('Grace Hopper', site.typeIds[0]!, PHOTO)).outcome).toBe('checked_in');
    const mail = await until(
      () => smtp.mails.find((m) => m.to[0] === 'hana@example.test'),
      'the arrival e-mail',
    );
    expect(mail.html).toContain('src="cid:visitor-photo"');
    const photo = mail.inline.get('visitor-photo');
    expect(photo?.type).toBe('image/png');
    expect(photo?.bytes.toString('base64')).toBe(PHOTO.split(',')[1]);
    // The host's in-app copy carries no photo, and no other station receives it.
    const inapp = await world.server.notify!.store.messages({ channel: 'inapp', siteId: site.siteId });
    expect(inapp.map((m) => m.content.photo)).toEqual([undefined]);
    expect(await pulledByAnotherStation()).not.toContain('visit.photo');
  });

  it('sends the arrival e-mail without a photo when none was taken', async () => {
    expect((await arrive('Alan Turing', site.typeIds[0]!)).outcome).toBe('checked_in');
    const mail = await until(
      () => smtp.mails.find((m) => m.to[0] === 'hana@example.test'),
      'the arrival e-mail',
    );
    expect(mail.html).not.toContain('cid:visitor-photo');
    expect(mail.inline.size).toBe(0);
  });
});
