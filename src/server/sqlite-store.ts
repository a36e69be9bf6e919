// The embedded SQLite SyncStore: better-sqlite3 + drizzle, WAL, migrations from ./db/migrations. Every
// method is one synchronous transaction, so nothing interleaves inside it and the server sequence stays
// gap-free (a rolled-back batch leaves no number behind).
import type Database from 'better-sqlite3';
import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyOp,
  isAnonymised,
  kindOfOpType,
  scrubbedPayload,
  type EntityKind,
  type EntityState,
} from '../shared/merge';
import {
  NOTICE_OP_TYPES,
  correctedTime,
  SYNC_SCHEMA_VERSION,
  SyncError,
  type RejectionReason,
  type PullResponse,
  type PushResponse,
  type ServerOp,
  type SiteInfo,
  type StationHealth,
  type SyncOp,
} from '../shared/sync';
import { databaseState, DatabaseKeyError, openPrivateDatabase } from '../node/sqlcipher';
import * as schema from './db/schema';
import { SERVER_KEY_NAME } from './data-key';
import { auditWhere } from './audit-query';
import { auditPage, expiryRefusal, HEALTH_HISTORY } from './store';
import {
  adminAudit,
  entities,
  enrollmentCodes,
  siteSetupCodes,
  ops,
  rejectedOps,
  sites,
  stationHealth,
  stations,
} from './db/schema';
import { heldQuotaRefusal, judgeOp } from './rules';
import type {
  AdminAuditEntry,
  AuditPage,
  AuditProblem,
  AuditQuery,
  Author,
  ClaimInput,
  ClaimResult,
  GateVerdictCount,
  HealthEntry,
  OpenEnrollmentCode,
  PurgeCounts,
  PurgeInput,
  ReleaseResult,
  SetupClaimResult,
  StationOverview,
  StationRecord,
  SyncStore,
} from './store';

export { HEALTH_HISTORY } from './store';

/** A message's content once purged: the row stays (idempotency, delivery log), the body goes. */
const PURGED_CONTENT = '{"purged":true}';

export const SERVER_MIGRATIONS_DIR = fileURLToPath(new URL('./db/migrations', import.meta.url));
export const SERVER_DATABASE_FILE = 'gatehouse-server.sqlite';

type ServerDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const stationColumns = {
  id: stations.id,
  siteId: stations.siteId,
  role: stations.role,
  name: stations.name,
  revokedAt: stations.revokedAt,
};
const siteColumns = {
  id: sites.id,
  name: sites.name,
  timezone: sites.timezone,
  defaultLanguage: sites.defaultLanguage,
};
/** An open enrollment code as the console lists it: never the code's hash. */
const openCodeColumns = {
  id: enrollmentCodes.id,
  siteId: enrollmentCodes.siteId,
  role: enrollmentCodes.role,
  createdAt: enrollmentCodes.createdAt,
  expiresAt: enrollmentCodes.expiresAt,
};

function toServerOp(row: typeof ops.$inferSelect): ServerOp {
  return serverOpOf(row, row.payload);
}

/**
 * Built field by field: a pull makes a hundred thousand of these for a joining station, and a rest pattern
 * (`{ correctedAt, ...row }`) copies each row through V8's slow generic path (bench `sync`, first sync).
 */
function serverOpOf(
  row: Omit<ServerOp, 'payload' | 'correctedAt'> & { correctedAt: string | null },
  payload: ServerOp['payload'],
): ServerOp {
  const op: ServerOp = {
    serverSeq: row.serverSeq,
    opId: row.opId,
    stationId: row.stationId,
    stationSeq: row.stationSeq,
    type: row.type,
    entityId: row.entityId,
    siteId: row.siteId,
    payload,
    occurredAt: row.occurredAt,
    schemaVersion: row.schemaVersion,
  };
  if (row.correctedAt) op.correctedAt = row.correctedAt;
  return op;
}

/** The columns of an op as toServerOp needs them, read by hand-written SQL. */
const RAW_OP_COLUMNS = `server_seq AS serverSeq, op_id AS opId, station_id AS stationId, station_seq AS stationSeq,
  type, entity_id AS entityId, site_id AS siteId, payload, occurred_at AS occurredAt, corrected_at AS correctedAt, schema_version AS schemaVersion`;
/** Notice ops (for the server's notifications alone) never go to stations. */
const NOTICE_TYPES = NOTICE_OP_TYPES.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ');
const NOT_A_NOTICE = `type NOT IN (${NOTICE_TYPES})`;
type RawOp = Omit<ServerOp, 'payload' | 'correctedAt'> & { payload: string; correctedAt: string | null };
const fromRawOp = (row: RawOp): ServerOp => serverOpOf(row, JSON.parse(row.payload) as ServerOp['payload']);

