// The sync server's own database (embedded SQLite): sites, enrolled stations, one-time enrollment codes,
// the op log in server order, ops it refused, and the merged state of every entity. Times are ISO-8601 UTC.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const sites = sqliteTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
  defaultLanguage: text('default_language').notNull().default('en'),
  createdAt: text('created_at').notNull(),
});

export const stations = sqliteTable(
  'stations',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    role: text('role').$type<'kiosk' | 'desk' | 'gate'>().notNull(),
    name: text('name').notNull(),
    /** SHA-256 (hex) of the bearer credential: 256 random bits, so a fast hash is enough and lookups are exact. */
    credentialHash: text('credential_hash').notNull(),
    publicKey: text('public_key'),
    keyId: text('key_id'),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
    lastSeenAt: text('last_seen_at'),
    /** Set when a health report showed the audit chain truncated or rewritten; kept until an admin clears it. */
    auditProblem: text('audit_problem', { mode: 'json' }).$type<{ at: string; message: string }>(),
  },
  (t) => [uniqueIndex('stations_credential').on(t.credentialHash)],
);

export const enrollmentCodes = sqliteTable(
  'enrollment_codes',
  {
    /** SHA-256 (hex) of the normalised code; the code itself is shown once and never stored. */
    codeHash: text('code_hash').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    role: text('role').$type<'kiosk' | 'desk' | 'gate'>().notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    claimedAt: text('claimed_at'),
    stationId: text('station_id'),
    /** A public handle for the console's list of open codes (which may end one early); not the code. */
    id: text('id'),
  },
  (t) => [uniqueIndex('enrollment_codes_id').on(t.id)],
);

/** The op log. server_seq is global and gap-free, assigned in the transaction that applies the op. */
export const ops = sqliteTable(
  'ops',
  {
    serverSeq: integer('server_seq').primaryKey(),
    opId: text('op_id').notNull(),
    stationId: text('station_id').notNull(),
    stationSeq: integer('station_seq').notNull(),
    type: text('type').notNull(),
    entityId: text('entity_id').notNull(),
    /** The site whose stations receive the op; null for organisation-wide data. */
    siteId: text('site_id'),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    occurredAt: text('occurred_at').notNull(),
    /** occurredAt by the server's clock (src/shared/sync.ts correctedTime); null for ops logged before it existed. */
    correctedAt: text('corrected_at'),
    schemaVersion: integer('schema_version').notNull(),
    receivedAt: text('received_at').notNull(),
    /** False when the server kept the op without applying it (a type or schema it does not know yet); notices count as applied. */
    applied: integer('applied', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    uniqueIndex('ops_station_seq').on(t.stationId, t.stationSeq),
    uniqueIndex('ops_op_id').on(t.opId),
    index('ops_site_seq').on(t.siteId, t.serverSeq),
    // An anonymise op scrubs the entity's earlier ops (issue #15).
    index('ops_entity').on(t.entityId),
    // Pass revocations a station behind on its pull gets ahead of the backlog (issue #14).
    index('ops_revocations')
      .on(t.siteId, t.serverSeq)
      .where(sql`type = 'pass.status' AND json_extract(payload, '$.status') = 'revoked'`),
    // Notices whose payload the purge has not emptied yet (issue #15): a few rows, whatever the log's size.
    index('ops_unpurged_notices')
      .on(t.serverSeq)
      .where(sql`type IN ('alert.watchlist', 'visit.photo', 'pass.email') AND payload <> '{}'`),
  ],
);

/** Ops refused or quarantined, kept for review and so the same op pushed again gets the same answer. */
export const rejectedOps = sqliteTable(
  'rejected_ops',
  {
    stationId: text('station_id').notNull(),
    stationSeq: integer('station_seq').notNull(),
    opId: text('op_id').notNull(),
    reason: text('reason').notNull(),
    message: text('message').notNull(),
    op: text('op', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.stationSeq] })],
);

/**
 * What administrators did through the admin API that changes the log beyond authoring ops: releasing a
 * quarantined op. Append-only; `details` says which op, why, and what it became.
 */
export const adminAudit = sqliteTable('admin_audit', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  action: text('action').notNull(),
  details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
});

/** The canonical merged state of each entity (src/shared/merge.ts), for checksums, dumps and repair. */
export const entities = sqliteTable(
  'entities',
  {
    kind: text('kind').notNull(),
    entityId: text('entity_id').notNull(),
    siteId: text('site_id'),
    state: text('state', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.entityId] }), index('entities_site').on(t.siteId)],
);

/**
 * What each station last said about itself (src/shared/sync.ts stationHealthSchema): the newest report and
 * a short history per station, for the fleet view. Older reports are dropped as new ones arrive.
 */
export const stationHealth = sqliteTable(
  'station_health',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    stationId: text('station_id')
      .notNull()
      .references(() => stations.id),
    reportedAt: text('reported_at').notNull(),
    health: text('health', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('station_health_station').on(t.stationId, t.id)],
);

// The notification service's tables (src/server/notify/schema.ts).
export * from '../notify/schema';

// The update feed's tables (src/server/updates/schema.ts).
export * from '../updates/schema';

/**
 * A site's one-time setup code (shown once when the site is created): a desk of the site exchanges it for
 * the site's first admin account. Only its hash is kept; claimed once.
 */
export const siteSetupCodes = sqliteTable('site_setup_codes', {
  codeHash: text('code_hash').primaryKey(),
  siteId: text('site_id')
    .notNull()
    .references(() => sites.id),
  createdAt: text('created_at').notNull(),
  claimedAt: text('claimed_at'),
  /** The staff account it created, and the desk that asked. */
  staffId: text('staff_id'),
  stationId: text('station_id'),
});

// The console's administrators and their sessions (src/server/console/schema.ts).
export * from '../console/schema';
