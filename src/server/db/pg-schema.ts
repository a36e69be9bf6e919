// The sync server's tables on PostgreSQL (src/server/pg-store.ts): the same tables, columns and meaning as
// the embedded SQLite schema (./schema.ts). Times stay ISO-8601 UTC text and JSON stays `json` (kept as
// written, key order included), so both backends hand stations byte-identical ops. Migrations:
// `npx drizzle-kit generate --config drizzle.server.pg.config.ts` (into ./pg-migrations).
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  json,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const sites = pgTable('sites', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
  defaultLanguage: text('default_language').notNull().default('en'),
  createdAt: text('created_at').notNull(),
});

export const stations = pgTable(
  'stations',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    role: text('role').$type<'kiosk' | 'desk' | 'gate'>().notNull(),
    name: text('name').notNull(),
    credentialHash: text('credential_hash').notNull(),
    publicKey: text('public_key'),
    keyId: text('key_id'),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
    lastSeenAt: text('last_seen_at'),
    /** A break found in the station's audit chain (main's setAuditProblem), kept until an admin clears it. */
    auditProblem: json('audit_problem').$type<{ at: string; message: string }>(),
  },
  (t) => [uniqueIndex('stations_credential').on(t.credentialHash)],
);

export const enrollmentCodes = pgTable(
  'enrollment_codes',
  {
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

/**
 * The op log. server_seq is global and gap-free: a push takes it under one transaction-level advisory lock,
 * so pushes commit in sequence order and no reader sees seq 12 before seq 11 is committed.
 */
export const ops = pgTable(
  'ops',
  {
    serverSeq: bigint('server_seq', { mode: 'number' }).primaryKey(),
    opId: text('op_id').notNull(),
    stationId: text('station_id').notNull(),
    stationSeq: bigint('station_seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    entityId: text('entity_id').notNull(),
    siteId: text('site_id'),
    payload: json('payload').$type<Record<string, unknown>>().notNull(),
    occurredAt: text('occurred_at').notNull(),
    /** The time by the server's clock (src/shared/sync.ts correctedTime). */
    correctedAt: text('corrected_at'),
    schemaVersion: bigint('schema_version', { mode: 'number' }).notNull(),
    receivedAt: text('received_at').notNull(),
    applied: boolean('applied').notNull(),
  },
  (t) => [
    uniqueIndex('ops_station_seq').on(t.stationId, t.stationSeq),
    uniqueIndex('ops_op_id').on(t.opId),
    index('ops_site_seq').on(t.siteId, t.serverSeq),
    // Pass revocations a station behind on its pull gets ahead of the backlog (issue #14).
    index('ops_revocations')
      .on(t.siteId, t.serverSeq)
      .where(sql`type = 'pass.status' AND payload->>'status' = 'revoked'`),
    // Notices whose payload the purge has not emptied yet (issue #15): a few rows, whatever the log's size.
    index('ops_unpurged_notices')
      .on(t.serverSeq)
      .where(sql`type IN ('alert.watchlist', 'visit.photo', 'pass.email') AND payload::text <> '{}'`),
  ],
);

export const rejectedOps = pgTable(
  'rejected_ops',
  {
    stationId: text('station_id').notNull(),
    stationSeq: bigint('station_seq', { mode: 'number' }).notNull(),
    opId: text('op_id').notNull(),
    reason: text('reason').notNull(),
    message: text('message').notNull(),
    op: json('op').$type<Record<string, unknown>>().notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.stationId, t.stationSeq] })],
);

export const entities = pgTable(
  'entities',
  {
    kind: text('kind').notNull(),
    entityId: text('entity_id').notNull(),
    siteId: text('site_id'),
    state: json('state').$type<Record<string, unknown>>().notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.entityId] }), index('entities_site').on(t.siteId)],
);

export const stationHealth = pgTable(
  'station_health',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    stationId: text('station_id')
      .notNull()
      .references(() => stations.id),
    reportedAt: text('reported_at').notNull(),
    health: json('health').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('station_health_station').on(t.stationId, t.id)],
);

/** What administrators did through the admin API that changed data (a quarantined op released). */
export const adminAudit = pgTable('admin_audit', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: text('at').notNull(),
  action: text('action').notNull(),
  details: json('details').$type<Record<string, unknown>>().notNull(),
});

/** A site's one-time setup code, exchanged once by a desk for the first admin account (./schema.ts). */
export const siteSetupCodes = pgTable('site_setup_codes', {
  codeHash: text('code_hash').primaryKey(),
  siteId: text('site_id')
    .notNull()
    .references(() => sites.id),
  createdAt: text('created_at').notNull(),
  claimedAt: text('claimed_at'),
  staffId: text('staff_id'),
  stationId: text('station_id'),
});

// The notification service's tables (src/server/notify/pg-schema.ts).
export * from '../notify/pg-schema';

// The update feed's tables (src/server/updates/pg-schema.ts).
export * from '../updates/pg-schema';

// The console's administrators and their sessions (src/server/console/pg-schema.ts).
export * from '../console/pg-schema';
