// The SyncStore on PostgreSQL (`npm run server -- --database postgres://…`, docs/postgresql.md): node-postgres
// pool + drizzle, migrations from ./db/pg-migrations. Several server processes may share one database:
//  - every push (and the replay of kept ops) takes one transaction-level advisory lock first, reads the head
//    after it and commits before releasing it, so server sequences are gap-free, never handed out twice,
//    and committed in order: no reader ever sees seq 12 while seq 11 is still uncommitted;
//  - a pull reads the head and its page in one statement (one snapshot), so both describe the same log;
//  - migrations run under a session advisory lock, so instances starting together migrate once;
//  - periodic work that must not run twice at once (the notifier's op-log work, retention) is done under a
//    session advisory lock tried, not waited for (`exclusive`): an instance that does not get it skips it;
//  - nudges go to every instance through LISTEN/NOTIFY (PgNudgeBus), so a station hears of any instance's writes.
// The decisions are the same pure functions as the SQLite store's (./rules.ts, src/shared/merge.ts).
import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
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
  SYNC_SCHEMA_VERSION,
  SyncError,
  correctedTime,
  type PullResponse,
  type PushResponse,
  type RejectionReason,
  type ServerOp,
  type SiteInfo,
  type StationHealth,
  type SyncOp,
} from '../shared/sync';
import * as schema from './db/pg-schema';
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
} from './db/pg-schema';
import { redactedUrl } from './database-url';
import { heldQuotaRefusal, judgeOp } from './rules';
import { auditWhere } from './audit-query';
import {
  auditPage,
  expiryRefusal,
  HEALTH_HISTORY,
  type AdminAuditEntry,
  type AuditPage,
  type AuditQuery,
  type Author,
  type ExclusiveWork,
  type PurgeCounts,
  type PurgeInput,
  type ClaimInput,
  type ClaimResult,
  type GateVerdictCount,
  type HealthEntry,
  type NudgeBus,
  type NudgeEvent,
  type OpenEnrollmentCode,
  type ReleaseResult,
  type SetupClaimResult,
  type StationOverview,
  type StationRecord,
  type SyncStore,
} from './store';

export const PG_MIGRATIONS_DIR = fileURLToPath(new URL('./db/pg-migrations', import.meta.url));

/** Advisory lock keys (one namespace for Gatehouse): the op log's writers, and migrations. */
const LOCK = { ops: 0x6761_7465_01n, migrate: 0x6761_7465_02n } as const;
/** The two-key advisory locks of `exclusive` work (a namespace apart from the one-key locks above). */
const EXCLUSIVE_LOCK: Record<ExclusiveWork, readonly [number, number]> = {
  notifyLog: [0x6761_7465, 3],
  retention: [0x6761_7465, 4],
};

type PgDb = NodePgDatabase<typeof schema>;
type Tx = Parameters<Parameters<PgDb['transaction']>[0]>[0];
/** The op log's writer: drizzle on the transaction's connection, and that connection for bulk statements. */
/** The notice types written out as in the partial index ops_unpurged_notices, so the planner uses it. */
const NOTICE_LIST = NOTICE_OP_TYPES.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ');

type LogWriter = NodePgDatabase<typeof schema> & { client: pg.PoolClient };

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
const opColumns = {
  serverSeq: ops.serverSeq,
  opId: ops.opId,
  stationId: ops.stationId,
  stationSeq: ops.stationSeq,
  type: ops.type,
  entityId: ops.entityId,
  siteId: ops.siteId,
  payload: ops.payload,
  occurredAt: ops.occurredAt,
  correctedAt: ops.correctedAt,
  schemaVersion: ops.schemaVersion,
};

/** A logged op as pulled: correctedAt only where the log has one. */
const serverOpOf = ({
  correctedAt,
  ...row
}: Omit<ServerOp, 'correctedAt'> & { correctedAt: string | null }): ServerOp => ({
  ...row,
  ...(correctedAt ? { correctedAt } : {}),
});

/**
 * An op's columns as the pull and the revocations read them with node-postgres directly (rowMode 'array'),
 * in the order opOfRow takes them: a first sync maps 200,000 rows, and drizzle's per-field mapping of
 * result objects cost more than the whole PostgreSQL side (bench sync-pg).
 */
const RAW_OP_COLUMNS = `server_seq, op_id, station_id, station_seq, type, entity_id, site_id, payload,
  occurred_at, corrected_at, schema_version`;
/** Notice ops (for the server's notifications alone) never go to stations. */
const NOT_A_NOTICE = `type NOT IN (${NOTICE_LIST})`;
/**
 * A row of RAW_OP_COLUMNS from column `at` on (bigints come as text, json already parsed), built field by
 * field: a rest pattern copies through V8's slow generic path (see SqliteSyncStore's serverOpOf).
 */
function opOfRow(r: unknown[], at = 0): ServerOp {
  const op: ServerOp = {
    serverSeq: Number(r[at]),
    opId: r[at + 1] as string,
    stationId: r[at + 2] as string,
    stationSeq: Number(r[at + 3]),
    type: r[at + 4] as string,
    entityId: r[at + 5] as string,
    siteId: r[at + 6] as string | null,
    payload: r[at + 7] as ServerOp['payload'],
    occurredAt: r[at + 8] as string,
    schemaVersion: Number(r[at + 10]),
  };
  const correctedAt = r[at + 9] as string | null;
  if (correctedAt) op.correctedAt = correctedAt;
  return op;
}

/** Rows per INSERT, well inside PostgreSQL's 65,535 parameters per statement. */
const INSERT_CHUNK = 1000;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) out.push(rows.slice(i, i + INSERT_CHUNK));
  return out;
}

const entityKey = (kind: string, entityId: string) => `${kind}\u0000${entityId}`;