const toHealthEntry = (row: { reportedAt: string; health: string }): HealthEntry => ({
  reportedAt: row.reportedAt,
  health: JSON.parse(row.health) as StationHealth,
});

/** An encrypted store with no key to open it: refused, and no new key is made (it would not open it either). */
export const missingKeyError = (file: string) =>
  new DatabaseKeyError(file, SERVER_KEY_NAME, new Error('no data key is set or stored'));

export class SqliteSyncStore implements SyncStore {
  readonly db: ServerDb;

  /**
   * Opens (creating and migrating) the server database in a data directory: encrypted under `key` (the
   * server's start derives it and encrypts a plain file first: src/server/open-store.ts), else plain.
   */
  static open(dataDir: string, options: { key?: Buffer | undefined } = {}): SqliteSyncStore {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    return new SqliteSyncStore(path.join(dataDir, SERVER_DATABASE_FILE), options);
  }

  constructor(file: string, options: { key?: Buffer | undefined } = {}) {
    if (!options.key && databaseState(file) === 'encrypted') throw missingKeyError(file);
    // Owner-only (0600) files, the key checked, WAL, foreign keys and a busy timeout, as a station's.
    const sqlite = openPrivateDatabase(file, { key: options.key, keyName: SERVER_KEY_NAME });
    // What a purge or an anonymisation takes out is overwritten in the file, not left in free pages (#15).
    sqlite.pragma('secure_delete = ON');
    this.db = drizzle(sqlite, { schema }) as ServerDb;
    migrate(this.db, { migrationsFolder: SERVER_MIGRATIONS_DIR });
    // The push path runs these for every op: prepared once.
    this.sql = {
      head: sqlite.prepare('SELECT coalesce(max(server_seq), 0) FROM ops').pluck(),
      seen: sqlite.prepare(
        'SELECT server_seq AS serverSeq, applied, corrected_at AS correctedAt, op_id AS opId FROM ops WHERE station_id = ? AND station_seq = ?',
      ),
      refused: sqlite.prepare(
        'SELECT reason, message, op_id AS opId FROM rejected_ops WHERE station_id = ? AND station_seq = ?',
      ),
      opIdTaken: sqlite.prepare('SELECT 1 FROM ops WHERE op_id = ?'),
      lastStationSeq: sqlite
        .prepare(
          `SELECT max((SELECT coalesce(max(station_seq), 0) FROM ops WHERE station_id = ?),
                      (SELECT coalesce(max(station_seq), 0) FROM rejected_ops WHERE station_id = ?))`,
        )
        .pluck(),
      heldUse: sqlite.prepare(
        'SELECT count(*) AS ops, coalesce(sum(length(payload)), 0) AS bytes FROM ops WHERE station_id = ? AND applied = 0',
      ),
      entity: sqlite.prepare('SELECT state FROM entities WHERE kind = ? AND entity_id = ?').pluck(),
      insertOp: sqlite.prepare(
        `INSERT INTO ops (server_seq, op_id, station_id, station_seq, type, entity_id, site_id, payload, occurred_at, corrected_at, schema_version, received_at, applied)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      upsertEntity: sqlite.prepare(
        `INSERT INTO entities (kind, entity_id, site_id, state, version) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(kind, entity_id) DO UPDATE SET site_id = excluded.site_id, state = excluded.state, version = excluded.version`,
      ),
      // A page of the site's ops and the organisation's, after the cursor. Two range scans of ops_site_seq,
      // each stopping at the page size, merged: an OR over both would gather and sort everything after the
      // cursor for every page, which makes a station's first sync quadratic in the size of the log.
      pullPage: sqlite.prepare(
        `SELECT * FROM (SELECT ${RAW_OP_COLUMNS} FROM ops WHERE site_id = ? AND server_seq > ? AND ${NOT_A_NOTICE} ORDER BY server_seq LIMIT ?)
         UNION ALL
         SELECT * FROM (SELECT ${RAW_OP_COLUMNS} FROM ops WHERE site_id IS NULL AND server_seq > ? AND ${NOT_A_NOTICE} ORDER BY server_seq LIMIT ?)
         ORDER BY serverSeq LIMIT ?`,
      ),
      // Through the partial index ops_revocations.
      revocations: sqlite.prepare(
        `SELECT ${RAW_OP_COLUMNS} FROM ops WHERE site_id = ? AND server_seq > ?
           AND type = 'pass.status' AND json_extract(payload, '$.status') = 'revoked'
         ORDER BY server_seq LIMIT ?`,
      ),
      insertRejected: sqlite.prepare(
        `INSERT INTO rejected_ops (station_id, station_seq, op_id, reason, message, op, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
    };
    this.replayKept();
  }

  /**
   * Ops an older build kept without applying (a type or schema it did not know) are applied once this build
   * knows them, in server order, keeping their server sequence. Stations that pulled and held them replay
   * them alike; a station that merged without them is put right by the periodic checksum repair. Returns
   * how many were applied.
   */
  replayKept(now = new Date()): number {
    return this.db.$client
      .transaction(() => {
        let replayed = 0;
        const kept = this.db.select().from(ops).where(eq(ops.applied, false)).orderBy(asc(ops.serverSeq));
        for (const row of kept.all()) {
          const kind = kindOfOpType(row.type);
          if (!kind || row.schemaVersion > SYNC_SCHEMA_VERSION) continue;
          const station = this.db
            .select(stationColumns)
            .from(stations)
            .where(eq(stations.id, row.stationId))
            .get();
          const author: Author = station ?? { id: row.stationId, siteId: null, role: 'server' };
          const op = toServerOp(row);
          const existing = this.entity(kind, row.entityId);
          const verdict = judgeOp(op, author, existing, now);
          if (verdict.action !== 'apply') continue; // still not applicable here: it stays kept
          const state = applyOp(existing, { ...op, siteId: verdict.siteId }, row.serverSeq);
          this.sql.upsertEntity.run(state.kind, state.id, state.siteId, JSON.stringify(state), state.version);
          this.db.update(ops).set({ applied: true }).where(eq(ops.serverSeq, row.serverSeq)).run();
          replayed++;
        }
        return replayed;
      })
      .immediate();
  }

  private readonly sql: Record<
    | 'head'
    | 'seen'
    | 'refused'
    | 'opIdTaken'
    | 'lastStationSeq'
    | 'heldUse'
    | 'entity'
    | 'insertOp'
    | 'upsertEntity'
    | 'insertRejected'
    | 'pullPage'
    | 'revocations',
    Database.Statement
  >;

  private tx<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(this.db.$client.transaction(work).immediate());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  createSite(site: SiteInfo, now: string): Promise<SiteInfo> {
    return this.tx(() => {
      this.db
        .insert(sites)
        .values({ ...site, createdAt: now })
        .run();
      return site;
    });
  }
  site(id: string): Promise<SiteInfo | undefined> {
    return this.tx(() => this.db.select(siteColumns).from(sites).where(eq(sites.id, id)).get());
  }
  listSites(): Promise<SiteInfo[]> {
    return this.tx(() => this.db.select(siteColumns).from(sites).orderBy(asc(sites.name)).all());
  }

  createEnrollmentCode(input: {
    id: string;
    codeHash: string;
    siteId: string;
    role: 'kiosk' | 'desk' | 'gate';
    now: string;
    expiresAt: string;
  }): Promise<void> {
    return this.tx(() => {
      this.db
        .insert(enrollmentCodes)
        .values({
          id: input.id,
          codeHash: input.codeHash,
          siteId: input.siteId,
          role: input.role,
          createdAt: input.now,
          expiresAt: input.expiresAt,
        })
        .run();
    });
  }

  openEnrollmentCodes(siteId: string, now: string): Promise<OpenEnrollmentCode[]> {
    return this.tx(
      () =>
        this.db
          .select(openCodeColumns)
          .from(enrollmentCodes)
          .where(
            and(
              eq(enrollmentCodes.siteId, siteId),
              isNull(enrollmentCodes.claimedAt),
              gt(enrollmentCodes.expiresAt, now),
            ),
          )
          .orderBy(asc(enrollmentCodes.expiresAt))
          .all() as OpenEnrollmentCode[],
    );
  }

  expireEnrollmentCode(
    input: { id: string; siteId: string; now: string },
    audit: (code: OpenEnrollmentCode) => AdminAuditEntry,
  ): Promise<'ok' | 'unknown' | 'claimed' | 'expired'> {
    return this.tx(() => {
      const code = this.db.select().from(enrollmentCodes).where(eq(enrollmentCodes.id, input.id)).get();
      const refused = expiryRefusal(code, input.siteId, input.now);
      if (refused) return refused;
      this.db
        .update(enrollmentCodes)
        .set({ expiresAt: input.now })
        .where(eq(enrollmentCodes.id, input.id))
        .run();
      this.db
        .insert(adminAudit)
        .values(audit(code as OpenEnrollmentCode))
        .run();
      return 'ok';
    });
  }

  claimEnrollment(input: ClaimInput): Promise<ClaimResult> {
    return this.tx((): ClaimResult => {
      const code = this.db
        .select()
        .from(enrollmentCodes)
        .where(eq(enrollmentCodes.codeHash, input.codeHash))
        .get();
      if (!code) return { ok: false, reason: 'unknown_code' };
      if (code.claimedAt) return { ok: false, reason: 'claimed' };
      if (code.expiresAt <= input.now) return { ok: false, reason: 'expired' };
      if (this.db.select({ id: stations.id }).from(stations).where(eq(stations.id, input.stationId)).get()) {
        return { ok: false, reason: 'station_exists' };
      }
      // A key id names one station's key in every pass it signs: a second station may not claim it.
      if (
        input.keyId !== null &&
        this.db.select({ id: stations.id }).from(stations).where(eq(stations.keyId, input.keyId)).get()
      ) {
        return { ok: false, reason: 'key_exists' };
      }
      this.db
        .update(enrollmentCodes)
        .set({ claimedAt: input.now, stationId: input.stationId })
        .where(eq(enrollmentCodes.codeHash, input.codeHash))
        .run();
      const station = {
        id: input.stationId,
        siteId: code.siteId,
        role: code.role,
        name: input.name,
        revokedAt: null,
      };
      this.db
        .insert(stations)
        .values({
          ...station,
          credentialHash: input.credentialHash,
          publicKey: input.publicKey,
          keyId: input.keyId,
          createdAt: input.now,
        })
        .run();
      const site = this.db.select(siteColumns).from(sites).where(eq(sites.id, code.siteId)).get();
      if (!site) throw new Error('enrollment code for a missing site');
      return { ok: true, station, site };
    });
  }

  stationByCredentialHash(hash: string): Promise<StationRecord | undefined> {
    return this.tx(() =>
      this.db.select(stationColumns).from(stations).where(eq(stations.credentialHash, hash)).get(),
    );
  }
  station(id: string): Promise<StationRecord | undefined> {
    return this.tx(() => this.db.select(stationColumns).from(stations).where(eq(stations.id, id)).get());
  }
  revokeStation(id: string, now: string, audit: AdminAuditEntry): Promise<boolean> {
    return this.tx(() => {
      const revoked = this.db
        .update(stations)
        .set({ revokedAt: now })
        .where(and(eq(stations.id, id), isNull(stations.revokedAt)))
        .run().changes;
      if (revoked === 0) return false;
      this.db.insert(adminAudit).values(audit).run();
      return true;
    });
  }
  touchStation(id: string, now: string): Promise<void> {
    return this.tx(() => {
      this.db.update(stations).set({ lastSeenAt: now }).where(eq(stations.id, id)).run();
    });
  }

  recordHealth(stationId: string, health: StationHealth, now: string): Promise<void> {
    return this.tx(() => {
      this.db.insert(stationHealth).values({ stationId, reportedAt: now, health }).run();
      this.db.$client
        .prepare(
          `DELETE FROM station_health WHERE station_id = ? AND id NOT IN
             (SELECT id FROM station_health WHERE station_id = ? ORDER BY id DESC LIMIT ?)`,
        )
        .run(stationId, stationId, HEALTH_HISTORY);
    });
  }
  stationsOverview(): Promise<StationOverview[]> {
    return this.tx(() => {
      const rows = this.db
        .select({
          ...stationColumns,
          createdAt: stations.createdAt,
          lastSeenAt: stations.lastSeenAt,
          auditProblem: stations.auditProblem,
        })
        .from(stations)
        .orderBy(asc(stations.siteId), asc(stations.name))
        .all();
      const newest = this.db.$client.prepare(
        'SELECT reported_at AS reportedAt, health FROM station_health WHERE station_id = ? ORDER BY id DESC LIMIT 1',
      );
      return rows.map((row) => {
        const latest = newest.get(row.id) as { reportedAt: string; health: string } | undefined;
        return { ...row, health: latest ? toHealthEntry(latest) : null };
      });
    });
  }
  healthHistory(stationId: string): Promise<HealthEntry[]> {
    return this.tx(() =>
      (
        this.db.$client
          .prepare(
            'SELECT reported_at AS reportedAt, health FROM station_health WHERE station_id = ? ORDER BY id DESC',
          )
          .all(stationId) as { reportedAt: string; health: string }[]
      ).map(toHealthEntry),
    );
  }

  setAuditProblem(stationId: string, problem: AuditProblem | null): Promise<boolean> {
    return this.tx(
      () =>
        this.db.update(stations).set({ auditProblem: problem }).where(eq(stations.id, stationId)).run()
          .changes > 0,
    );
  }

  /**
   * Takes the personal fields out of an anonymised entity's earlier ops in the log (and notices keyed by
   * it, the arrival photo), so the log keeps no more than the merged state. Replaying the log gives the
   * same state: the anonymise op drops those fields anyway.
   */
  private scrubLog(entityId: string, before: number): void {
    const rows = this.db.$client
      .prepare(
        'SELECT server_seq AS serverSeq, type, payload FROM ops WHERE entity_id = ? AND server_seq < ?',
      )
      .all(entityId, before) as { serverSeq: number; type: string; payload: string }[];
    const update = this.db.$client.prepare('UPDATE ops SET payload = ? WHERE server_seq = ?');
    for (const row of rows) {
      const scrubbed = JSON.stringify(
        scrubbedPayload(row.type, JSON.parse(row.payload) as Record<string, unknown>),
      );
      if (scrubbed !== row.payload) update.run(scrubbed, row.serverSeq);
    }
  }

  private head(): number {
    return this.sql.head.get() as number;
  }
  headSeq(): Promise<number> {
    return this.tx(() => this.head());
  }

  gateVerdicts(): Promise<GateVerdictCount[]> {
    return this.tx(() =>
      (
        this.db.$client
          .prepare(
            `SELECT site_id AS siteId, json_extract(state, '$.firsts.event.v.granted') AS granted,
               json_extract(state, '$.firsts.event.v.reason') AS reason, COUNT(*) AS n
             FROM entities WHERE kind = 'gateEvent' AND site_id IS NOT NULL GROUP BY 1, 2, 3`,
          )
          .all() as { siteId: string; granted: number | null; reason: string | null; n: number }[]
      ).map((r) => ({ siteId: r.siteId, granted: r.granted === 1, reason: r.reason ?? '', n: r.n })),
    );
  }

  private entity(kind: string, entityId: string): EntityState | undefined {
    const text = this.sql.entity.get(kind, entityId);
    return typeof text === 'string' ? (JSON.parse(text) as EntityState) : undefined;
  }

  push(
    author: Author,
    batch: SyncOp[],
    now: Date,
    pushOffsetMs = 0,
    audit: AdminAuditEntry[] = [],
  ): Promise<PushResponse> {
    const nowIso = now.toISOString();
    let anonymisedAny = false;
    return this.tx(() => {
      const response: PushResponse = {
        acks: [],
        rejected: [],
        quarantined: [],
        serverTime: nowIso,
        serverHeadSeq: 0,
      };
      let head = this.head();
      const heldUse = this.sql.heldUse.get(author.id) as { ops: number; bytes: number };
      for (const sent of batch) {
        // Judged, logged and merged at its corrected time (the station's, or the push's sentAt offset).
        const op = { ...sent, correctedAt: correctedTime(sent, pushOffsetMs) };
        const own = op.stationId === author.id;
        // The same (station, stationSeq) again: the ack was lost. Answer as before, apply nothing.
        const seen = own
          ? (this.sql.seen.get(op.stationId, op.stationSeq) as
              { serverSeq: number; applied: number; correctedAt: string | null; opId: string } | undefined)
          : undefined;
        const refused = own
          ? (this.sql.refused.get(op.stationId, op.stationSeq) as
              { reason: RejectionReason; message: string; opId: string } | undefined)
          : undefined;
        // The sequence holds another op of this station: restored from an older backup, it numbers again.
        // Answered up to here: the station renumbers the rest past what the server has and pushes again.
        if ((seen && seen.opId !== op.opId) || (refused && refused.opId !== op.opId)) {
          response.stationSeqTaken = this.lastStationSeq(author.id);
          break;
        }
        if (seen) {
          response.acks.push({
            stationSeq: op.stationSeq,
            serverSeq: seen.serverSeq,
            ...(seen.applied ? {} : { held: 'schema_unknown' as const }),
            ...(seen.correctedAt ? { correctedAt: seen.correctedAt } : {}),
          });
          continue;
        }
        if (refused) {
          this.answerRejection(response, op.stationSeq, refused.reason, refused.message);
          continue;
        }
        const kind = kindOfOpType(op.type);
        const existing = kind ? this.entity(kind, op.entityId) : undefined;
        let verdict = judgeOp(op, author, existing, now);
        if (verdict.action !== 'reject' && this.sql.opIdTaken.get(op.opId)) {
          verdict = {
            action: 'reject',
            reason: 'invalid_op',
            message: 'That op id is already in the log under another station sequence.',
          };
        }
        // A late op about someone already anonymised is logged without what it named (issue #15).
        const anonymised = verdict.action === 'apply' && existing !== undefined && isAnonymised(existing);
        const payloadText = JSON.stringify(anonymised ? scrubbedPayload(op.type, op.payload) : op.payload);
        if (verdict.action === 'keep' && author.role !== 'server') {
          verdict = heldQuotaRefusal(heldUse, payloadText.length) ?? verdict;
          if (verdict.action === 'keep') {
            heldUse.ops += 1;
            heldUse.bytes += payloadText.length;
          }
        }
        if (verdict.action === 'reject') {
          // An op claiming another station is answered but not recorded: it must not shadow that station's op.
          if (own)
            this.sql.insertRejected.run(
              author.id,
              op.stationSeq,
              op.opId,
              verdict.reason,
              verdict.message,
              JSON.stringify(op),
              nowIso,
            );
          this.answerRejection(response, op.stationSeq, verdict.reason, verdict.message);
          continue;
        }
        const serverSeq = ++head;
        const scoped = { ...op, siteId: verdict.siteId };
        const applied = verdict.action === 'apply';
        // A kept op waits for a newer server (held at the station); a notice needs nothing more.
        const held = verdict.action === 'keep';
        this.logOp(
          serverSeq,
          { ...op, payload: JSON.parse(payloadText) as SyncOp['payload'] },
          verdict.siteId,
          !held,
          nowIso,
        );
        if (applied) {
          const state = applyOp(existing, scoped, serverSeq);
          this.sql.upsertEntity.run(state.kind, state.id, state.siteId, JSON.stringify(state), state.version);
          if (op.type.endsWith('.anonymise')) {
            this.scrubLog(op.entityId, serverSeq);
            this.scrubCopies(op.entityId);
            anonymisedAny = true;
          }
        }
        response.acks.push({
          stationSeq: op.stationSeq,
          serverSeq,
          ...(held ? { held: 'schema_unknown' as const } : {}),
          correctedAt: op.correctedAt,
        });
      }
      response.serverHeadSeq = head;
      if (response.rejected.length === 0 && response.quarantined.length === 0)
        for (const entry of audit) this.db.insert(adminAudit).values(entry).run();
      return response;
    }).then((response) => {
      if (anonymisedAny) this.forgetFreed();
      return response;
    });
  }

  /**
   * The server's other copies of what an anonymised entity named (issue #15): notices about it under
   * another id (a pass e-mail names the visit), the notification messages of the visit once sent or dead,
   * ops refused or failed that are about it. Through the partial indexes where the tables grow.
   */
  private scrubCopies(entityId: string): void {
    const db = this.db.$client;
    db.prepare(
      `UPDATE ops SET payload = '{}' WHERE type IN (${NOTICE_TYPES}) AND payload <> '{}'
         AND (entity_id = ? OR json_extract(payload, '$.visitId') = ?)`,
    ).run(entityId, entityId);
    db.prepare(
      `UPDATE notify_messages SET content = '${PURGED_CONTENT}',
         address = CASE WHEN event = 'pass.email' THEN '' ELSE address END
       WHERE content <> '${PURGED_CONTENT}' AND visit_id = ? AND status IN ('sent', 'dead')`,
    ).run(entityId);
    db.prepare(
      `UPDATE notify_failed_ops SET op = json_set(op, '$.payload', json('{}'))
       WHERE json_extract(op, '$.entityId') = ? OR json_extract(op, '$.payload.visitId') = ?`,
    ).run(entityId, entityId);
    const refused = db
      .prepare(
        `SELECT station_id AS stationId, station_seq AS stationSeq, op FROM rejected_ops
         WHERE json_extract(op, '$.entityId') = ? OR json_extract(op, '$.payload.visitId') = ?`,
      )
      .all(entityId, entityId) as { stationId: string; stationSeq: number; op: string }[];
    const update = db.prepare('UPDATE rejected_ops SET op = ? WHERE station_id = ? AND station_seq = ?');
    for (const row of refused) {
      const op = JSON.parse(row.op) as SyncOp;
      update.run(
        JSON.stringify({ ...op, payload: scrubbedPayload(op.type, op.payload) }),
        row.stationId,
        row.stationSeq,
      );
    }
  }

  /** Appends an op to the log at `serverSeq`; `applied` false: kept for a newer server. */
  private logOp(serverSeq: number, op: SyncOp, siteId: string | null, applied: boolean, nowIso: string) {
    this.sql.insertOp.run(
      serverSeq,
      op.opId,
      op.stationId,
      op.stationSeq,
      op.type,
      op.entityId,
      siteId,
      JSON.stringify(op.payload),
      op.occurredAt,
      op.correctedAt ?? null,
      op.schemaVersion,
      nowIso,
      applied ? 1 : 0,
    );
  }

  private answerRejection(
    response: PushResponse,
    stationSeq: number,
    reason: PushResponse['rejected'][number]['reason'],
    message: string,
  ) {
    response.rejected.push({ stationSeq, reason, message });
    if (reason === 'far_future') response.quarantined.push(stationSeq);
  }

  pull(
    station: StationRecord,
    request: { cursor: number; limit: number; lastOp?: { serverSeq: number; opId: string } | null },
  ): Promise<PullResponse> {
    return this.tx(() => {
      const head = this.head();
      if (request.cursor > head) {
        throw new SyncError(
          'cursor_unknown',
          `Cursor ${request.cursor} is beyond this server's newest op ${head}: the server was restored from a backup.`,
          head,
        );
      }
      if (request.lastOp) {
        const row = this.db
          .select({ opId: ops.opId })
          .from(ops)
          .where(eq(ops.serverSeq, request.lastOp.serverSeq))
          .get();
        if (row?.opId !== request.lastOp.opId) {
          throw new SyncError(
            'cursor_unknown',
            `Op ${request.lastOp.serverSeq} is not the one this station received: the server was restored from a backup.`,
            head,
          );
        }
      }
      const limit = request.limit + 1;
      const rows = (
        this.sql.pullPage.all(station.siteId, request.cursor, limit, request.cursor, limit, limit) as RawOp[]
      ).map(fromRawOp);
      const hasMore = rows.length > request.limit;
      const page = rows.slice(0, request.limit);
      return {
        ops: page,
        hasMore,
        nextCursor: hasMore ? (page.at(-1)?.serverSeq ?? request.cursor) : head,
        serverHeadSeq: head,
      };
    });
  }

  revocationsAfter(station: StationRecord, afterSeq: number, limit: number): Promise<ServerOp[]> {
    const rows = this.sql.revocations.all(station.siteId, afterSeq, limit) as RawOp[];
    return Promise.resolve(rows.map(fromRawOp));
  }

  releaseQuarantined(
    stationId: string,
    stationSeq: number,
    reason: string,
    now: Date,
  ): Promise<ReleaseResult> {
    const nowIso = now.toISOString();
    return this.tx((): ReleaseResult => {
      const row = this.db
        .select()
        .from(rejectedOps)
        .where(and(eq(rejectedOps.stationId, stationId), eq(rejectedOps.stationSeq, stationSeq)))
        .get();
      if (!row || row.reason !== 'far_future') return { ok: false, problem: 'not_quarantined' };
      const station = this.db.select(stationColumns).from(stations).where(eq(stations.id, stationId)).get();
      if (!station) return { ok: false, problem: 'not_quarantined' };
      const op = row.op as unknown as SyncOp;
      const kind = kindOfOpType(op.type);
      const existing = kind ? this.entity(kind, op.entityId) : undefined;
      // Judged again as the station's op, all but its time: a release never buys more than a push could.
      const verdict = judgeOp(op, station, existing, now, true);
      if (verdict.action === 'reject') return { ok: false, problem: 'refused', message: verdict.message };
      const serverSeq = this.head() + 1;
      this.logOp(serverSeq, op, verdict.siteId, verdict.action !== 'keep', nowIso);
      if (verdict.action === 'apply') {
        const state = applyOp(existing, { ...op, siteId: verdict.siteId }, serverSeq);
        this.sql.upsertEntity.run(state.kind, state.id, state.siteId, JSON.stringify(state), state.version);
      }
      this.db
        .delete(rejectedOps)
        .where(and(eq(rejectedOps.stationId, stationId), eq(rejectedOps.stationSeq, stationSeq)))
        .run();
      this.db
        .insert(adminAudit)
        .values({
          at: nowIso,
          action: 'quarantine.release',
          details: { stationId, stationSeq, opId: op.opId, type: op.type, reason, serverSeq },
        })
        .run();
      return { ok: true, serverSeq, siteId: verdict.siteId };
    });
  }

  appendAdminAudit(entry: AdminAuditEntry): Promise<void> {
    return this.tx(() => {
      this.db.insert(adminAudit).values(entry).run();
    });
  }

  createSetupCode(input: { codeHash: string; siteId: string; now: string }): Promise<void> {
    return this.tx(() => {
      this.db
        .insert(siteSetupCodes)
        .values({ codeHash: input.codeHash, siteId: input.siteId, createdAt: input.now })
        .run();
    });
  }

  claimSetupCode(input: {
    codeHash: string;
    siteId: string;
    staffId: string;
    stationId: string;
    now: string;
  }): Promise<SetupClaimResult> {
    return this.tx((): SetupClaimResult => {
      const code = this.db
        .select()
        .from(siteSetupCodes)
        .where(and(eq(siteSetupCodes.codeHash, input.codeHash), eq(siteSetupCodes.siteId, input.siteId)))
        .get();
      if (!code) return 'unknown_code';
      if (code.claimedAt) return 'claimed';
      this.db
        .update(siteSetupCodes)
        .set({ claimedAt: input.now, staffId: input.staffId, stationId: input.stationId })
        .where(eq(siteSetupCodes.codeHash, input.codeHash))
        .run();
      this.db
        .insert(adminAudit)
        .values({
          at: input.now,
          action: 'site.first_admin',
          details: { siteId: input.siteId, staffId: input.staffId, stationId: input.stationId },
        })
        .run();
      return 'ok';
    });
  }

  adminAudit(): Promise<AdminAuditEntry[]> {
    return this.tx(() =>
      this.db
        .select()
        .from(adminAudit)
        .orderBy(asc(adminAudit.id))
        .all()
        .map((r) => ({ at: r.at, action: r.action, details: r.details })),
    );
  }

  adminAuditPage(query: AuditQuery): Promise<AuditPage> {
    return this.tx(() => {
      const detail = (key: 'siteId' | 'stationId') => sql`json_extract(${adminAudit.details}, ${`$.${key}`})`;
      const rows = this.db
        .select()
        .from(adminAudit)
        .where(auditWhere(query, adminAudit, detail))
        .orderBy(desc(adminAudit.id))
        .limit(query.limit + 1)
        .all();
      const actions = this.db
        .selectDistinct({ action: adminAudit.action })
        .from(adminAudit)
        .orderBy(asc(adminAudit.action))
        .all();
      return auditPage(rows, query.limit, actions);
    });
  }

  /** The newest station sequence the log or the refused ops hold from this station (0: none). */
  private lastStationSeq(stationId: string): number {
    return this.sql.lastStationSeq.get(stationId, stationId) as number;
  }

  nextAuthorSeq(authorId: string): Promise<number> {
    return this.tx(() => {
      const fromLog =
        this.db
          .select({ seq: sql<number>`coalesce(max(${ops.stationSeq}), 0)` })
          .from(ops)
          .where(eq(ops.stationId, authorId))
          .get()?.seq ?? 0;
      const fromRejected =
        this.db
          .select({ seq: sql<number>`coalesce(max(${rejectedOps.stationSeq}), 0)` })
          .from(rejectedOps)
          .where(eq(rejectedOps.stationId, authorId))
          .get()?.seq ?? 0;
      return Math.max(fromLog, fromRejected) + 1;
    });
  }

  entitiesInScope(siteId: string): Promise<EntityState[]> {
    return this.tx(() =>
      this.db
        .select({ state: entities.state })
        .from(entities)
        .where(or(eq(entities.siteId, siteId), isNull(entities.siteId)))
        .orderBy(asc(entities.kind), asc(entities.entityId))
        .all()
        .map((r) => r.state as unknown as EntityState),
    );
  }

  siteEntities(siteId: string, kinds: readonly EntityKind[]): Promise<EntityState[]> {
    return this.tx(() =>
      this.db
        .select({ state: entities.state })
        .from(entities)
        .where(and(eq(entities.siteId, siteId), inArray(entities.kind, [...kinds])))
        .all()
        .map((r) => r.state as unknown as EntityState),
    );
  }

  log(fromSeq = 0): Promise<ServerOp[]> {
    return this.tx(() =>
      this.db
        .select()
        .from(ops)
        .where(gt(ops.serverSeq, fromSeq))
        .orderBy(asc(ops.serverSeq))
        .all()
        .map(toServerOp),
    );
  }

  rejected(): Promise<{ stationId: string; stationSeq: number; reason: string; message: string }[]> {
    return this.tx(() =>
      this.db
        .select({
          stationId: rejectedOps.stationId,
          stationSeq: rejectedOps.stationSeq,
          reason: rejectedOps.reason,
          message: rejectedOps.message,
        })
        .from(rejectedOps)
        .all(),
    );
  }

  purgePersonal({ consumedThrough, before }: PurgeInput): Promise<PurgeCounts> {
    return this.tx((): PurgeCounts => {
      const db = this.db.$client;
      const notices = db
        .prepare(
          `UPDATE ops SET payload = '{}' WHERE type IN (${NOTICE_TYPES}) AND payload <> '{}' AND (received_at < ?
             OR (server_seq <= ? AND server_seq NOT IN (SELECT server_seq FROM notify_failed_ops WHERE status = 'retrying')))`,
        )
        .run(before, consumedThrough ?? 0).changes;
      const messages = db
        .prepare(
          `UPDATE notify_messages SET content = '${PURGED_CONTENT}',
             address = CASE WHEN event = 'pass.email' THEN '' ELSE address END
           WHERE content <> '${PURGED_CONTENT}'
             AND ((status = 'sent' AND channel <> 'inapp') OR (status IN ('sent', 'dead') AND created_at < ?))`,
        )
        .run(before).changes;
      const failedOps = db
        .prepare(
          `UPDATE notify_failed_ops SET op = json_set(op, '$.payload', json('{}'))
           WHERE json_extract(op, '$.type') IN (${NOTICE_TYPES}) AND first_failed_at < ? AND json_extract(op, '$.payload') <> '{}'`,
        )
        .run(before).changes;
      return { notices, messages, failedOps };
    }).then((counts) => {
      if (counts.notices + counts.messages + counts.failedOps > 0) this.forgetFreed();
      return counts;
    });
  }

  /**
   * After personal data left rows (secure_delete zeroes freed space in the file): the WAL, which still
   * holds the pages as they were, is checkpointed and truncated.
   */
  private forgetFreed(): void {
    this.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.$client.close();
  }
}
