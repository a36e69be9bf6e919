// Retention at the sync server itself (issue #15): a site whose desks no longer run the nightly job still
// has its personal data anonymised at the server once older than the site's retention (plus the grace the
// server leaves its desks), by the same anonymise ops a desk would author, and what an open incident or a
// legal hold covers is left alone. One set of checks against each backend (SQLite, a real PostgreSQL),
// with an injected clock.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { rowOf, type EntityState } from '../../src/shared/merge';
import { PgSyncStore } from '../../src/server/pg-store';
import { SyncService } from '../../src/server/service';
import { runServerRetention, SERVER_RETENTION_GRACE_DAYS } from '../../src/server/retention';
import type { StationRecord, SyncStore } from '../../src/server/store';
import { SERVER_AUTHOR_ID, type SyncOp } from '../../src/shared/sync';
import { dropDatabase, freshDatabase } from '../support/postgres';
import { rawOp } from '../support/sync/http';
import { deskOfNewSite, STORE_BACKENDS, type StoreData } from '../support/sync/stores';
import { until } from '../support/until';

const NOW = new Date('2026-03-02T08:00:00.000Z');
const DAY = 86_400_000;
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
const afterDays = (days: number) => new Date(NOW.getTime() + days * DAY);

describe.each(STORE_BACKENDS)('server retention on the $name store', (backend) => {
  let data: StoreData;
  let store: SyncStore;
  let desk: StationRecord;
  let seq = 0;
  beforeEach(async () => {
    data = await backend.create();
    store = await data.open();
    desk = await deskOfNewSite(store, 'Harbour', NOW);
    seq = 0;
  });
  afterEach(() => data.remove());

  const push = (ops: Omit<Partial<SyncOp>, 'stationSeq'>[]) =>
    store.push(
      desk,
      ops.map((o) => rawOp(desk.id, ++seq, { siteId: desk.siteId, occurredAt: at(2), ...o })),
      NOW,
    );

  /** A visitor and one visit of theirs, checked in and out at the test's clock (their names: unique). */
  async function visitOf(name: string, extra: Record<string, unknown> = {}) {
    const [visitorId, visitId] = [newId(), newId()];
    await push([
      {
        type: 'visitor.upsert',
        entityId: visitorId,
        payload: {
          name,
          searchName: name.toLowerCase(),
          email: `${name.split(' ')[0]}@example.test`,
          createdAt: at(2),
        },
      },
      {
        type: 'visit.create',
        entityId: visitId,
        payload: {
          siteId: desk.siteId,
          visitorId,
          status: 'checked_out',
          timezone: 'Europe/London',
          checkedInAt: at(3),
          checkedOutAt: at(60),
          notes: `${name} brought a van`,
          createdAt: at(2),
          ...extra,
        },
      },
    ]);
    return { visitorId, visitId };
  }

  const state = async (kind: string, id: string) => {
    const found = (await store.entitiesInScope(desk.siteId)).find((s) => s.kind === kind && s.id === id);
    return found && rowOf(found as EntityState);
  };

  it('anonymises what is past the site’s retention when no desk does, and leaves the held and the recent', async () => {
    const old = await visitOf('Zebedee Quartermaine');
    const heldByLaw = await visitOf('Hester Holdfast');
    const heldByIncident = await visitOf('Ingrid Incidence');
    const holdId = newId();
    await push([
      {
        type: 'legalHold.place',
        entityId: holdId,
        payload: {
          siteId: desk.siteId,
          visitorId: heldByLaw.visitorId,
          visitId: null,
          reason: 'Case 77',
          placedBy: null,
          releasedAt: null,
          releasedBy: null,
          createdAt: at(4),
          updatedAt: at(4),
        },
      },
      {
        type: 'incident.upsert',
        entityId: newId(),
        payload: {
          siteId: desk.siteId,
          visitId: heldByIncident.visitId,
          visitorId: null,
          kind: 'other',
          title: 'Tailgating',
          status: 'open',
          createdAt: at(4),
          updatedAt: at(4),
        },
      },
    ]);
    const service = new SyncService(store, () => afterDays(300));
    // Within the period: nothing to do.
    expect(await runServerRetention(service, afterDays(300))).toEqual([
      { siteId: desk.siteId, anonymisedVisits: 0, anonymisedVisitors: 0, heldVisits: 0 },
    ]);
    // Past 365 days but inside the grace the server leaves the site's desks: still nothing.
    expect(await runServerRetention(service, afterDays(365 + SERVER_RETENTION_GRACE_DAYS - 1))).toMatchObject(
      [{ anonymisedVisits: 0 }],
    );
    const recent = await visitOf('Philippa Recentworth', {
      checkedInAt: afterDays(300).toISOString(),
      checkedOutAt: afterDays(300).toISOString(),
    });

    const later = afterDays(400);
    expect(await runServerRetention(new SyncService(store, () => later), later)).toEqual([
      { siteId: desk.siteId, anonymisedVisits: 1, anonymisedVisitors: 1, heldVisits: 2 },
    ]);
    expect(await state('visit', old.visitId)).toMatchObject({
      visitorId: `anonymous-${desk.siteId}`,
      notes: null,
      anonymisedAt: later.toISOString(),
      checkedOutAt: at(60),
    });
    expect(await state('visitor', old.visitorId)).toMatchObject({ name: '', email: null });
    expect(await state('visitor', heldByLaw.visitorId)).toMatchObject({ name: 'Hester Holdfast' });
    expect(await state('visitor', heldByIncident.visitorId)).toMatchObject({ name: 'Ingrid Incidence' });
    expect(await state('visitor', recent.visitorId)).toMatchObject({ name: 'Philippa Recentworth' });
    // The ops are the server's own, so a station that comes back pulls and applies them.
    const authored = (await store.log()).filter((o) => o.stationId === SERVER_AUTHOR_ID);
    expect(authored.map((o) => o.type).sort()).toEqual([
      'visit.anonymise',
      'visitor.anonymise',
      'visitor.anonymise',
    ]);
    // Nothing of them is left anywhere in the store; the held and the recent are.
    const rows = await data.allRows();
    expect(rows).not.toContain('Quartermaine');
    expect(rows).not.toContain('Zebedee');
    expect(rows).toContain('Holdfast');
    expect(rows).toContain('Recentworth');
    // Audited at the server by counts, never by whom.
    const audit = (await store.adminAudit()).filter((e) => e.action === 'retention.run');
    expect(audit).toEqual([
      expect.objectContaining({
        details: { siteId: desk.siteId, anonymisedVisits: 1, anonymisedVisitors: 1, heldVisits: 2 },
      }),
    ]);

    // Run again: nothing more, no new op.
    const head = await store.headSeq();
    expect(await runServerRetention(new SyncService(store, () => later), later)).toMatchObject([
      { anonymisedVisits: 0, anonymisedVisitors: 0, heldVisits: 2 },
    ]);
    expect(await store.headSeq()).toBe(head);

    // Released, the hold no longer protects: the next run lets them go.
    await push([
      { type: 'legalHold.release', entityId: holdId, payload: { releasedAt: at(10), releasedBy: null } },
    ]);
    expect(await runServerRetention(new SyncService(store, () => later), later)).toMatchObject([
      { anonymisedVisits: 1, anonymisedVisitors: 1, heldVisits: 1 },
    ]);
    expect(await state('visitor', heldByLaw.visitorId)).toMatchObject({ name: '' });
    expect(await data.allRows()).not.toContain('Holdfast');
  });

  it('follows the site’s own period and a visitor type’s, as the desk’s job does', async () => {
    const typeId = newId();
    await push([
      { type: 'site.settings', entityId: desk.siteId, payload: { retentionDays: 30 } },
      {
        type: 'visitorType.upsert',
        entityId: typeId,
        payload: {
          siteId: desk.siteId,
          names: { en: 'Auditor' },
          color: '#123456',
          retentionDays: 200,
          createdAt: at(1),
        },
      },
    ]);
    const courier = await visitOf('Corrie Courier');
    const auditor = await visitOf('Audrey Auditor', { visitorTypeId: typeId });
    const later = afterDays(60);
    expect(await runServerRetention(new SyncService(store, () => later), later)).toMatchObject([
      { anonymisedVisits: 1 },
    ]);
    expect(await state('visit', courier.visitId)).toMatchObject({ anonymisedAt: later.toISOString() });
    expect(await state('visit', auditor.visitId)).toMatchObject({ anonymisedAt: null });
    expect(await state('visitor', auditor.visitorId)).toMatchObject({ name: 'Audrey Auditor' });
  });
});