/** The LISTEN/NOTIFY channel of nudges between server instances. */
const NUDGE_CHANNEL = 'gatehouse_nudge';
const RECONNECT_MS = 1000;

const isNudgeEvent = (value: unknown): value is NudgeEvent => {
  const event = value as Partial<Record<string, unknown>> | null;
  if (typeof event !== 'object' || event === null) return false;
  if (event.type === 'revoked') return typeof event.stationId === 'string';
  return event.type === 'applied' && Array.isArray(event.siteIds) && typeof event.serverHeadSeq === 'number';
};

/**
 * Nudges between instances: NOTIFY through the pool, LISTEN on a connection of its own per subscriber
 * (a pooled connection would be handed to other work). A dropped listening connection is opened again;
 * since nudges sent meanwhile are lost, every station connected here is then nudged once.
 */
class PgNudgeBus implements NudgeBus {
  constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly headSeq: () => Promise<number>,
  ) {}

  async publish(event: NudgeEvent): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [NUDGE_CHANNEL, JSON.stringify(event)]);
  }

  async subscribe(listener: (event: NudgeEvent) => void): Promise<() => Promise<void>> {
    let closed = false;
    let current: pg.Client | undefined;
    let retry: NodeJS.Timeout | undefined;
    const connect = async () => {
      const client = new pg.Client({ connectionString: this.url });
      client.on('error', () => undefined); // followed by 'end'
      client.on('notification', (message) => {
        if (message.channel !== NUDGE_CHANNEL || !message.payload) return;
        try {
          const event: unknown = JSON.parse(message.payload);
          if (isNudgeEvent(event)) listener(event);
        } catch {
          // not ours
        }
      });
      client.on('end', () => {
        if (closed || current !== client) return;
        current = undefined;
        retry = setTimeout(reconnect, RECONNECT_MS);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${NUDGE_CHANNEL}`);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      if (closed) await client.end();
      else current = client;
    };
    const reconnect = () => {
      connect().then(
        async () => listener({ type: 'applied', siteIds: [null], serverHeadSeq: await this.headSeq() }),
        () => {
          if (!closed) retry = setTimeout(reconnect, RECONNECT_MS);
        },
      );
    };
    await connect();
    return async () => {
      closed = true;
      clearTimeout(retry);
      const client = current;
      current = undefined;
      await client?.end();
    };
  }
}

export class PgSyncStore implements SyncStore {
  readonly pool: pg.Pool;
  readonly db: PgDb;
  readonly nudges: NudgeBus;

  /** Connects, migrates (once across instances) and applies ops an older build kept. */
  static async open(url: string, options: { max?: number } = {}): Promise<PgSyncStore> {
    const store = new PgSyncStore(url, options);
    try {
      await store.migrate();
      await store.replayKept();
    } catch (error) {
      await store.close();
      throw new Error(`Cannot use the PostgreSQL database ${redactedUrl(url)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return store;
  }

  private constructor(url: string, options: { max?: number }) {
    this.pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
    // An idle connection dropped by the server (restart, failover) is replaced on the next query; without
    // a listener the pool's 'error' event would end the process.
    this.pool.on('error', () => undefined);
    this.db = drizzle(this.pool, { schema });
    this.nudges = new PgNudgeBus(url, this.pool, () => this.headSeq());
  }

  async exclusive(work: ExclusiveWork, run: () => Promise<void>): Promise<boolean> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
        ...EXCLUSIVE_LOCK[work],
      ]);
      if (!rows[0]?.ok) return false;
      try {
        await run();
      } finally {
        // A connection that cannot unlock is dropped rather than pooled, and its lock goes with it.
        await client
          .query('SELECT pg_advisory_unlock($1, $2)', [...EXCLUSIVE_LOCK[work]])
          .catch((error: Error) => (broken = error));
      }
      return true;
    } finally {
      client.release(broken);
    }
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [LOCK.migrate.toString()]);
      try {
        await migrate(drizzle(client, { schema }), { migrationsFolder: PG_MIGRATIONS_DIR });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [LOCK.migrate.toString()]);
      }
    } finally {
      client.release();
    }
  }

  /**
   * A transaction that holds the op log's lock: the only way ops and entities are written. Its own pooled
   * connection, so the bulk inserts can pass whole arrays as single parameters (unnest).
   */
  private async logWriter<T>(work: (tx: LogWriter) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [LOCK.ops.toString()]);
      const result = await work(Object.assign(drizzle(client, { schema }), { client }));
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dropped from the pool rather than reused.
      const broken = await client.query('ROLLBACK').then(
        () => undefined,
        (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
      );
      client.release(broken);
      throw error;
    }
  }

  /** One consistent snapshot for reads that must agree with each other (head and page). */
  private snapshot<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(work, { isolationLevel: 'repeatable read', accessMode: 'read only' });
  }

  /** See SqliteSyncStore.replayKept: ops kept by an older build, applied once this build knows them. */
  replayKept(now = new Date()): Promise<number> {
    return this.logWriter(async (tx) => {
      let replayed = 0;
      const kept = await tx.select().from(ops).where(eq(ops.applied, false)).orderBy(asc(ops.serverSeq));
      for (const row of kept) {
        const kind = kindOfOpType(row.type);
        if (!kind || row.schemaVersion > SYNC_SCHEMA_VERSION) continue;
        const [station] = await tx
          .select(stationColumns)
          .from(stations)
          .where(eq(stations.id, row.stationId));
        const author: Author = station ?? { id: row.stationId, siteId: null, role: 'server' };
        const op = serverOpOf(row);
        const existing = await this.entity(tx, kind, row.entityId);
        const verdict = judgeOp(op, author, existing, now);
        if (verdict.action !== 'apply') continue;
        const state = applyOp(existing, { ...op, siteId: verdict.siteId }, row.serverSeq);
        await this.upsertEntities(tx, [state]);
        await tx.update(ops).set({ applied: true }).where(eq(ops.serverSeq, row.serverSeq));
        replayed++;
      }
      return replayed;
    });
  }

  private async entity(tx: LogWriter, kind: string, entityId: string): Promise<EntityState | undefined> {
    const [row] = await tx
      .select({ state: entities.state })
      .from(entities)
      .where(and(eq(entities.kind, kind), eq(entities.entityId, entityId)));
    return row?.state as unknown as EntityState | undefined;
  }

  private async upsertEntities(tx: LogWriter, states: EntityState[]): Promise<void> {
    if (!states.length) return;
    await tx.client.query(
      `INSERT INTO entities (kind, entity_id, site_id, state, version)
       SELECT kind, entity_id, site_id, state::json, version
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
           AS u(kind, entity_id, site_id, state, version)
       ON CONFLICT (kind, entity_id) DO UPDATE
         SET site_id = excluded.site_id, state = excluded.state, version = excluded.version`,
      [
        states.map((s) => s.kind),
        states.map((s) => s.id),
        states.map((s) => s.siteId),
        states.map((s) => JSON.stringify(s)),
        states.map((s) => s.version),
      ],
    );
  }

  /** Ops in one statement: each column an array parameter, so one parse whatever the batch size. */
  private async insertOps(tx: LogWriter, rows: (typeof ops.$inferInsert)[]): Promise<void> {
    if (!rows.length) return;
    await tx.client.query(
      `INSERT INTO ops (server_seq, op_id, station_id, station_seq, type, entity_id, site_id, payload,
                        occurred_at, schema_version, received_at, applied, corrected_at)
       SELECT server_seq, op_id, station_id, station_seq, type, entity_id, site_id, payload::json,
              occurred_at, schema_version, received_at, applied, corrected_at
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::text[], $10::bigint[], $11::text[], $12::boolean[], $13::text[])
           AS u(server_seq, op_id, station_id, station_seq, type, entity_id, site_id, payload,
                occurred_at, schema_version, received_at, applied, corrected_at)`,
      [
        rows.map((r) => r.serverSeq),
        rows.map((r) => r.opId),
        rows.map((r) => r.stationId),
        rows.map((r) => r.stationSeq),
        rows.map((r) => r.type),
        rows.map((r) => r.entityId),
        rows.map((r) => r.siteId ?? null),
        rows.map((r) => JSON.stringify(r.payload)),
        rows.map((r) => r.occurredAt),
        rows.map((r) => r.schemaVersion),
        rows.map((r) => r.receivedAt),
        rows.map((r) => r.applied),
        rows.map((r) => r.correctedAt ?? null),
      ],
    );
  }

  async createSite(site: SiteInfo, now: string): Promise<SiteInfo> {
    await this.db.insert(sites).values({ ...site, createdAt: now });
    return site;
  }
  async site(id: string): Promise<SiteInfo | undefined> {
    const [row] = await this.db.select(siteColumns).from(sites).where(eq(sites.id, id));
    return row;
  }
  listSites(): Promise<SiteInfo[]> {
    return this.db.select(siteColumns).from(sites).orderBy(asc(sites.name));
  }

  async createEnrollmentCode(input: {
    id: string;
    codeHash: string;
    siteId: string;
    role: 'kiosk' | 'desk' | 'gate';
    now: string;
    expiresAt: string;
  }): Promise<void> {
    await this.db.insert(enrollmentCodes).values({
      id: input.id,
      codeHash: input.codeHash,
      siteId: input.siteId,
      role: input.role,
      createdAt: input.now,
      expiresAt: input.expiresAt,
    });
  }

  async openEnrollmentCodes(siteId: string, now: string): Promise<OpenEnrollmentCode[]> {
    return (await this.db
      .select(openCodeColumns)
      .from(enrollmentCodes)
      .where(
        and(
          eq(enrollmentCodes.siteId, siteId),
          isNull(enrollmentCodes.claimedAt),
          gt(enrollmentCodes.expiresAt, now),
        ),
      )
      .orderBy(asc(enrollmentCodes.expiresAt))) as OpenEnrollmentCode[];
  }

  expireEnrollmentCode(
    input: { id: string; siteId: string; now: string },
    audit: (code: OpenEnrollmentCode) => AdminAuditEntry,
  ): Promise<'ok' | 'unknown' | 'claimed' | 'expired'> {
    return this.db.transaction(async (tx) => {
      // FOR UPDATE: a claim of the same code on another instance waits, then finds it expired.
      const [code] = await tx
        .select()
        .from(enrollmentCodes)
        .where(eq(enrollmentCodes.id, input.id))
        .for('update');
      const refused = expiryRefusal(code, input.siteId, input.now);
      if (refused) return refused;
      await tx.update(enrollmentCodes).set({ expiresAt: input.now }).where(eq(enrollmentCodes.id, input.id));
      await tx.insert(adminAudit).values(audit(code as OpenEnrollmentCode));
      return 'ok';
    });
  }

  claimEnrollment(input: ClaimInput): Promise<ClaimResult> {
    return this.db.transaction(async (tx): Promise<ClaimResult> => {
      // FOR UPDATE: two instances claiming one code at once are served one after the other.
      const [code] = await tx
        .select()
        .from(enrollmentCodes)
        .where(eq(enrollmentCodes.codeHash, input.codeHash))
        .for('update');
      if (!code) return { ok: false, reason: 'unknown_code' };
      if (code.claimedAt) return { ok: false, reason: 'claimed' };
      if (code.expiresAt <= input.now) return { ok: false, reason: 'expired' };
      if ((await tx.select({ id: stations.id }).from(stations).where(eq(stations.id, input.stationId)))[0])
        return { ok: false, reason: 'station_exists' };
      if (
        input.keyId !== null &&
        (await tx.select({ id: stations.id }).from(stations).where(eq(stations.keyId, input.keyId)))[0]
      )
        return { ok: false, reason: 'key_exists' };
      await tx
        .update(enrollmentCodes)
        .set({ claimedAt: input.now, stationId: input.stationId })
        .where(eq(enrollmentCodes.codeHash, input.codeHash));
      const station = {
        id: input.stationId,
        siteId: code.siteId,
        role: code.role,
        name: input.name,
        revokedAt: null,
      };
      await tx.insert(stations).values({
        ...station,
        credentialHash: input.credentialHash,
        publicKey: input.publicKey,
        keyId: input.keyId,
        createdAt: input.now,
      });
      const [site] = await tx.select(siteColumns).from(sites).where(eq(sites.id, code.siteId));
      if (!site) throw new Error('enrollment code for a missing site');
      return { ok: true, station, site };
    });
  }

  async stationByCredentialHash(hash: string): Promise<StationRecord | undefined> {
    const [row] = await this.db
      .select(stationColumns)
      .from(stations)
      .where(eq(stations.credentialHash, hash));
    return row;
  }
  async station(id: string): Promise<StationRecord | undefined> {
    const [row] = await this.db.select(stationColumns).from(stations).where(eq(stations.id, id));
    return row;
  }
  revokeStation(id: string, now: string, audit: AdminAuditEntry): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const revoked = await tx
        .update(stations)
        .set({ revokedAt: now })
        .where(and(eq(stations.id, id), isNull(stations.revokedAt)))
        .returning({ id: stations.id });
      if (revoked.length === 0) return false;
      await tx.insert(adminAudit).values(audit);
      return true;
    });
  }
  async touchStation(id: string, now: string): Promise<void> {
    await this.db.update(stations).set({ lastSeenAt: now }).where(eq(stations.id, id));
  }

  recordHealth(stationId: string, health: StationHealth, now: string): Promise<void> {
    return this.db.transaction(async (tx) => {
      await tx.insert(stationHealth).values({ stationId, reportedAt: now, health });
      await tx.execute(
        sql`DELETE FROM station_health WHERE station_id = ${stationId} AND id NOT IN
              (SELECT id FROM station_health WHERE station_id = ${stationId} ORDER BY id DESC LIMIT ${HEALTH_HISTORY})`,
      );
    });
  }
  stationsOverview(): Promise<StationOverview[]> {
    return this.snapshot(async (tx) => {
      const rows = await tx
        .select({
          ...stationColumns,
          createdAt: stations.createdAt,
          lastSeenAt: stations.lastSeenAt,
          auditProblem: stations.auditProblem,
        })
        .from(stations)
        .orderBy(asc(stations.siteId), asc(stations.name));
      const newest = await tx
        .selectDistinctOn([stationHealth.stationId], {
          stationId: stationHealth.stationId,
          reportedAt: stationHealth.reportedAt,
          health: stationHealth.health,
        })
        .from(stationHealth)
        .orderBy(stationHealth.stationId, sql`${stationHealth.id} DESC`);
      const byStation = new Map(newest.map((h) => [h.stationId, h]));
      return rows.map((row) => {
        const latest = byStation.get(row.id);
        return {
          ...row,
          health: latest
            ? { reportedAt: latest.reportedAt, health: latest.health as unknown as StationHealth }
            : null,
        };
      });
    });
  }
  /** Records (or, with null, clears) a break found in a station's audit chain; false: no such station. */
  async setAuditProblem(
    stationId: string,
    problem: { at: string; message: string } | null,
  ): Promise<boolean> {
    const updated = await this.db
      .update(stations)
      .set({ auditProblem: problem })
      .where(eq(stations.id, stationId))
      .returning({ id: stations.id });
    return updated.length > 0;
  }

  async healthHistory(stationId: string): Promise<HealthEntry[]> {
    const rows = await this.db
      .select({ reportedAt: stationHealth.reportedAt, health: stationHealth.health })
      .from(stationHealth)
      .where(eq(stationHealth.stationId, stationId))
      .orderBy(sql`${stationHealth.id} DESC`);
    return rows.map((r) => ({ reportedAt: r.reportedAt, health: r.health as unknown as StationHealth }));
  }

  private async head(tx: Tx | PgDb | LogWriter): Promise<number> {
    const [row] = await tx.select({ head: sql<string>`coalesce(max(${ops.serverSeq}), 0)` }).from(ops);
    return Number(row?.head ?? 0);
  }
  headSeq(): Promise<number> {
    return this.head(this.db);
  }

  async gateVerdicts(): Promise<GateVerdictCount[]> {
    const { rows } = await this.pool.query<{
      siteId: string;
      granted: string | null;
      reason: string | null;
      n: string;
    }>(
      `SELECT site_id AS "siteId", state->'firsts'->'event'->'v'->>'granted' AS granted,
         state->'firsts'->'event'->'v'->>'reason' AS reason, COUNT(*) AS n
       FROM entities WHERE kind = 'gateEvent' AND site_id IS NOT NULL GROUP BY 1, 2, 3`,
    );
    return rows.map((r) => ({
      siteId: r.siteId,
      granted: r.granted === 'true',
      reason: r.reason ?? '',
      n: Number(r.n),
    }));
  }

  push(
    author: Author,
    pushed: SyncOp[],
    now: Date,
    pushOffsetMs = 0,
    audit: AdminAuditEntry[] = [],
  ): Promise<PushResponse> {
    const nowIso = now.toISOString();
    return this.logWriter(async (tx) => {
      let batch = pushed;
      // The server's own numbers come from nextAuthorSeq, read before this lock: another instance may have
      // authored with the same numbers meanwhile, and this batch would pass for a repeat of that one and be
      // lost. Under the lock they are known, so a batch that collides is numbered after them.
      if (author.role === 'server' && batch.length) {
        const next = await this.authorSeqAfter(tx, author.id);
        if (batch.some((op) => op.stationSeq < next))
          batch = batch.map((op, i) => ({ ...op, stationSeq: next + i }));
      }
      const response: PushResponse = {
        acks: [],
        rejected: [],
        quarantined: [],
        serverTime: nowIso,
        serverHeadSeq: 0,
      };
      let head = await this.head(tx);
      // Everything the batch needs to know, read in a handful of queries and kept current as it goes.
      const ownSeqs = [...new Set(batch.filter((o) => o.stationId === author.id).map((o) => o.stationSeq))];
      const seen = new Map<
        number,
        { serverSeq: number; applied: boolean; correctedAt: string | null; opId: string }
      >();
      const refused = new Map<number, { reason: RejectionReason; message: string; opId: string }>();
      if (ownSeqs.length) {
        for (const row of await tx
          .select({
            stationSeq: ops.stationSeq,
            serverSeq: ops.serverSeq,
            applied: ops.applied,
            correctedAt: ops.correctedAt,
            opId: ops.opId,
          })
          .from(ops)
          .where(and(eq(ops.stationId, author.id), inArray(ops.stationSeq, ownSeqs))))
          seen.set(row.stationSeq, row);
        for (const row of await tx
          .select({
            stationSeq: rejectedOps.stationSeq,
            reason: rejectedOps.reason,
            message: rejectedOps.message,
            opId: rejectedOps.opId,
          })
          .from(rejectedOps)
          .where(and(eq(rejectedOps.stationId, author.id), inArray(rejectedOps.stationSeq, ownSeqs))))
          refused.set(row.stationSeq, {
            reason: row.reason as RejectionReason,
            message: row.message,
            opId: row.opId,
          });
      }
      const opIds = [...new Set(batch.map((o) => o.opId))];
      const takenOpIds = new Set(
        opIds.length
          ? (await tx.select({ opId: ops.opId }).from(ops).where(inArray(ops.opId, opIds))).map((r) => r.opId)
          : [],
      );
      const states = new Map<string, EntityState>();
      const idsByKind = new Map<string, Set<string>>();
      for (const op of batch) {
        const kind = kindOfOpType(op.type);
        if (kind) idsByKind.set(kind, (idsByKind.get(kind) ?? new Set()).add(op.entityId));
      }
      if (idsByKind.size)
        for (const row of await tx
          .select({ kind: entities.kind, entityId: entities.entityId, state: entities.state })
          .from(entities)
          .where(
            or(
              ...[...idsByKind].map(([kind, ids]) =>
                and(eq(entities.kind, kind), inArray(entities.entityId, [...ids])),
              ),
            ),
          ))
          states.set(entityKey(row.kind, row.entityId), row.state as unknown as EntityState);
      const [use] = await tx
        .select({
          ops: sql<string>`count(*)`,
          bytes: sql<string>`coalesce(sum(length(${ops.payload}::text)), 0)`,
        })
        .from(ops)
        .where(and(eq(ops.stationId, author.id), eq(ops.applied, false)));
      const heldUse = { ops: Number(use?.ops ?? 0), bytes: Number(use?.bytes ?? 0) };

      const newOps: (typeof ops.$inferInsert)[] = [];
      const newRejected: (typeof rejectedOps.$inferInsert)[] = [];
      const changed = new Set<string>();
      const anonymisedNow: { entityId: string; serverSeq: number }[] = [];
      for (const sent of batch) {
        // Judged, logged and merged at its corrected time (the station's, or the push's sentAt offset).
        const op = { ...sent, correctedAt: correctedTime(sent, pushOffsetMs) };
        const own = op.stationId === author.id;
        const before = own ? seen.get(op.stationSeq) : undefined;
        const refusal = own ? refused.get(op.stationSeq) : undefined;
        // The sequence holds another op of this station: restored from an older backup, it numbers again.
        // Answered up to here: the station renumbers the rest past what the server has and pushes again.
        if ((before && before.opId !== op.opId) || (refusal && refusal.opId !== op.opId)) {
          response.stationSeqTaken = (await this.authorSeqAfter(tx, author.id)) - 1;
          break;
        }
        if (before) {
          response.acks.push({
            stationSeq: op.stationSeq,
            serverSeq: before.serverSeq,
            ...(before.applied ? {} : { held: 'schema_unknown' as const }),
            ...(before.correctedAt ? { correctedAt: before.correctedAt } : {}),
          });
          continue;
        }
        if (refusal) {
          answerRejection(response, op.stationSeq, refusal.reason, refusal.message);
          continue;
        }
        const kind = kindOfOpType(op.type);
        const existing = kind ? states.get(entityKey(kind, op.entityId)) : undefined;
        let verdict = judgeOp(op, author, existing, now);
        if (verdict.action !== 'reject' && takenOpIds.has(op.opId)) {
          verdict = {
            action: 'reject',
            reason: 'invalid_op',
            message: 'That op id is already in the log under another station sequence.',
          };
        }
        // A late op about someone already anonymised is logged without what it named (issue #15).
        const anonymised = verdict.action === 'apply' && existing !== undefined && isAnonymised(existing);
        const logged = anonymised ? scrubbedPayload(op.type, op.payload) : op.payload;
        const payloadLength = JSON.stringify(logged).length;
        if (verdict.action === 'keep' && author.role !== 'server') {
          verdict = heldQuotaRefusal(heldUse, payloadLength) ?? verdict;
          if (verdict.action === 'keep') {
            heldUse.ops += 1;
            heldUse.bytes += payloadLength;
          }
        }
        if (verdict.action === 'reject') {
          if (own) {
            newRejected.push({
              stationId: author.id,
              stationSeq: op.stationSeq,
              opId: op.opId,
              reason: verdict.reason,
              message: verdict.message,
              op: op as unknown as Record<string, unknown>,
              receivedAt: nowIso,
            });
            refused.set(op.stationSeq, { reason: verdict.reason, message: verdict.message, opId: op.opId });
          }
          answerRejection(response, op.stationSeq, verdict.reason, verdict.message);
          continue;
        }
        const serverSeq = ++head;
        const held = verdict.action === 'keep';
        newOps.push({
          serverSeq,
          opId: op.opId,
          stationId: op.stationId,
          stationSeq: op.stationSeq,
          type: op.type,
          entityId: op.entityId,
          siteId: verdict.siteId,
          payload: logged,
          occurredAt: op.occurredAt,
          correctedAt: op.correctedAt,
          schemaVersion: op.schemaVersion,
          receivedAt: nowIso,
          applied: !held,
        });
        if (own)
          seen.set(op.stationSeq, { serverSeq, applied: !held, correctedAt: op.correctedAt, opId: op.opId });
        takenOpIds.add(op.opId);
        if (verdict.action === 'apply') {
          const state = applyOp(existing, { ...op, siteId: verdict.siteId }, serverSeq);
          const key = entityKey(state.kind, state.id);
          states.set(key, state);
          changed.add(key);
          if (op.type.endsWith('.anonymise')) anonymisedNow.push({ entityId: op.entityId, serverSeq });
        }
        response.acks.push({
          stationSeq: op.stationSeq,
          serverSeq,
          ...(held ? { held: 'schema_unknown' as const } : {}),
          correctedAt: op.correctedAt,
        });
      }
      await this.insertOps(tx, newOps);
      for (const { entityId, serverSeq } of anonymisedNow) {
        await this.scrubLog(tx, entityId, serverSeq);
        await this.scrubCopies(tx, entityId);
      }
      for (const part of chunks(newRejected)) await tx.insert(rejectedOps).values(part).onConflictDoNothing();
      await this.upsertEntities(
        tx,
        [...changed].map((key) => states.get(key)!),
      );
      response.serverHeadSeq = head;
      if (response.rejected.length === 0 && response.quarantined.length === 0 && audit.length)
        await tx.insert(adminAudit).values(audit);
      return response;
    });
  }

  /** One statement, so one snapshot without a transaction; through the partial index ops_revocations. */
  async revocationsAfter(station: StationRecord, afterSeq: number, limit: number): Promise<ServerOp[]> {
    const { rows } = await this.pool.query<unknown[]>({
      text: `SELECT ${RAW_OP_COLUMNS} FROM ops WHERE site_id = $1 AND server_seq > $2
               AND type = 'pass.status' AND payload->>'status' = 'revoked'
             ORDER BY server_seq LIMIT $3`,
      values: [station.siteId, afterSeq, limit],
      rowMode: 'array',
    });
    return rows.map((r) => opOfRow(r));
  }

  /**
   * The head, the station's last op and the page in one statement: a statement reads one snapshot, so they
   * describe the same log without a REPEATABLE READ transaction, in one round trip instead of six (BEGIN,
   * head, last op, the two page queries, COMMIT). Every row carries the head and whether the last op is the
   * one the station received; an empty page is one row of those two with the op's columns null.
   */
  async pull(
    station: StationRecord,
    request: { cursor: number; limit: number; lastOp?: { serverSeq: number; opId: string } | null },
  ): Promise<PullResponse> {
    const limit = request.limit + 1;
    // The site's ops and the organisation's after the cursor: two index range scans of ops_site_seq,
    // each stopping at the page size, merged (see SqliteSyncStore's pullPage).
    const { rows } = await this.pool.query<unknown[]>({
      text: `SELECT h.head, l.op_id = $5 AS last_op_matches, p.*
             FROM (SELECT coalesce(max(server_seq), 0) AS head FROM ops) h
             LEFT JOIN (SELECT op_id FROM ops WHERE server_seq = $4) l ON true
             LEFT JOIN (
               SELECT * FROM (
                 (SELECT ${RAW_OP_COLUMNS} FROM ops WHERE site_id = $1 AND server_seq > $2 AND ${NOT_A_NOTICE}
                  ORDER BY server_seq LIMIT $3)
                 UNION ALL
                 (SELECT ${RAW_OP_COLUMNS} FROM ops WHERE site_id IS NULL AND server_seq > $2 AND ${NOT_A_NOTICE}
                  ORDER BY server_seq LIMIT $3)
               ) u ORDER BY server_seq LIMIT $3
             ) p ON true`,
      values: [
        station.siteId,
        request.cursor,
        limit,
        request.lastOp?.serverSeq ?? null,
        request.lastOp?.opId ?? null,
      ],
      rowMode: 'array',
    });
    const first = rows[0]!;
    const head = Number(first[0]);
    if (request.cursor > head) {
      throw new SyncError(
        'cursor_unknown',
        `Cursor ${request.cursor} is beyond this server's newest op ${head}: the server was restored from a backup.`,
        head,
      );
    }
    if (request.lastOp && first[1] !== true) {
      throw new SyncError(
        'cursor_unknown',
        `Op ${request.lastOp.serverSeq} is not the one this station received: the server was restored from a backup.`,
        head,
      );
    }
    // Ordered here, not by an outer ORDER BY (PostgreSQL would sort the page again, 5-20 ms a page); the
    // page arrives in order, so this is one pass.
    const page = first[2] === null ? [] : rows.map((r) => opOfRow(r, 2));
    page.sort((a, b) => a.serverSeq - b.serverSeq);
    const hasMore = page.length > request.limit;
    const result = hasMore ? page.slice(0, request.limit) : page;
    return {
      ops: result,
      hasMore,
      nextCursor: hasMore ? (result.at(-1)?.serverSeq ?? request.cursor) : head,
      serverHeadSeq: head,
    };
  }

  /** Personal fields out of an anonymised entity's earlier ops (see SqliteSyncStore's scrubLog). */
  private async scrubLog(tx: LogWriter, entityId: string, before: number): Promise<void> {
    const rows = await tx
      .select({ serverSeq: ops.serverSeq, type: ops.type, payload: ops.payload })
      .from(ops)
      .where(and(eq(ops.entityId, entityId), lt(ops.serverSeq, before)));
    for (const row of rows) {
      const scrubbed = scrubbedPayload(row.type, row.payload);
      if (JSON.stringify(scrubbed) !== JSON.stringify(row.payload))
        await tx.update(ops).set({ payload: scrubbed }).where(eq(ops.serverSeq, row.serverSeq));
    }
  }

  /** See SqliteSyncStore's scrubCopies: notices, messages, refused and failed ops about the entity. */
  private async scrubCopies(tx: LogWriter, entityId: string): Promise<void> {
    await tx.client.query(
      `UPDATE ops SET payload = '{}'::json WHERE type IN (${NOTICE_LIST}) AND payload::text <> '{}'
         AND (entity_id = $1 OR payload->>'visitId' = $1)`,
      [entityId],
    );
    await tx.client.query(
      `UPDATE notify_messages SET content = '{"purged":true}'::json,
         address = CASE WHEN event = 'pass.email' THEN '' ELSE address END
       WHERE content::text <> '{"purged":true}' AND visit_id = $1 AND status IN ('sent', 'dead')`,
      [entityId],
    );
    await tx.client.query(
      `UPDATE notify_failed_ops SET op = (op::jsonb || '{"payload":{}}'::jsonb)::json
       WHERE op->>'entityId' = $1 OR op->'payload'->>'visitId' = $1`,
      [entityId],
    );
    const refused = await tx
      .select({ stationId: rejectedOps.stationId, stationSeq: rejectedOps.stationSeq, op: rejectedOps.op })
      .from(rejectedOps)
      .where(
        sql`${rejectedOps.op}->>'entityId' = ${entityId} OR ${rejectedOps.op}->'payload'->>'visitId' = ${entityId}`,
      );
    for (const row of refused) {
      const op = row.op as unknown as SyncOp;
      await tx
        .update(rejectedOps)
        .set({ op: { ...op, payload: scrubbedPayload(op.type, op.payload) } })
        .where(and(eq(rejectedOps.stationId, row.stationId), eq(rejectedOps.stationSeq, row.stationSeq)));
    }
  }

  releaseQuarantined(
    stationId: string,
    stationSeq: number,
    reason: string,
    now: Date,
  ): Promise<ReleaseResult> {
    const nowIso = now.toISOString();
    return this.logWriter(async (tx): Promise<ReleaseResult> => {
      const [row] = await tx
        .select()
        .from(rejectedOps)
        .where(and(eq(rejectedOps.stationId, stationId), eq(rejectedOps.stationSeq, stationSeq)));
      if (!row || row.reason !== 'far_future') return { ok: false, problem: 'not_quarantined' };
      const [station] = await tx.select(stationColumns).from(stations).where(eq(stations.id, stationId));
      if (!station) return { ok: false, problem: 'not_quarantined' };
      const op = row.op as unknown as SyncOp;
      const kind = kindOfOpType(op.type);
      const existing = kind ? await this.entity(tx, kind, op.entityId) : undefined;
      // Judged again as the station's op, all but its time: a release never buys more than a push could.
      const verdict = judgeOp(op, station, existing, now, true);
      if (verdict.action === 'reject') return { ok: false, problem: 'refused', message: verdict.message };
      const serverSeq = (await this.head(tx)) + 1;
      await this.insertOps(tx, [
        {
          serverSeq,
          opId: op.opId,
          stationId: op.stationId,
          stationSeq: op.stationSeq,
          type: op.type,
          entityId: op.entityId,
          siteId: verdict.siteId,
          payload: op.payload,
          occurredAt: op.occurredAt,
          correctedAt: op.correctedAt ?? null,
          schemaVersion: op.schemaVersion,
          receivedAt: nowIso,
          applied: verdict.action !== 'keep',
        },
      ]);
      if (verdict.action === 'apply')
        await this.upsertEntities(tx, [applyOp(existing, { ...op, siteId: verdict.siteId }, serverSeq)]);
      await tx
        .delete(rejectedOps)
        .where(and(eq(rejectedOps.stationId, stationId), eq(rejectedOps.stationSeq, stationSeq)));
      await tx.insert(adminAudit).values({
        at: nowIso,
        action: 'quarantine.release',
        details: { stationId, stationSeq, opId: op.opId, type: op.type, reason, serverSeq },
      });
      return { ok: true, serverSeq, siteId: verdict.siteId };
    });
  }

  async appendAdminAudit(entry: AdminAuditEntry): Promise<void> {
    await this.db.insert(adminAudit).values(entry);
  }

  async createSetupCode(input: { codeHash: string; siteId: string; now: string }): Promise<void> {
    await this.db
      .insert(siteSetupCodes)
      .values({ codeHash: input.codeHash, siteId: input.siteId, createdAt: input.now });
  }

  claimSetupCode(input: {
    codeHash: string;
    siteId: string;
    staffId: string;
    stationId: string;
    now: string;
  }): Promise<SetupClaimResult> {
    return this.db.transaction(async (tx): Promise<SetupClaimResult> => {
      // FOR UPDATE: two desks claiming one code at once are served one after the other.
      const [code] = await tx
        .select()
        .from(siteSetupCodes)
        .where(and(eq(siteSetupCodes.codeHash, input.codeHash), eq(siteSetupCodes.siteId, input.siteId)))
        .for('update');
      if (!code) return 'unknown_code';
      if (code.claimedAt) return 'claimed';
      await tx
        .update(siteSetupCodes)
        .set({ claimedAt: input.now, staffId: input.staffId, stationId: input.stationId })
        .where(eq(siteSetupCodes.codeHash, input.codeHash));
      await tx.insert(adminAudit).values({
        at: input.now,
        action: 'site.first_admin',
        details: { siteId: input.siteId, staffId: input.staffId, stationId: input.stationId },
      });
      return 'ok';
    });
  }

  async adminAudit(): Promise<AdminAuditEntry[]> {
    const rows = await this.db.select().from(adminAudit).orderBy(asc(adminAudit.id));
    return rows.map((r) => ({ at: r.at, action: r.action, details: r.details }));
  }

  async adminAuditPage(query: AuditQuery): Promise<AuditPage> {
    // Our own key names, not input: written into the query so PostgreSQL knows the operator's types.
    const detail = (key: 'siteId' | 'stationId') => sql`${adminAudit.details}->>${sql.raw(`'${key}'`)}`;
    const rows = await this.db
      .select()
      .from(adminAudit)
      .where(auditWhere(query, adminAudit, detail))
      .orderBy(desc(adminAudit.id))
      .limit(query.limit + 1);
    const actions = await this.db
      .selectDistinct({ action: adminAudit.action })
      .from(adminAudit)
      .orderBy(asc(adminAudit.action));
    return auditPage(rows, query.limit, actions);
  }

  nextAuthorSeq(authorId: string): Promise<number> {
    return this.authorSeqAfter(this.db, authorId);
  }

  /** The author's next sequence: after every op of it logged or refused. */
  private async authorSeqAfter(tx: Tx | PgDb | LogWriter, authorId: string): Promise<number> {
    const { rows } = await tx.execute<{ seq: string }>(
      sql`SELECT greatest(
            (SELECT coalesce(max(station_seq), 0) FROM ops WHERE station_id = ${authorId}),
            (SELECT coalesce(max(station_seq), 0) FROM rejected_ops WHERE station_id = ${authorId})) AS seq`,
    );
    return Number(rows[0]?.seq ?? 0) + 1;
  }

  async entitiesInScope(siteId: string): Promise<EntityState[]> {
    const rows = await this.db
      .select({ state: entities.state })
      .from(entities)
      .where(or(eq(entities.siteId, siteId), isNull(entities.siteId)))
      .orderBy(asc(entities.kind), asc(entities.entityId));
    return rows.map((r) => r.state as unknown as EntityState);
  }

  async siteEntities(siteId: string, kinds: readonly EntityKind[]): Promise<EntityState[]> {
    const rows = await this.db
      .select({ state: entities.state })
      .from(entities)
      .where(and(eq(entities.siteId, siteId), inArray(entities.kind, [...kinds])));
    return rows.map((r) => r.state as unknown as EntityState);
  }

  async log(fromSeq = 0): Promise<ServerOp[]> {
    const rows = await this.db
      .select(opColumns)
      .from(ops)
      .where(gt(ops.serverSeq, fromSeq))
      .orderBy(asc(ops.serverSeq));
    return rows.map(serverOpOf);
  }

  rejected(): Promise<{ stationId: string; stationSeq: number; reason: string; message: string }[]> {
    return this.db
      .select({
        stationId: rejectedOps.stationId,
        stationSeq: rejectedOps.stationSeq,
        reason: rejectedOps.reason,
        message: rejectedOps.message,
      })
      .from(rejectedOps)
      .orderBy(asc(rejectedOps.receivedAt), asc(rejectedOps.stationId), asc(rejectedOps.stationSeq));
  }

  /** See SqliteSyncStore.purgePersonal; under the op log's lock, so it never meets a push's scrub. */
  purgePersonal({ consumedThrough, before }: PurgeInput): Promise<PurgeCounts> {
    const notices = [...NOTICE_OP_TYPES];
    const list = NOTICE_LIST;
    return this.logWriter(async (tx) => {
      const emptied = await tx.client.query(
        `UPDATE ops SET payload = '{}'::json WHERE type IN (${list}) AND payload::text <> '{}' AND (received_at < $1
           OR (server_seq <= $2 AND server_seq NOT IN (SELECT server_seq FROM notify_failed_ops WHERE status = 'retrying')))`,
        [before, consumedThrough ?? 0],
      );
      const messages = await tx.client.query(
        `UPDATE notify_messages SET content = '{"purged":true}'::json,
           address = CASE WHEN event = 'pass.email' THEN '' ELSE address END
         WHERE content::text <> '{"purged":true}'
           AND ((status = 'sent' AND channel <> 'inapp') OR (status IN ('sent', 'dead') AND created_at < $1))`,
        [before],
      );
      const failedOps = await tx.client.query(
        `UPDATE notify_failed_ops SET op = (op::jsonb || '{"payload":{}}'::jsonb)::json
         WHERE op->>'type' = ANY($1) AND first_failed_at < $2 AND (op->'payload')::text <> '{}'`,
        [notices, before],
      );
      return {
        notices: emptied.rowCount ?? 0,
        messages: messages.rowCount ?? 0,
        failedOps: failedOps.rowCount ?? 0,
      };
    });
  }

  /** Ends the pool (the interface's close(); awaitable here, for tests and a clean shutdown). */
  private closing: Promise<void> | undefined;
  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }
}

function answerRejection(
  response: PushResponse,
  stationSeq: number,
  reason: RejectionReason,
  message: string,
): void {
  response.rejected.push({ stationSeq, reason, message });
  if (reason === 'far_future') response.quarantined.push(stationSeq);
}
