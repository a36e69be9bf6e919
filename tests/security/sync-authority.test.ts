// What one station credential can push to a real sync server on loopback: a higher schemaVersion or an
// unknown op type buys no authority (role, site and author are checked before an op is kept), kept ops
// have a per-station quota, and one authorship table decides for the station and the server alike, so no
// station acknowledges a write the server refuses.
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/shared/errors';
import { recordChange, type OpType } from '../../src/main/core/outbox';
import { enrollStation } from '../../src/main/sync/enroll';
import { SyncEngine } from '../../src/main/sync/engine';
import { httpTransport } from '../../src/main/sync/http';
import { judgeOp } from '../../src/server/rules';
import { AUTHORED_BY } from '../../src/shared/authorship';
import { newId } from '../../src/shared/ids';
import { ENTITY_KINDS, KINDS } from '../../src/shared/merge';
import { SYNC_SCHEMA_VERSION, type EnrollmentRole } from '../../src/shared/sync';
import { as, tempStation, writeAsStation, type TestStation } from '../support/station';
import { addSite, enrollmentCode, enrollRaw, pushRaw, rawOp } from '../support/sync/http';
import { adminCall, useSyncServer } from '../support/sync/server';

const ADMIN = 'security-admin-token';
const server = useSyncServer('authority', ADMIN);
const stations: TestStation[] = [];
afterEach(() => stations.splice(0).forEach((s) => s.dispose()));

async function kiosk() {
  const siteId = await addSite(server.base, ADMIN, 'Harbour');
  return { siteId, ...(await enrollRaw(server.base, ADMIN, siteId, 'kiosk')) };
}

describe('an op of a newer schema or an unknown type', () => {
  it('is refused, not kept, when its author could not push it at the current schema', async () => {
    const k = await kiosk();
    const newer = { schemaVersion: SYNC_SCHEMA_VERSION + 1 };
    const answer = await pushRaw(server.base, k.credential, [
      rawOp(k.stationId, 1, {
        type: 'station.upsert',
        siteId: k.siteId,
        payload: { kind: 'desk' },
        ...newer,
      }),
      rawOp(k.stationId, 2, { type: 'watchlist.delete', ...newer }),
      rawOp(k.stationId, 3, { type: 'station.rename', siteId: k.siteId }),
      rawOp(k.stationId, 4, { type: 'badge.print', siteId: newId() }),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.acks).toEqual([]);
    expect(answer.body.rejected).toEqual([
      expect.objectContaining({ stationSeq: 1, reason: 'forbidden_role' }),
      expect.objectContaining({ stationSeq: 2, reason: 'forbidden_role' }),
      expect.objectContaining({ stationSeq: 3, reason: 'forbidden_role' }),
      expect.objectContaining({ stationSeq: 4, reason: 'forbidden_site' }),
    ]);
    expect((await server.store.log()).filter((o) => o.stationId === k.stationId)).toEqual([]);
  });

  it('is kept only up to a per-station quota of ops and bytes, then refused as over_quota', async () => {
    const k = await kiosk();
    const big = 'x'.repeat(1100 * 1024);
    const huge = await pushRaw(server.base, k.credential, [
      rawOp(k.stationId, 1, { type: 'badge.print', payload: { big } }),
    ]);
    expect(huge.body.rejected).toEqual([
      expect.objectContaining({ reason: 'over_quota', message: expect.stringMatching(/per station/) }),
    ]);
    const many = Array.from({ length: 501 }, (_, i) => rawOp(k.stationId, i + 2, { type: 'badge.print' }));
    const answer = await pushRaw(server.base, k.credential, many);
    expect((answer.body.acks as unknown[]).length).toBe(500);
    expect(answer.body.rejected).toEqual([
      expect.objectContaining({ stationSeq: 502, reason: 'over_quota' }),
    ]);
  });
});

describe('one authorship table for stations and the server', () => {
  /** An op type of each kind that creates or changes an entity. */
  const typeOf = (kind: (typeof ENTITY_KINDS)[number]) => KINDS[kind].ops[0]! as OpType;

  /** A station of that kind enrolled at a new site of the server: the table applies to it. */
  async function enrolledStation(kind: EnrollmentRole) {
    const station = await tempStation({ preset: { kind } });
    stations.push(station);
    const siteId = await addSite(server.base, ADMIN, `Site of a ${kind} ${newId()}`);
    const code = await enrollmentCode(server.base, ADMIN, siteId, kind);
    const claim = await enrollStation(station.core, server.base, code);
    return { station, siteId, claim };
  }

  it('agrees, for every station kind and every kind of change, on what a station may write', async () => {
    const kinds: EnrollmentRole[] = ['kiosk', 'desk', 'gate'];
    for (const stationKind of kinds) {
      const { station: s } = await enrolledStation(stationKind);
      const author = { id: s.core.stationId, siteId: 'site-a', role: stationKind };
      for (const kind of ENTITY_KINDS) {
        const entityId = newId();
        let stationRefused = false;
        try {
          writeAsStation(s, (ctx) =>
            recordChange(ctx, typeOf(kind), entityId, { siteId: 'site-a' } as never),
          );
        } catch (error) {
          expect(error).toBeInstanceOf(ApiError);
          stationRefused = true;
        }
        const op = rawOp(author.id, 1, { type: typeOf(kind), entityId, siteId: 'site-a' });
        const verdict = judgeOp(op, author, undefined, new Date(op.occurredAt));
        const serverRefused = verdict.action === 'reject' && verdict.reason === 'forbidden_role';
        expect({ stationKind, kind, stationRefused }).toEqual({
          stationKind,
          kind,
          stationRefused: serverRefused,
        });
        expect(stationRefused).toBe(!AUTHORED_BY[kind].includes(stationKind));
      }
    }
  });

  it('refuses a watchlist entry at a kiosk up front, and carries one added at a gate to the server', async () => {
    const entry = { name: 'Mallory Moe', reason: 'Threatened staff', level: 'deny' as const };
    const { station: kioskStation } = await enrolledStation('kiosk');
    const before = kioskStation.core.db.$client.prepare('SELECT count(*) FROM outbox_ops').pluck().get();
    await expect(kioskStation.client(as('security')).watchlist.add(entry)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/kiosk station may not change watchlist/),
    });
    expect(kioskStation.core.db.$client.prepare('SELECT count(*) FROM outbox_ops').pluck().get()).toBe(
      before,
    );

    const { station: gate, siteId, claim } = await enrolledStation('gate');
    const added = await gate.client(as('security')).watchlist.add(entry);
    const engine = new SyncEngine(
      { db: gate.core.db, stationId: gate.core.stationId, now: gate.core.now },
      httpTransport({ serverUrl: server.base, credential: claim.credential }),
    );
    expect(await engine.syncOnce()).toMatchObject({ rejected: 0 });
    expect(await server.store.rejected()).toEqual([]);
    expect((await server.store.entitiesInScope(siteId)).map((e) => e.id)).toContain(added.id);
  });

  it('leaves a station with no sync server its own authority: a standalone kiosk keeps its watchlist', async () => {
    const standalone = await tempStation({ preset: { kind: 'kiosk' } });
    stations.push(standalone);
    const added = await standalone
      .client(as('security'))
      .watchlist.add({ name: 'Mallory Moe', reason: 'Threatened staff', level: 'deny' });
    expect((await standalone.client(as('security')).watchlist.list({})).entries.map((e) => e.id)).toContain(
      added.id,
    );
  });
});

