// Retention (issue #15): visits older than the site's retentionDays are anonymised by the desk's nightly
// job, on every station of the site and at the server, through an anonymise op no older or newer op can
// undo; visits inside the period are left alone; the name leaves the database files, and the kiosk's
// photo leaves its disk. Real stations, a real sync server, an injected clock (never a calendar date).
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { outboxRepo } from '../../src/db/repos/outbox';
import { anonymousVisitorId } from '../../src/db/repos/privacy';
import type { Station } from '../../src/main/station';
import { decryptedDatabaseBytes } from '../support/station-file';
import { STATION_CALLER } from '../../src/main/core/context';
import { judgeOp } from '../../src/server/rules';
import { applyAll, rowOf, type MergeOp } from '../../src/shared/merge';
import { SYNC_SCHEMA_VERSION } from '../../src/shared/sync';
import { as } from '../support/station';
import { enrolledStations, syncedUntil } from '../support/sync/enrolled';
import { serverRow as entityRow, useSyncServer } from '../support/sync/server';

const ADMIN = 'test-admin-token';
const server = useSyncServer('retention', ADMIN);
const { site, station, pushed } = enrolledStations(server, ADMIN);

const DAY = 86_400_000;
/** The test's own epoch, well behind the server's clock (ops from the future would be quarantined). */
const T0 = Date.now() - 500 * DAY;

const OLD_NAME = 'Zebedee Quartermaine';
const RECENT_NAME = 'Philippa Recentworth';

function photoPng(): string {
  const png = new PNG({ width: 16, height: 16 });
  png.data.fill(200);
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

const row = (s: Station, q: string, ...args: unknown[]) =>
  s.core.db.$client.prepare(q).get(...args) as Record<string, unknown> | undefined;

const serverRow = (kind: string, id: string) => entityRow(server, kind, id);

/** The bytes of the sync server's database and WAL, lower-cased. */
const serverFileText = () =>
  ['', '-wal']
    .map((suffix) => server.store.db.$client.name + suffix)
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1').toLowerCase())
    .join('\n');

/**
 * The bytes of a station's database and WAL, every page decrypted (the database is encrypted: this is what
 * is left for someone who has the key too), lower-cased: the search index keeps names lower-cased.
 */
const fileText = (s: Station) =>
  decryptedDatabaseBytes(path.dirname(s.core.db.$client.name)).toString('latin1').toLowerCase();

describe('who may anonymise', () => {
  it('a kiosk or gate credential may not push an anonymise op; a desk may', () => {
    const op = (type: string) => ({
      opId: 'op-1',
      stationId: 'st-1',
      stationSeq: 1,
      type,
      entityId: 'v-1',
      siteId: 'site-a',
      payload: { anonymisedAt: new Date(T0).toISOString() },
      occurredAt: new Date(T0).toISOString(),
      schemaVersion: SYNC_SCHEMA_VERSION,
    });
    const now = new Date(T0);
    for (const role of ['kiosk', 'gate'] as const)
      for (const type of ['visit.anonymise', 'visitor.anonymise'])
        expect(judgeOp(op(type), { id: 'st-1', siteId: 'site-a', role }, undefined, now)).toMatchObject({
          action: 'reject',
          reason: 'forbidden_role',
        });
    expect(
      judgeOp(op('visit.anonymise'), { id: 'st-1', siteId: 'site-a', role: 'desk' }, undefined, now),
    ).toEqual({ action: 'apply', kind: 'visit', siteId: 'site-a' });
  });

  it('an enrolled kiosk refuses to run retention itself and changes nothing', async () => {
    const harbour = await site('Harbour');
    const kiosk = await station(harbour, 'kiosk');
    await expect(kiosk.dispatcher.call('privacy.runRetention', {}, STATION_CALLER)).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(outboxRepo.count(kiosk.core.db)).toBe(0);
    expect(await kiosk.client(as('admin')).privacy.retentionStatus({})).toMatchObject({
      runsElsewhere: 'not_a_desk',
      nextRunAt: null,
    });
    // Staff other than admins do not see it; the person at the kiosk even less.
    for (const role of ['reception', 'security', 'host', 'visitor'] as const)
      await expect(kiosk.client(as(role)).privacy.retentionStatus({})).rejects.toMatchObject({
        code: 'forbidden',
      });
  });
});

describe('the anonymise op wins in any order', () => {
  const VISITOR = 'visitor-1';
  const upsert = (name: string, minute: number): MergeOp => ({
    type: 'visitor.upsert',
    entityId: VISITOR,
    siteId: 'site-a',
    occurredAt: new Date(T0 + minute * 60_000).toISOString(),
    payload: {
      name,
      searchName: name.toLowerCase(),
      email: 'z@example.com',
      createdAt: new Date(T0).toISOString(),
      anonymisedAt: null, // a full row carries it: only the anonymise op anonymises
    },
  });
  const anonymiseOp: MergeOp = {
    type: 'visitor.anonymise',
    entityId: VISITOR,
    siteId: 'site-a',
    occurredAt: new Date(T0 + 400 * DAY).toISOString(),
    payload: { anonymisedAt: new Date(T0 + 400 * DAY).toISOString() },
  };

  it('no visitor op before or after it, applied once or twice, brings the name back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        (minutes, at, twice) => {
          const ops = minutes.map((m, i) => upsert(`${OLD_NAME} ${i}`, m));
          ops.splice(Math.min(at, ops.length), 0, anonymiseOp);
          const versioned = ops.map((op, i) => ({ op, version: i + 1 }));
          const shuffled = [...versioned].reverse();
          for (const order of [versioned, shuffled]) {
            const state = applyAll(undefined, twice ? [...order, ...order] : order)!;
            expect(JSON.stringify(state)).not.toContain('Zebedee');
            expect(JSON.stringify(state)).not.toContain('z@example.com');
            expect(rowOf(state)).toMatchObject({
              name: '',
              email: null,
              anonymisedAt: anonymiseOp.occurredAt,
            });
          }
        },
      ),
    );
  });
});

