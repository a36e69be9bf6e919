// What a kiosk tells the server only for notifications, end to end over real parts: a real kiosk station
// (its own SQLite file) checks visitors in through the dispatcher and syncs over HTTP; the sync server's
// notification service reaches security and hosts through a real SMTP server. A watchlist hit becomes
// a security alert (the visitor hears only "see reception"); a photo taken at the kiosk is inline in the
// host's arrival e-mail and nowhere else.
import { existsSync, readFileSync } from 'node:fs';
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
    // An admin reading the message through the admin API is an export of personal data: audited by ids.
    const read = await world.admin('GET', `/admin/notify/messages/${inapp[0]!.id}`);
    expect(JSON.stringify(read.body)).toContain('Grace Hopper');
    const audit = (await world.store.adminAudit()).filter((e) => e.action === 'notify.messageRead');
    expect(audit.map((e) => e.details)).toEqual([
      expect.objectContaining({
        messageId: inapp[0]!.id,
        event: 'visitor.arrived',
        rows: 1,
        by: 'admin token',
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain('Grace');
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

describe('what the server keeps of notices (issue #15)', () => {
  it('forgets the photo, the pass token and the visitor’s address once sent, and stations still converge', async () => {
    await world.admin('PUT', `/admin/notify/hosts/${site.hostIds[0]}`, { channels: ['email'] });
    const done = await arrive('Grace Purgewell', site.typeIds[0]!, PHOTO);
    if (done.outcome !== 'checked_in') throw new Error(done.outcome);
    const address = 'grace.purgewell@example.test';
    expect(
      await visitor.kiosk.emailPass({ passToken: done.passToken, email: address, language: 'en' }),
    ).toMatchObject({ queued: true });
    await kiosk.sync.syncNow();
    await until(() => smtp.mails.find((m) => m.to[0] === address), 'the pass e-mail');
    const arrival = await until(
      () => smtp.mails.find((m) => m.to[0] === 'hana@example.test'),
      'the arrival e-mail',
    );
    expect(arrival.inline.get('visitor-photo')).toBeDefined();
    await world.server.notify!.tick();

    // A copy of the server's database and WAL, as a thief or a backup would take it.
    const file = world.store.db.$client.name;
    const copy = ['', '-wal']
      .filter((suffix) => existsSync(file + suffix))
      .map((suffix) => readFileSync(file + suffix).toString('latin1'))
      .join('\n');
    const photoBytes = PHOTO.split(',')[1]!;
    expect(copy).not.toContain(photoBytes);
    expect(copy).not.toContain(done.passToken);
    expect(copy).not.toContain(address);
    expect(copy).toContain('Grace Purgewell'); // the visitor's record stays until retention: the check can see
    // The notices stay as tombstones in the log, in sequence; the messages as rows without their bodies.
    const notices = world.store.db.$client
      .prepare(
        "SELECT type, payload FROM ops WHERE type IN ('pass.email', 'visit.photo') ORDER BY server_seq",
      )
      .all();
    expect(notices).toEqual([
      { type: 'visit.photo', payload: '{}' },
      { type: 'pass.email', payload: '{}' },
    ]);
    const sent = await world.server.notify!.store.messages({ siteId: site.siteId });
    expect(sent.map((m) => [m.event, m.status, m.content])).toEqual(
      expect.arrayContaining([
        ['visitor.arrived', 'sent', { purged: true }],
        ['pass.email', 'sent', { purged: true }],
      ]),
    );

    // A desk enrolled now pulls the whole log past the tombstones and has the visit the kiosk made.
    const desk = await enrolledStation(world, site.siteId, 'desk');
    try {
      await desk.sync.syncNow();
      const row = desk.station.core.db.$client
        .prepare('SELECT p.name FROM visits v JOIN visitors p ON p.id = v.visitor_id')
        .all();
      expect(row).toEqual([{ name: 'Grace Purgewell' }]);
      // And the kiosk goes on syncing: a second visitor reaches the server.
      expect((await arrive('Alan Later', site.typeIds[0]!)).outcome).toBe('checked_in');
      await kiosk.sync.syncNow();
      await desk.sync.syncNow();
      expect(desk.station.core.db.$client.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({
        n: 2,
      });
    } finally {
      await desk.close();
    }
  });
});
