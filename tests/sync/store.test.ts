// The SyncStore contract, one set of checks run against every backend: the embedded SQLite store and
// PostgreSQL (a real cluster, tests/support/postgres.ts). Then what only a shared database has to survive:
// two server instances pushing at once must never hand out one sequence twice, and a station pulling while
// they push must never skip an op that commits late.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { HEALTH_HISTORY, type StationRecord, type SyncStore } from '../../src/server/store';
import type { SyncError } from '../../src/shared/sync';
import { SERVER_AUTHOR_ID, type ServerOp, type StationHealth, type SyncOp } from '../../src/shared/sync';
import { PgSyncStore } from '../../src/server/pg-store';
import { SyncService } from '../../src/server/service';
import { dropDatabase, freshDatabase } from '../support/postgres';
import { rawOp } from '../support/sync/http';
import { deskOfNewSite, postgresBackend, STORE_BACKENDS, type StoreData } from '../support/sync/stores';

const NOW = new Date('2026-03-02T08:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
/** An op as a station would push it, written at the test's clock. */
const op = (stationId: string, stationSeq: number, extra: Partial<SyncOp> = {}): SyncOp =>
  rawOp(stationId, stationSeq, { occurredAt: at(2), ...extra });
const SERVER = { id: SERVER_AUTHOR_ID, siteId: null, role: 'server' } as const;

/** A site and an enrolled desk on it, made at the test's clock. */
const siteWithDesk = (store: SyncStore, name: string) => deskOfNewSite(store, name, NOW);

const visitor = (desk: StationRecord, seq: number, name: string, extra: Partial<SyncOp> = {}): SyncOp =>
  op(desk.id, seq, {
    type: 'visitor.upsert',
    siteId: desk.siteId,
    payload: { name, searchName: name.toLowerCase(), createdAt: at(2) },
    ...extra,
  });

/** An op of the desk's site about one entity. */
const siteOp = (
  desk: StationRecord,
  seq: number,
  type: string,
  entityId: string,
  payload: Record<string, unknown>,
): SyncOp => op(desk.id, seq, { type, entityId, siteId: desk.siteId, payload });

const health = (version: string): StationHealth => ({
  version,
  startedAt: at(0),
  outboxDepth: 0,
  held: 0,
  quarantined: 0,
  lastSyncAt: null,
  watchlistSyncedAt: null,
  clockOffsetMs: null,
  devices: [],
  errors: [],
});

describe.each(STORE_BACKENDS)('the $name sync store', (backend) => {
  let data: StoreData;
  let store: SyncStore;
  beforeEach(async () => {
    data = await backend.create();
    store = await data.open();
  });
  afterEach(() => data.remove());

  it('keeps sites, and enrolls a station once per code', async () => {
    const desk = await siteWithDesk(store, 'Harbour');
    expect((await store.listSites()).map((s) => s.name)).toEqual(['Harbour']);
    expect(await store.site(desk.siteId)).toMatchObject({ name: 'Harbour', defaultLanguage: 'en' });
    expect(await store.site('nowhere')).toBeUndefined();

    const codeHash = newId();
    await store.createEnrollmentCode({
      id: newId(),
      codeHash,
      siteId: desk.siteId,
      role: 'gate',
      now: at(0),
      expiresAt: at(30),
    });
    const claim = (stationId: string, now = at(5), keyId: string | null = null) =>
      store.claimEnrollment({
        codeHash,
        stationId,
        name: 'Gate',
        credentialHash: `c-${stationId}`,
        publicKey: null,
        keyId,
        now,
      });
    expect(await claim(newId(), at(30))).toEqual({ ok: false, reason: 'expired' });
    expect(await claim(desk.id)).toEqual({ ok: false, reason: 'station_exists' });
    expect(await store.claimEnrollment({ ...(await sample()), codeHash: 'unknown' })).toEqual({
      ok: false,
      reason: 'unknown_code',
    });
    const gateId = newId();
    expect(await claim(gateId)).toMatchObject({ ok: true, station: { id: gateId, role: 'gate' } });
    expect(await claim(newId())).toEqual({ ok: false, reason: 'claimed' });
    expect(await store.stationByCredentialHash(`c-${gateId}`)).toMatchObject({ id: gateId, revokedAt: null });

    const revocation = (n: number) => ({
      at: at(n),
      action: 'station.revoke',
      details: { stationId: gateId },
    });
    expect(await store.revokeStation(gateId, at(10), revocation(10))).toBe(true);
    // Already revoked: the first time stays, and only it is audited.
    expect(await store.revokeStation(gateId, at(11), revocation(11))).toBe(false);
    expect((await store.adminAudit()).filter((e) => e.action === 'station.revoke')).toEqual([revocation(10)]);
    expect(await store.station(gateId)).toMatchObject({ revokedAt: at(10) });

    async function sample() {
      return {
        codeHash,
        stationId: newId(),
        name: 'x',
        credentialHash: 'x',
        publicKey: null,
        keyId: null,
        now: at(5),
      };
    }
  });

  it('uses a site’s setup code once, for that site only, with its admin audit entry', async () => {
    const desk = await siteWithDesk(store, 'Harbour');
    const other = await siteWithDesk(store, 'Lab');
    await store.createSetupCode({ codeHash: 'setup-1', siteId: desk.siteId, now: at(0) });
    const claim = (siteId: string, staffId: string) =>
      store.claimSetupCode({ codeHash: 'setup-1', siteId, staffId, stationId: desk.id, now: at(1) });
    expect(await claim(other.siteId, 'staff-0')).toBe('unknown_code');
    expect(
      await store.claimSetupCode({
        ...{ codeHash: 'nope', siteId: desk.siteId },
        staffId: 's',
        stationId: desk.id,
        now: at(1),
      }),
    ).toBe('unknown_code');
    expect(await claim(desk.siteId, 'staff-1')).toBe('ok');
    expect(await claim(desk.siteId, 'staff-2')).toBe('claimed');
    expect((await store.adminAudit()).filter((e) => e.action === 'site.first_admin')).toEqual([
      {
        at: at(1),
        action: 'site.first_admin',
        details: { siteId: desk.siteId, staffId: 'staff-1', stationId: desk.id },
      },
    ]);
  });

  it('refuses a second station with the same pass-signing key id', async () => {
    const desk = await siteWithDesk(store, 'Harbour');
    const codes = [newId(), newId()];
    for (const codeHash of codes)
      await store.createEnrollmentCode({
        id: newId(),
        codeHash,
        siteId: desk.siteId,
        role: 'kiosk',
        now: at(0),
        expiresAt: at(30),
      });
    const claim = (codeHash: string) =>
      store.claimEnrollment({
        codeHash,
        stationId: newId(),
        name: 'Kiosk',
        credentialHash: newId(),
        publicKey: 'key',
        keyId: 'key-1',
        now: at(1),
      });
    expect(await claim(codes[0]!)).toMatchObject({ ok: true });
    expect(await claim(codes[1]!)).toEqual({ ok: false, reason: 'key_exists' });
  });

  it('keeps the newest health reports of each station, newest first, and the last time it synced', async () => {
    const desk = await siteWithDesk(store, 'Harbour');
    for (let i = 0; i < HEALTH_HISTORY + 3; i++) await store.recordHealth(desk.id, health(`1.0.${i}`), at(i));
    await store.touchStation(desk.id, at(99));
    const history = await store.healthHistory(desk.id);
    expect(history).toHaveLength(HEALTH_HISTORY);
    expect(history[0]).toEqual({
      reportedAt: at(HEALTH_HISTORY + 2),
      health: health(`1.0.${HEALTH_HISTORY + 2}`),
    });
    const [overview] = await store.stationsOverview();
    expect(overview).toMatchObject({ id: desk.id, lastSeenAt: at(99), health: history[0] });
  });

  it('applies a batch in server order, answers a repeated batch as before, and remembers refusals', async () => {
    const desk = await siteWithDesk(store, 'Harbour');
    const batch = [
      visitor(desk, 1, 'Ada'),
      visitor(desk, 2, 'Grace'),
      visitor(desk, 3, 'Far', { occurredAt: at(3 * 24 * 60) }),
    ];
    const first = await store.push(desk, batch, NOW);
    // Ops without a correction of their own are placed at their time moved by the push's offset (none here).
    expect(first.acks).toEqual([
      { stationSeq: 1, serverSeq: 1, correctedAt: batch[0]!.occurredAt },
      { stationSeq: 2, serverSeq: 2, correctedAt: batch[1]!.occurredAt },
    ]);
    expect(first.rejected).toEqual([expect.objectContaining({ stationSeq: 3, reason: 'far_future' })]);
    expect(first.quarantined).toEqual([3]);
    expect(first.serverHeadSeq).toBe(2);
    expect(await store.push(desk, batch, NOW)).toEqual(first);
    expect(await store.headSeq()).toBe(2);
    expect(await store.rejected()).toEqual([expect.objectContaining({ stationId: desk.id, stationSeq: 3 })]);

    // The same op id under another sequence is refused; an op claiming another station is not recorded.
    const replay = await store.push(
      desk,
      [{ ...batch[0]!, stationSeq: 4 }, visitor({ ...desk, id: newId() }, 5, 'Eve')],
      NOW,
    );
    expect(replay.rejected.map((r) => r.reason)).toEqual(['invalid_op', 'wrong_station']);
    expect((await store.rejected()).map((r) => r.stationSeq)).toEqual([3, 4]);

    const names = (await store.entitiesInScope(desk.siteId)).map((e) => e.fields.name?.v);
    expect(names.sort()).toEqual(['Ada', 'Grace']);
    const log = await store.log();
    expect(log.map((o: ServerOp) => [o.serverSeq, o.stationSeq, o.payload.name])).toEqual([
      [1, 1, 'Ada'],
      [2, 2, 'Grace'],
    ]);
    expect(log[0]).toEqual({
      ...batch[0],
      serverSeq: 1,
      siteId: desk.siteId,
      correctedAt: batch[0]!.occurredAt,
    });
    expect(await store.log(1)).toEqual([log[1]]);
  });

  it('answers a station sequence reused with another op (a station restored from a backup) with the newest it has', async () => {
    const desk = await siteWithDesk(store, 'Harbour');
    await store.push(desk, [visitor(desk, 1, 'Ada'), visitor(desk, 2, 'Grace')], NOW);
    // Restored to where it stood after op 1: its next two ops come as 2 and 3.
    const again = await store.push(desk, [visitor(desk, 2, 'Alan'), visitor(desk, 3, 'Eve')], NOW);
    expect(again).toMatchObject({ acks: [], rejected: [], stationSeqTaken: 2 });
    // Renumbered past it, both are applied; the op that had 2 keeps it.
    const renumbered = await store.push(desk, [visitor(desk, 3, 'Alan'), visitor(desk, 4, 'Eve')], NOW);
    expect(renumbered.acks.map((a) => a.stationSeq)).toEqual([3, 4]);
    expect(renumbered.stationSeqTaken).toBeUndefined();
    const names = (await store.log()).map((o: ServerOp) => [o.stationSeq, o.payload.name]);
    expect(names).toEqual([
      [1, 'Ada'],
      [2, 'Grace'],
      [3, 'Alan'],
      [4, 'Eve'],
    ]);
  });

  it('merges later ops of one entity within a batch on top of the earlier ones', async () => {
    const desk = await siteWithDesk(store, 'Harbour');
    const entityId = newId();
    await store.push(
      desk,
      [visitor(desk, 1, 'Ada', { entityId }), visitor(desk, 2, 'Ada King', { entityId })],
      NOW,
    );
    const [state] = await store.entitiesInScope(desk.siteId);
    expect(state).toMatchObject({ id: entityId, version: 2, fields: { name: { v: 'Ada King' } } });
  });

  it('keeps an op of an unknown type for a newer server, within a quota per station', async () => {
    const desk = await siteWithDesk(store, 'Harbour');
    const printed = op(desk.id, 1, {
      type: 'badge.printed',
      siteId: desk.siteId,
      payload: { printer: 'zebra' },
    });
    const kept = await store.push(desk, [printed], NOW);
    expect(kept.acks).toEqual([
      { stationSeq: 1, serverSeq: 1, held: 'schema_unknown', correctedAt: printed.occurredAt },
    ]);
    // Pushed again (a lost ack): the same op, the same answer.
    expect(await store.push(desk, [printed], NOW)).toMatchObject({
      acks: [{ stationSeq: 1, serverSeq: 1, held: 'schema_unknown' }],
    });
    const big = op(desk.id, 2, {
      type: 'badge.printed',
      siteId: desk.siteId,
      payload: { blob: 'x'.repeat(1024 * 1024) },
    });
    expect((await store.push(desk, [big], NOW)).rejected).toEqual([
      expect.objectContaining({ stationSeq: 2, reason: 'over_quota' }),
    ]);
  });

  it('gives a station only its site and the organisation, page by page, and no notices', async () => {
    const a = await siteWithDesk(store, 'Harbour');
    const b = await siteWithDesk(store, 'Riverside');
    await store.push(
      a,
      [1, 2, 3].map((n) => visitor(a, n, `A${n}`)),
      NOW,
    );
    await store.push(b, [visitor(b, 1, 'B1')], NOW);
    await store.push(
      SERVER,
      [
        op(SERVER_AUTHOR_ID, 1, {
          type: 'watchlist.upsert',
          payload: { name: 'Mallory', createdAt: at(0) },
        }),
      ],
      NOW,
    );
    await store.push(
      a,
      [op(a.id, 4, { type: 'pass.email', siteId: a.siteId, payload: { visitId: newId() } })],
      NOW,
    );
    expect(await store.headSeq()).toBe(6);

    const first = await store.pull(a, { cursor: 0, limit: 2 });
    expect(first.ops.map((o) => o.payload.name)).toEqual(['A1', 'A2']);
    expect(first).toMatchObject({ hasMore: true, nextCursor: 2, serverHeadSeq: 6 });
    const second = await store.pull(a, {
      cursor: 2,
      limit: 2,
      lastOp: { serverSeq: 2, opId: first.ops[1]!.opId },
    });
    expect(second.ops.map((o) => o.payload.name)).toEqual(['A3', 'Mallory']);
    expect(second).toMatchObject({ hasMore: false, nextCursor: 6 });
    const ofB = await store.pull(b, { cursor: 0, limit: 100 });
    expect(ofB.ops.map((o) => o.payload.name)).toEqual(['B1', 'Mallory']);

    await expect(store.pull(a, { cursor: 7, limit: 10 })).rejects.toMatchObject({
      code: 'cursor_unknown',
      serverHeadSeq: 6,
    } satisfies Partial<SyncError>);
    await expect(
      store.pull(a, { cursor: 2, limit: 10, lastOp: { serverSeq: 2, opId: newId() } }),
    ).rejects.toMatchObject({ code: 'cursor_unknown' });
  });

  it('empties notices once consumed or past the window, and message bodies once sent, keeping the rows (issue #15)', async () => {
    const desk = await siteWithDesk(store, 'Harbour');
    const visitId = newId();
    await store.push(
      desk,
      [
        siteOp(desk, 1, 'visit.photo', visitId, { dataUrl: 'data:image/png;base64,QUJD' }),
        op(desk.id, 2, {
          type: 'pass.email',
          siteId: desk.siteId,
          payload: { visitId, email: 'ada@example.test', passToken: 'GH1:TOKEN' },
        }),
        visitor(desk, 3, 'Ada Lovelace'),
      ],
      NOW,
    );
    // The pass e-mail's op failed once and waits for its retry; two messages: one sent, one in the desk's inbox.
    const passOp = (await store.log()).find((o) => o.type === 'pass.email')!;
    await data.execute(
      `INSERT INTO notify_failed_ops (server_seq, op, status, attempts, next_attempt_at, last_error, first_failed_at)
       VALUES ($1, $2, 'retrying', 1, $3, 'smtp down', $4)`,
      [passOp.serverSeq, JSON.stringify(passOp), at(10), at(3)],
    );
    for (const [id, channel] of [
      ['m-mail', 'email'],
      ['m-inbox', 'inapp'],
    ])
      await data.execute(
        `INSERT INTO notify_messages (id, idempotency_key, site_id, channel, address, host_id, event, visit_id, content, status, attempts, next_attempt_at, sent_at, created_at)
         VALUES ($1, $2, $3, $4, 'host@example.test', NULL, 'visitor.arrived', $5, $6, 'sent', 1, $7, $8, $9)`,
        [
          id,
          id,
          desk.siteId,
          channel,
          visitId,
          JSON.stringify({ text: 'Ada Lovelace is here' }),
          at(3),
          at(3),
          at(3),
        ],
      );

    // The service read the whole log: the photo goes, the pass e-mail waits for its retry; the sent
    // e-mail's body goes, the inbox keeps its message until the window has passed.
    const head = await store.headSeq();
    expect(await store.purgePersonal({ consumedThrough: head, before: at(-60) })).toEqual({
      notices: 1,
      messages: 1,
      failedOps: 0,
    });
    const payloads = async () => Object.fromEntries((await store.log()).map((o) => [o.type, o.payload]));
    expect(await payloads()).toMatchObject({
      'visit.photo': {},
      'pass.email': { email: 'ada@example.test' },
      'visitor.upsert': { name: 'Ada Lovelace' },
    });
    // The window passes: everything the notices and messages carried is gone; a second purge finds nothing.
    expect(await store.purgePersonal({ consumedThrough: head, before: at(24 * 60) })).toEqual({
      notices: 1,
      messages: 1,
      failedOps: 1,
    });
    expect((await payloads())['pass.email']).toEqual({});
    expect(await store.purgePersonal({ consumedThrough: head, before: at(24 * 60) })).toEqual({
      notices: 0,
      messages: 0,
      failedOps: 0,
    });
    // The log keeps its sequence: a station pulls as before, and the next op numbers on.
    expect(await store.headSeq()).toBe(head);
    expect((await store.pull(desk, { cursor: 0, limit: 10 })).ops.map((o) => o.type)).toEqual([
      'visitor.upsert',
    ]);
    const next = await store.push(desk, [visitor(desk, 4, 'Grace Hopper')], NOW);
    expect(next.acks).toEqual([expect.objectContaining({ stationSeq: 4, serverSeq: head + 1 })]);
  });

  it('takes an anonymised visit’s name out of every copy it keeps: state, log, notices, messages, refused ops (issue #15)', async () => {
    const desk = await siteWithDesk(store, 'Harbour');
    const [visitorId, visitId] = [newId(), newId()];
    const named = {
      name: 'Zebedee Quartermaine',
      searchName: 'zebedee quartermaine',
      email: 'zq@example.test',
    };
    await store.push(
      desk,
      [
        visitor(desk, 1, named.name, { entityId: visitorId, payload: { ...named, createdAt: at(2) } }),
        op(desk.id, 2, {
          type: 'visit.create',
          entityId: visitId,
          siteId: desk.siteId,
          payload: {
            siteId: desk.siteId,
            visitorId,
            status: 'checked_in',
            notes: 'Zebedee’s van',
            createdAt: at(2),
          },
        }),
        op(desk.id, 3, {
          type: 'pass.email',
          siteId: desk.siteId,
          payload: { visitId, email: named.email, passToken: 'GH1:T' },
        }),
        // Refused (another site's entity): kept for review with what it named.
        op(desk.id, 4, {
          type: 'visit.update',
          entityId: visitId,
          siteId: 'another-site',
          payload: { notes: 'Zebedee again' },
        }),
      ],
      NOW,
    );
    await data.execute(
      `INSERT INTO notify_messages (id, idempotency_key, site_id, channel, address, host_id, event, visit_id, content, status, attempts, next_attempt_at, sent_at, created_at)
       VALUES ('m-1', 'k-1', $1, 'inapp', 'host:h', NULL, 'visitor.arrived', $2, $3, 'sent', 1, $4, $5, $6)`,
      [desk.siteId, visitId, JSON.stringify({ text: 'Zebedee Quartermaine is here' }), at(3), at(3), at(3)],
    );
    expect(await data.allRows()).toContain('Zebedee');

    await store.push(
      desk,
      [
        siteOp(desk, 5, 'visit.anonymise', visitId, { anonymisedAt: at(5) }),
        siteOp(desk, 6, 'visitor.anonymise', visitorId, { anonymisedAt: at(5) }),
      ],
      NOW,
    );
    const rows = await data.allRows();
    expect(rows).not.toContain('Zebedee');
    expect(rows).not.toContain('zebedee');
    expect(rows).not.toContain('zq@example.test');
    expect(rows).toContain(visitId); // the visit still counts, by id
  });

  it('numbers the server author after every op it has logged or had refused', async () => {
    expect(await store.nextAuthorSeq(SERVER_AUTHOR_ID)).toBe(1);
    const desk = await siteWithDesk(store, 'Harbour');
    await store.push(desk, [visitor(desk, 7, 'Ada'), visitor(desk, 9, 'Far', { occurredAt: at(5000) })], NOW);
    expect(await store.nextAuthorSeq(desk.id)).toBe(10);
  });
});

describe('two server instances on one PostgreSQL database', () => {
  let data: StoreData;
  let store: SyncStore;
  beforeEach(async () => {
    data = await postgresBackend.create();
    store = await data.open();
  });
  afterEach(() => data.remove());

  it('never hand out a sequence twice, and a station pulling meanwhile misses no op that commits late', async () => {
    const one = store;
    const two = await data.open();
    const desks = [await siteWithDesk(one, 'Harbour')];
    const siteDesk = (n: number): StationRecord => ({ ...desks[0]!, id: `${desks[0]!.id}-${n}` });
    // Four writers (two per instance) on the one site, 25 batches of 4 ops each.
    const writers = [0, 1, 2, 3].map((w) => ({ store: w % 2 ? two : one, desk: siteDesk(w) }));
    const BATCHES = 25;
    let writing = true;
    const seenByPuller: number[] = [];
    const puller = (async () => {
      let cursor = 0;
      // Pulls as fast as it can until the writers are done, then once more to the head.
      for (let last = false; ;) {
        const page = await (cursor % 2 ? two : one).pull(desks[0]!, { cursor, limit: 1000 });
        const seqs = page.ops.map((o) => o.serverSeq);
        // Every page continues exactly where the last one stopped: nothing skipped, nothing twice.
        expect(seqs).toEqual(seqs.map((_, i) => cursor + 1 + i));
        seenByPuller.push(...seqs);
        cursor = page.nextCursor;
        if (last) break;
        if (!writing) last = true;
      }
    })();
    const pushes = writers.map(async ({ store, desk }) => {
      const acks: number[] = [];
      for (let b = 0; b < BATCHES; b++) {
        const batch = [0, 1, 2, 3].map((i) => visitor(desk, b * 4 + i + 1, `V${b}-${i}`));
        const answer = await store.push(desk, batch, NOW);
        expect(answer.rejected).toEqual([]);
        acks.push(...answer.acks.map((a) => a.serverSeq));
      }
      return acks;
    });
    // Writers push as stations not enrolled: the store takes the author it is given (the service checks).
    const all = (await Promise.all(pushes)).flat();
    writing = false;
    await puller;
    const total = writers.length * BATCHES * 4;
    expect(new Set(all).size).toBe(total);
    expect([...all].sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(seenByPuller).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect((await two.log()).map((o) => o.serverSeq)).toEqual(seenByPuller);
  });

  it('keep every central op when both author at once (the admin API of each instance)', async () => {
    const services = [new SyncService(store, () => NOW), new SyncService(await data.open(), () => NOW)];
    const desk = await siteWithDesk(store, 'Harbour');
    const hostName = (s: number, round: number) => `Host ${s}.${round}`;
    await Promise.all(
      services.map(async (service, s) => {
        for (let round = 0; round < 10; round++)
          await service.author({
            ops: [
              {
                type: 'host.upsert',
                entityId: newId(),
                siteId: desk.siteId,
                payload: { siteId: desk.siteId, name: hostName(s, round), searchName: 'h', createdAt: at(0) },
              },
            ],
          });
      }),
    );
    const hosts = (await store.entitiesInScope(desk.siteId)).map((e) => e.fields.name?.v);
    const expected = [0, 1].flatMap((s) => Array.from({ length: 10 }, (_, round) => hostName(s, round)));
    expect(hosts.sort()).toEqual(expected.sort());
    const authored = (await store.log()).filter((o) => o.stationId === SERVER_AUTHOR_ID);
    expect(authored.map((o) => o.stationSeq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('keep an audit-chain problem of a station until it is cleared, seen by every instance', async () => {
    const desk = await siteWithDesk(store, 'Harbour');
    const [one, two] = [store as PgSyncStore, (await data.open()) as PgSyncStore];
    const problem = { at: at(5), message: 'The audit chain is shorter than last reported.' };
    expect(await one.setAuditProblem(desk.id, problem)).toBe(true);
    expect(await one.setAuditProblem('no-such-station', problem)).toBe(false);
    expect(await two.stationsOverview()).toEqual([
      expect.objectContaining({ id: desk.id, auditProblem: problem }),
    ]);
    await two.setAuditProblem(desk.id, null);
    expect(await one.stationsOverview()).toEqual([
      expect.objectContaining({ id: desk.id, auditProblem: null }),
    ]);
  });

  it('migrate once when several instances open an empty database together', async () => {
    const url = await freshDatabase();
    const instances = await Promise.all([1, 2, 3].map(() => PgSyncStore.open(url)));
    try {
      const desk = await siteWithDesk(instances[0]!, 'Harbour');
      await instances[1]!.push(desk, [visitor(desk, 1, 'Ada')], NOW);
      expect((await instances[2]!.log()).map((o) => o.payload.name)).toEqual(['Ada']);
    } finally {
      await Promise.all(instances.map((s) => s.close()));
      await dropDatabase(url);
    }
  });
});