/**
 * A desk and a kiosk of a new site, with a visitor type (photo optional) and a host made at the desk and
 * synced to the kiosk.
 */
async function deskAndKiosk(now?: () => Date) {
  const harbour = await site('Harbour');
  const desk = await station(harbour, 'desk', now ? { now } : {});
  const kiosk = await station(harbour, 'kiosk', now ? { now } : {});
  const admin = desk.client(as('admin'));
  const type = await admin.visitorTypes.save({
    names: { en: 'Visitor' },
    color: '#225588',
    photo: 'optional',
    requiresId: false,
    requiresApproval: false,
    customFields: [],
  });
  const host = await admin.hosts.save({ name: 'Ana Ruiz', email: null, phone: null, department: null });
  await pushed(desk);
  await syncedUntil(
    kiosk,
    () => kiosk.client(as('admin')).hosts.list({}),
    (v) => v.hosts.length === 1,
    'the host at the kiosk',
  );
  return { harbour, desk, kiosk, admin, type, host };
}

describe('retention across stations and the server', () => {
  it('anonymises a visit older than retention on the desk, the kiosk and the server, for good, and keeps a recent one', async () => {
    let clock = T0;
    const now = () => new Date(clock);
    const { harbour, desk, kiosk, admin, type, host } = await deskAndKiosk(now);
    const walkIn = async (name: string) => {
      const answer = await kiosk.client(as('visitor')).kiosk.checkIn({
        visitorTypeId: type.id,
        language: 'en',
        visitor: {
          name,
          company: `${name.split(' ')[1]!} Haulage`,
          email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
        },
        hostId: host.id,
        customFields: {},
        signatures: [],
        photo: photoPng(),
      });
      expect(answer.outcome).toBe('checked_in');
      const visit = row(
        kiosk,
        'SELECT v.id, v.visitor_id AS visitorId FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = ?',
        name,
      ) as {
        id: string;
        visitorId: string;
      };
      await kiosk.client(as('reception')).visits.checkOut({ visitId: visit.id });
      return visit;
    };
    const old = await walkIn(OLD_NAME);
    clock = T0 + 300 * DAY;
    const recent = await walkIn(RECENT_NAME);
    const kioskDir = path.dirname(kiosk.core.db.$client.name);
    expect(existsSync(path.join(kioskDir, 'visits', old.id))).toBe(true);
    await pushed(kiosk);
    await syncedUntil(
      desk,
      () => row(desk, 'SELECT count(*) AS n FROM visits'),
      (r) => r?.n === 2,
      'both visits at the desk',
    );
    const before = row(
      desk,
      'SELECT status, checked_in_at, host_id, visitor_type_id FROM visits WHERE id = ?',
      old.id,
    );

    // 400 days after the first visit, the desk's nightly job runs (default retention: 365 days).
    clock = T0 + 400 * DAY;
    expect(await admin.privacy.retentionStatus({})).toMatchObject({
      retentionDays: 365,
      dueVisits: 1,
      runsElsewhere: null,
    });
    await desk.scheduler.reschedule();
    await pushed(desk);
    await syncedUntil(
      kiosk,
      () => row(kiosk, 'SELECT anonymised_at FROM visits WHERE id = ?', old.id),
      (r) => r?.anonymised_at != null,
      'the anonymised visit at the kiosk',
    );

    const anonymous = anonymousVisitorId(harbour);
    for (const s of [desk, kiosk]) {
      // The visit still counts, with its times, host, type and outcome; it names nobody.
      expect(
        row(s, 'SELECT status, checked_in_at, host_id, visitor_type_id FROM visits WHERE id = ?', old.id),
      ).toEqual(before);
      expect(row(s, 'SELECT visitor_id FROM visits WHERE id = ?', old.id)).toEqual({ visitor_id: anonymous });
      expect(
        row(s, 'SELECT name, company, email, photo_path FROM visitors WHERE id = ?', old.visitorId),
      ).toEqual({
        name: '',
        company: null,
        email: null,
        photo_path: null,
      });
      // The recent visit keeps its visitor.
      expect(
        row(
          s,
          'SELECT p.name FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE v.id = ?',
          recent.id,
        ),
      ).toEqual({
        name: RECENT_NAME,
      });
      const search = await s.client(as('admin')).visits.search({ query: 'Zebedee' });
      expect(search.visits).toEqual([]);
      expect((await s.client(as('admin')).visits.search({ query: 'Philippa' })).visits).toHaveLength(1);
    }
    expect(serverRow('visitor', old.visitorId)).toMatchObject({ name: '', email: null, company: null });
    expect(serverRow('visit', old.id)).toMatchObject({ visitorId: anonymous, status: 'checked_out' });
    expect(serverRow('visitor', recent.visitorId)).toMatchObject({ name: RECENT_NAME });
    // The kiosk's photo of the visitor is gone from its disk; the recent one's stays.
    expect(existsSync(path.join(kioskDir, 'visits', old.id))).toBe(false);
    expect(existsSync(path.join(kioskDir, 'visits', recent.id))).toBe(true);

    // An older change to the visitor, queued at the kiosk while it was offline, arrives after: it is merged
    // everywhere and the name stays gone.
    kiosk.core.db.$client.transaction(() => {
      outboxRepo.append(kiosk.core.db, {
        stationId: kiosk.core.stationId,
        type: 'visitor.upsert',
        entityId: old.visitorId,
        payload: { name: OLD_NAME, searchName: 'zebedee quartermaine', email: 'zebedee@example.com' },
        occurredAt: new Date(T0 + DAY).toISOString(),
      });
      outboxRepo.append(kiosk.core.db, {
        stationId: kiosk.core.stationId,
        type: 'visit.update',
        entityId: old.id,
        payload: { notes: `${OLD_NAME} left his umbrella` },
        occurredAt: new Date(T0 + DAY).toISOString(),
      });
    })();
    await pushed(kiosk);
    await syncedUntil(
      desk,
      () => desk.sync.status().waiting,
      (n) => n === 0,
      'the desk to pull',
    );
    for (const s of [desk, kiosk]) {
      expect(row(s, 'SELECT name, email FROM visitors WHERE id = ?', old.visitorId)).toEqual({
        name: '',
        email: null,
      });
      expect(row(s, 'SELECT notes, visitor_id FROM visits WHERE id = ?', old.id)).toEqual({
        notes: null,
        visitor_id: anonymous,
      });
    }
    expect(serverRow('visitor', old.visitorId)).toMatchObject({ name: '', email: null });
    expect(serverRow('visit', old.id)).toMatchObject({ notes: null });
    // The server's op log keeps no more than its state: the ops before and after no longer name him.
    const log = JSON.stringify(server.store.db.$client.prepare('SELECT payload FROM ops').all());
    expect(log).not.toContain('Zebedee');
    expect(log).not.toContain('zebedee');
    expect(log).toContain(RECENT_NAME);

    // The nightly job compacts each file: the name is not in the database or its WAL, at the desk (which
    // anonymised) or the kiosk (which was told to).
    clock = T0 + 402 * DAY; // a day and more: the nightly time has come round again
    await desk.scheduler.reschedule();
    await kiosk.scheduler.reschedule();
    for (const s of [desk, kiosk]) {
      const text = fileText(s);
      expect(text).not.toContain('zebedee');
      expect(text).not.toContain('quartermaine');
      expect(text).toContain('philippa'); // the check can find a name that is there
    }
    // And the server's copies: its database file and WAL (state, log, free pages) no longer name him.
    const atServer = serverFileText();
    expect(atServer).not.toContain('zebedee');
    expect(atServer).not.toContain('quartermaine');
    expect(atServer).toContain('philippa');
    expect(await admin.privacy.retentionStatus({})).toMatchObject({
      dueVisits: 0,
      lastRun: { at: new Date(clock).toISOString() },
    });
  });

  it('a person erased at the desk is gone from the kiosk that took their photo and from the server', async () => {
    const { desk, kiosk, admin, type, host } = await deskAndKiosk();
    const done = await kiosk.client(as('visitor')).kiosk.checkIn({
      visitorTypeId: type.id,
      language: 'en',
      visitor: { name: OLD_NAME, email: 'zebedee@example.com' },
      hostId: host.id,
      customFields: {},
      signatures: [],
      photo: photoPng(),
    });
    if (done.outcome !== 'checked_in') throw new Error(done.outcome);
    // The visitor asks for their pass by e-mail: a notice the server keeps until it is purged.
    await kiosk
      .client(as('visitor'))
      .kiosk.emailPass({ passToken: done.passToken, email: 'zebedee@example.com', language: 'en' });
    await pushed(kiosk);
    expect(serverFileText()).toContain('quartermaine'); // the check can see the name while it is there
    const [found] = (
      await syncedUntil(
        desk,
        () => admin.privacy.findPerson({ query: 'zebedee@example.com' }),
        (v) => v.people.length === 1,
        'the visitor at the desk',
      )
    ).people;
    const visitId = row(kiosk, 'SELECT id FROM visits WHERE visitor_id = ?', found!.visitorId)!.id as string;
    const kioskDir = path.dirname(kiosk.core.db.$client.name);
    expect(existsSync(path.join(kioskDir, 'visits', visitId))).toBe(true);

    await admin.privacy.erasePerson({ visitorId: found!.visitorId });
    await pushed(desk);
    await syncedUntil(
      kiosk,
      () => row(kiosk, 'SELECT name FROM visitors WHERE id = ?', found!.visitorId),
      (r) => r?.name === '',
      'the erasure at the kiosk',
    );
    expect((await kiosk.client(as('admin')).visits.search({ query: 'Zebedee' })).visits).toEqual([]);
    expect(existsSync(path.join(kioskDir, 'visits', visitId))).toBe(false);
    expect(serverRow('visitor', found!.visitorId)).toMatchObject({ name: '', email: null });
    expect(JSON.stringify(server.store.db.$client.prepare('SELECT payload FROM ops').all())).not.toContain(
      'Zebedee',
    ); // Nothing of them is left in the server's database file or its WAL: not in its state, its log, the
    // pass e-mail notice keyed by the pass, or the free pages the old values were in.
    const text = serverFileText();
    expect(text).not.toContain('zebedee');
    expect(text).not.toContain('quartermaine');
  });
});