// Several server instances on one PostgreSQL database (issue #19) each schedule retention hourly: one at a
// time runs it (a session advisory lock tried, not waited for), the others skip the round.
describe('server retention with two instances on one PostgreSQL database', () => {
  let url: string;
  const closers: (() => Promise<unknown>)[] = [];
  beforeEach(async () => {
    url = await freshDatabase();
  });
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await dropDatabase(url);
  });

  it('runs once when both run at once, and again on either after the first finished', async () => {
    const [one, two] = [await PgSyncStore.open(url), await PgSyncStore.open(url)];
    closers.push(
      () => one.close(),
      () => two.close(),
    );
    const desk = await deskOfNewSite(one, 'Harbour', NOW);
    let seq = 0;
    const oldVisit = async (name: string) => {
      const [visitorId, visitId] = [newId(), newId()];
      const [visitor, visit] = [
        { name, searchName: name.toLowerCase(), createdAt: at(2) },
        { siteId: desk.siteId, visitorId, status: 'checked_out', timezone: 'Europe/London' },
      ];
      const answer = await one.push(
        desk,
        [
          { type: 'visitor.upsert', entityId: visitorId, payload: visitor },
          {
            type: 'visit.create',
            entityId: visitId,
            payload: { ...visit, checkedInAt: at(3), checkedOutAt: at(60), createdAt: at(2) },
          },
        ].map((o) => rawOp(desk.id, ++seq, { siteId: desk.siteId, occurredAt: at(2), ...o })),
        NOW,
      );
      expect(answer.rejected).toEqual([]);
      return visitId;
    };
    await oldVisit('Olga Onlyonce');
    await oldVisit('Otto Onlyonce');
    const later = afterDays(400);
    const [first, second] = [new SyncService(one, () => later), new SyncService(two, () => later)];
    const anonymiseOps = async () =>
      (await two.log()).filter((op) => op.type.endsWith('.anonymise') && op.stationId === SERVER_AUTHOR_ID)
        .length;
    const runs = async () => (await two.adminAudit()).filter((e) => e.action === 'retention.run').length;

    // Hold the op log's table so the first instance's run stays in the middle of its work (its push
    // waits), then start the second: it must not do the same work beside it.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    closers.push(() => blocker.end());
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE ops IN EXCLUSIVE MODE');
    const running = runServerRetention(first, later);
    await until(async () => {
      const { rows } = await blocker.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = 'ops'::regclass`,
      );
      return Number(rows[0]!.n) > 0;
    }, 'the first instance waiting in its push');
    // Skipped at once (null), not done again after the first: without the lock it would wait in its push.
    const waited = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000));
    expect(await Promise.race([runServerRetention(second, later), waited])).toBeNull();
    await blocker.query('COMMIT');
    expect(await running).toEqual([
      { siteId: desk.siteId, anonymisedVisits: 2, anonymisedVisitors: 2, heldVisits: 0 },
    ]);
    // The work was done once: one anonymise op per visit, per visitor and the site's anonymous visitor.
    expect(await anonymiseOps()).toBe(5);
    expect(await runs()).toBe(1);

    // The lock was let go: the next round runs on either instance and finds the new work only.
    await oldVisit('Nora Nextround');
    expect(await runServerRetention(second, later)).toEqual([
      { siteId: desk.siteId, anonymisedVisits: 1, anonymisedVisitors: 1, heldVisits: 0 },
    ]);
    expect(await anonymiseOps()).toBe(7);
    expect(await runs()).toBe(2);
    expect(await runServerRetention(first, later)).toMatchObject([{ anonymisedVisits: 0 }]);
    expect(await runs()).toBe(2);
  }, 30_000);
});