describe('an organisation-wide watchlist entry belongs to the site that added it (issue #14 item 8)', () => {
  const entry = { name: 'Mallory Moe', reason: 'Threatened staff', level: 'deny' as const };

  /** A desk or gate of a new site, enrolled through its own first run, with its sync engine. */
  async function syncedStation(kind: 'desk' | 'gate') {
    const station = await tempStation({ preset: { kind } });
    stations.push(station);
    const siteId = await addSite(server.base, ADMIN, `Site of a ${kind} ${newId()}`);
    const claim = await enrollStation(
      station.core,
      server.base,
      await enrollmentCode(server.base, ADMIN, siteId, kind),
    );
    const engine = new SyncEngine(
      { db: station.core.db, stationId: station.core.stationId, now: station.core.now },
      httpTransport({ serverUrl: server.base, credential: claim.credential }),
    );
    return { station, siteId, engine, security: station.client(as('security')) };
  }
  const outboxCount = (s: TestStation) =>
    s.core.db.$client.prepare('SELECT count(*) FROM outbox_ops').pluck().get();
  const active = async (s: Awaited<ReturnType<typeof syncedStation>>, id: string) =>
    (await s.security.watchlist.list({})).entries.find((e) => e.id === id);

  it("screens everywhere, but another site's desk can neither expire nor edit it, up front or by a forged push", async () => {
    const a = await syncedStation('gate');
    const b = await syncedStation('desk');
    const added = await a.security.watchlist.add(entry);
    await a.engine.syncOnce();
    await b.engine.syncOnce();

    const atB = await active(b, added.id);
    expect(atB).toMatchObject({ active: true, changeable: false });
    const before = outboxCount(b.station);
    await expect(b.security.watchlist.expire({ entryId: added.id })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/another site's watchlist/),
    });
    await expect(b.security.watchlist.update({ entryId: added.id, level: 'alert' })).rejects.toMatchObject({
      code: 'forbidden',
    });
    expect(outboxCount(b.station)).toBe(before);

    // The same change pushed by hand with a credential of site B: refused, and site A's entry stands.
    const forger = await enrollRaw(server.base, ADMIN, b.siteId, 'desk');
    const pushed = await pushRaw(server.base, forger.credential, [
      rawOp(forger.stationId, 1, {
        type: 'watchlist.upsert',
        entityId: added.id,
        payload: { expiresAt: new Date().toISOString() },
      }),
      rawOp(forger.stationId, 2, { type: 'watchlist.delete', entityId: added.id }),
      rawOp(forger.stationId, 3, {
        type: 'watchlist.upsert',
        entityId: newId(),
        payload: { ...entry, ownerSiteId: a.siteId, aliases: [], createdAt: new Date().toISOString() },
      }),
    ]);
    expect(pushed.body.acks).toEqual([]);
    expect(pushed.body.rejected).toEqual(
      [1, 2, 3].map((stationSeq) => expect.objectContaining({ stationSeq, reason: 'forbidden_site' })),
    );
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    expect(await active(a, added.id)).toMatchObject({ active: true, level: 'deny', changeable: true });
    expect(await active(b, added.id)).toMatchObject({ active: true, level: 'deny' });

    // Its own site expires it, and every site sees that.
    await a.security.watchlist.expire({ entryId: added.id });
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    expect(await active(b, added.id)).toBeUndefined();
  });

  it("keeps an entry the server's administrator added out of every station's reach", async () => {
    const a = await syncedStation('desk');
    const id = newId();
    await adminCall(server.base, ADMIN, '/admin/ops', {
      ops: [
        {
          type: 'watchlist.upsert',
          entityId: id,
          siteId: null,
          payload: { ...entry, aliases: [], createdAt: new Date().toISOString() },
        },
      ],
    });
    await a.engine.syncOnce();
    expect(await active(a, id)).toMatchObject({ active: true, changeable: false });
    await expect(a.security.watchlist.expire({ entryId: id })).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/organisation's watchlist/),
    });
  });
});
