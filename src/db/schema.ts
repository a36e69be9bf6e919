// The station's local database. Ids are UUIDv7 strings (sortable, created on many stations at once, never
// autoincrement); times are ISO-8601 UTC strings, which sort correctly as text. JSON columns hold
// structured values the station reads whole (custom fields, translations, payloads).
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type {
  CustomFieldDef,
  PhotoRule,
  StaffRole,
  StationKind,
  VisitHold,
  VisitStatus,
  PassStatus,
  WatchlistLevel,
  IncidentStatus,
  PrintJobStatus,
  GateDirection,
} from '../shared/domain';

const id = () => text('id').primaryKey();
const createdAt = () => text('created_at').notNull();
const updatedAt = () => text('updated_at').notNull();

export const sites = sqliteTable('sites', {
  id: id(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
  defaultLanguage: text('default_language').notNull().default('en'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const zones = sqliteTable(
  'zones',
  {
    id: id(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    name: text('name').notNull(),
    capacity: integer('capacity'),
    createdAt: createdAt(),
  },
  (t) => [index('zones_site').on(t.siteId)],
);

export const stations = sqliteTable('stations', {
  id: id(),
  siteId: text('site_id').references(() => sites.id),
  name: text('name').notNull(),
  kind: text('kind').$type<StationKind>(),
  language: text('language').notNull().default('en'),
  /** Ed25519 public key (SPKI, base64) and its key id, used to verify passes this station signs. */
  publicKey: text('public_key'),
  keyId: text('key_id'),
  retiredAt: text('retired_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const staffUsers = sqliteTable(
  'staff_users',
  {
    id: id(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    name: text('name').notNull(),
    /** What the person types or picks at sign-in (short, unique per site). */
    login: text('login').notNull(),
    email: text('email'),
    role: text('role').$type<StaffRole>().notNull(),
    /** scrypt hashes in the form scrypt$N$r$p$salt$hash; never the secret itself. */
    pinHash: text('pin_hash'),
    passwordHash: text('password_hash'),
    badgeCode: text('badge_code'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: text('locked_until'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('staff_users_site_login').on(t.siteId, t.login)],
);

export const hosts = sqliteTable(
  'hosts',
  {
    id: id(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    name: text('name').notNull(),
    /** Lower-case, accent-free name used for search. */
    searchName: text('search_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    department: text('department'),
    staffUserId: text('staff_user_id').references(() => staffUsers.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('hosts_site_search').on(t.siteId, t.searchName)],
);

export const visitorTypes = sqliteTable('visitor_types', {
  id: id(),
  siteId: text('site_id')
    .notNull()
    .references(() => sites.id),
  /** Display names per language, e.g. { en: 'Contractor', es: 'Contratista' }. */
  names: text('names', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  color: text('color').notNull(),
  photo: text('photo').$type<PhotoRule>().notNull().default('optional'),
  requiresId: integer('requires_id', { mode: 'boolean' }).notNull().default(false),
  requiresApproval: integer('requires_approval', { mode: 'boolean' }).notNull().default(false),
  customFields: text('custom_fields', { mode: 'json' })
    .$type<CustomFieldDef[]>()
    .notNull()
    .default(sql`'[]'`),
  sortOrder: integer('sort_order').notNull().default(0),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Days this type's visits keep their personal data, instead of the site's retentionDays; null: the site's. */
  retentionDays: integer('retention_days'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** A document a visitor type requires (NDA, safety policy), one row per version. */
export const visitorTypeDocuments = sqliteTable(
  'visitor_type_documents',
  {
    id: id(),
    visitorTypeId: text('visitor_type_id')
      .notNull()
      .references(() => visitorTypes.id),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    titles: text('titles', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    bodies: text('bodies', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    createdAt: createdAt(),
  },
  // Not unique: two desks may publish the same next version while offline; both are kept (they sync), and
  // the later-published one counts as current.
  (t) => [index('visitor_type_documents_version').on(t.visitorTypeId, t.key, t.version)],
);

export const visitors = sqliteTable(
  'visitors',
  {
    id: id(),
    name: text('name').notNull(),
    searchName: text('search_name').notNull(),
    company: text('company'),
    email: text('email'),
    phone: text('phone'),
    photoPath: text('photo_path'),
    /** Set once the person's data was removed (retention or erasure, src/shared/merge.ts): for good. */
    anonymisedAt: text('anonymised_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('visitors_email').on(t.email),
    index('visitors_phone').on(t.phone),
    // The retention job's walk over visitors that still name someone.
    index('visitors_to_anonymise')
      .on(t.createdAt)
      .where(sql`${t.anonymisedAt} IS NULL`),
  ],
);

export const visits = sqliteTable(
  'visits',
  {
    id: id(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    visitorId: text('visitor_id')
      .notNull()
      .references(() => visitors.id),
    hostId: text('host_id').references(() => hosts.id),
    visitorTypeId: text('visitor_type_id').references(() => visitorTypes.id),
    status: text('status').$type<VisitStatus>().notNull(),
    /** Waiting for the desk's decision beside the status (an approved invite stays approved): VisitHold. */
    hold: text('hold').$type<VisitHold>(),
    expectedAt: text('expected_at'),
    checkedInAt: text('checked_in_at'),
    checkedOutAt: text('checked_out_at'),
    /** 'kiosk' | 'desk' | 'gate' | 'automatic': how the check-out happened. */
    checkOutMethod: text('check_out_method'),
    inviteCode: text('invite_code'),
    customFields: text('custom_fields', { mode: 'json' })
      .$type<Record<string, string>>()
      .notNull()
      .default(sql`'{}'`),
    notes: text('notes'),
    /** The site's IANA time zone when the visit was made, for display and reports. */
    timezone: text('timezone').notNull(),
    createdByStationId: text('created_by_station_id'),
    /** Set once the visit's personal data was removed (retention or erasure): it then names no person. */
    anonymisedAt: text('anonymised_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('visits_site_status').on(t.siteId, t.status),
    index('visits_site_expected').on(t.siteId, t.expectedAt),
    uniqueIndex('visits_invite_code').on(t.inviteCode),
    index('visits_visitor').on(t.visitorId),
    index('visits_host_expected').on(t.hostId, t.expectedAt),
    // The retention job's walk: only visits that still name someone, oldest first.
    index('visits_to_anonymise')
      .on(t.siteId, t.expectedAt)
      .where(sql`${t.anonymisedAt} IS NULL`),
    // The same visits in rowid order (an index's entries end with the rowid): the job walks them with a
    // cursor, so a batch's visits sit on neighbouring pages and rows still held are not read again.
    index('visits_naming_someone')
      .on(t.siteId)
      .where(sql`${t.anonymisedAt} IS NULL`),
    // Covers every column the reports read, so a year of visits is counted from the index alone.
    index('visits_site_expected_report').on(
      t.siteId,
      t.expectedAt,
      t.checkedInAt,
      t.checkedOutAt,
      t.status,
      t.visitorTypeId,
      t.hostId,
    ),
  ],
);

export const passes = sqliteTable(
  'passes',
  {
    id: id(),
    visitId: text('visit_id')
      .notNull()
      .references(() => visits.id),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    /** SHA-256 of the signed token; the token itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    kind: text('kind').$type<'visit' | 'invite'>().notNull(),
    status: text('status').$type<PassStatus>().notNull(),
    validFrom: text('valid_from').notNull(),
    validUntil: text('valid_until').notNull(),
    zoneIds: text('zone_ids', { mode: 'json' }).$type<string[]>().notNull(),
    multiEntry: integer('multi_entry', { mode: 'boolean' }).notNull().default(true),
    issuedByStationId: text('issued_by_station_id').notNull(),
    keyId: text('key_id').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('passes_token_hash').on(t.tokenHash), index('passes_visit').on(t.visitId)],
);

export const watchlistEntries = sqliteTable(
  'watchlist_entries',
  {
    id: id(),
    name: text('name').notNull(),
    aliases: text('aliases', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    dateOfBirth: text('date_of_birth'),
    idNumber: text('id_number'),
    reason: text('reason').notNull(),
    level: text('level').$type<WatchlistLevel>().notNull(),
    expiresAt: text('expires_at'),
    addedBy: text('added_by'),
    /**
     * The site whose security staff added the entry, and who alone may change it (issue #14 item 8): the
     * entry screens at every site of the organisation, but a station of another site cannot expire or
     * edit it. Null for entries made before ownership existed (any site's security may change those).
     */
    ownerSiteId: text('owner_site_id'),
    deletedAt: text('deleted_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    /**
     * A local change counter set by triggers (migration 0003) on every insert and update, whoever writes
     * the row (a desk edit or a sync pull): the screening index catches up by reading rows past the last
     * counter it saw, without trusting other stations' clocks.
     */
    localRev: integer('local_rev').notNull().default(0),
  },
  (t) => [index('watchlist_entries_local_rev').on(t.localRev)],
);

export const incidents = sqliteTable(
  'incidents',
  {
    id: id(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    visitId: text('visit_id').references(() => visits.id),
    visitorId: text('visitor_id').references(() => visitors.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    status: text('status').$type<IncidentStatus>().notNull(),
    assigneeId: text('assignee_id').references(() => staffUsers.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('incidents_site_status').on(t.siteId, t.status)],
);

/**
 * Legal holds (issue #15): while `released_at` is null, retention and erasure leave the visitor or visit
 * alone. No foreign keys: a hold may arrive by sync before what it holds, and must outlast any edit of it.
 */
export const legalHolds = sqliteTable(
  'legal_holds',
  {
    id: id(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    visitorId: text('visitor_id'),
    visitId: text('visit_id'),
    reason: text('reason').notNull(),
    /** The staff account that placed it, and that released it (ids: accounts are the site's). */
    placedBy: text('placed_by'),
    releasedAt: text('released_at'),
    releasedBy: text('released_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('legal_holds_active_visitor')
      .on(t.visitorId)
      .where(sql`${t.releasedAt} IS NULL`),
    index('legal_holds_active_visit')
      .on(t.visitId)
      .where(sql`${t.releasedAt} IS NULL`),
  ],
);

/** An incident's timeline: opened, notes, status changes and assignments, oldest first. */
export const incidentEvents = sqliteTable(
  'incident_events',
  {
    id: id(),
    incidentId: text('incident_id')
      .notNull()
      .references(() => incidents.id),
    at: text('at').notNull(),
    /** The staff user who did it; null when the station opened the incident itself. */
    actorId: text('actor_id').references(() => staffUsers.id),
    kind: text('kind').$type<'opened' | 'note' | 'status' | 'assigned'>().notNull(),
    note: text('note'),
    details: text('details', { mode: 'json' })
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'`),
  },
  (t) => [index('incident_events_incident').on(t.incidentId, t.at)],
);

/** An evacuation roll call. The people on site are copied in when it starts, so the list stays fixed. */
export const evacuations = sqliteTable(
  'evacuations',
  {
    id: id(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    startedAt: text('started_at').notNull(),
    startedBy: text('started_by').references(() => staffUsers.id),
    endedAt: text('ended_at'),
    endedBy: text('ended_by').references(() => staffUsers.id),
  },
  (t) => [index('evacuations_site_started').on(t.siteId, t.startedAt)],
);

/** One person on a roll call, with their host, and when and by whom they were marked safe. */
export const evacuationPeople = sqliteTable(
  'evacuation_people',
  {
    evacuationId: text('evacuation_id')
      .notNull()
      .references(() => evacuations.id),
    visitId: text('visit_id')
      .notNull()
      .references(() => visits.id),
    name: text('name').notNull(),
    company: text('company'),
    hostName: text('host_name'),
    checkedInAt: text('checked_in_at'),
    safeAt: text('safe_at'),
    safeBy: text('safe_by').references(() => staffUsers.id),
  },
  (t) => [
    primaryKey({ columns: [t.evacuationId, t.visitId] }),
    index('evacuation_people_visit').on(t.visitId), // the scrub of an anonymised visit
  ],
);

/**
 * A document version a visitor signed at the kiosk (an NDA), one row per signature: what the kiosk reads to
 * ask only for what is not yet signed. The check-in's audit entry names each row by id with the SHA-256 of
 * its record, so the hash chain vouches for it. Kept at this station only, like the files it names.
 */
export const signedDocuments = sqliteTable(
  'signed_documents',
  {
    id: id(),
    visitId: text('visit_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    documentId: text('document_id').notNull(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    language: text('language').notNull(),
    method: text('method').$type<'drawn' | 'typed'>().notNull(),
    typedName: text('typed_name'),
    /** A drawn signature's PNG, relative to the data directory, and its SHA-256. */
    signaturePath: text('signature_path'),
    signatureSha256: text('signature_sha256'),
    /** The signed PDF copy, relative to the data directory (rendered after commit). */
    pdfPath: text('pdf_path').notNull(),
    signedAt: text('signed_at').notNull(),
  },
  (t) => [
    index('signed_documents_visitor').on(t.visitorId, t.documentId),
    index('signed_documents_visit').on(t.visitId),
  ],
);

export const notifications = sqliteTable(
  'notifications',
  {
    id: id(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    kind: text('kind').notNull(),
    hostId: text('host_id').references(() => hosts.id),
    visitId: text('visit_id').references(() => visits.id),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull(),
    readAt: text('read_at'),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_visit').on(t.visitId)],
);

export const printJobs = sqliteTable(
  'print_jobs',
  {
    id: id(),
    stationId: text('station_id').notNull(),
    visitId: text('visit_id').references(() => visits.id),
    printer: text('printer').notNull(),
    status: text('status').$type<PrintJobStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: text('next_attempt_at'),
    documentPath: text('document_path'),
    /** What to print (the badge content as JSON); the worker renders it for the printer's language. */
    content: text('content', { mode: 'json' }).$type<Record<string, unknown>>(),
    /** Why the last attempt did not print, as a code the desk translates (offline, rejected …). */
    lastErrorCode: text('last_error_code'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('print_jobs_status').on(t.status, t.nextAttemptAt), index('print_jobs_visit').on(t.visitId)],
);

export const gateEvents = sqliteTable(
  'gate_events',
  {
    id: id(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id),
    stationId: text('station_id').notNull(),
    passId: text('pass_id'),
    visitId: text('visit_id'),
    direction: text('direction').$type<GateDirection>().notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    reason: text('reason').notNull(),
    overrideBy: text('override_by'),
    occurredAt: text('occurred_at').notNull(),
  },
  (t) => [index('gate_events_pass').on(t.passId, t.occurredAt)],
);

/**
 * Append-only, hash-chained record of every state change and every refusal. `seq` orders the chain on
 * this station; `hash` = SHA-256(prevHash + canonical JSON of the entry). Triggers (migration 0001)
 * refuse UPDATE and DELETE.
 */
export const auditEntries = sqliteTable(
  'audit_entries',
  {
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    at: text('at').notNull(),
    stationId: text('station_id').notNull(),
    actorId: text('actor_id'),
    role: text('role').notNull(),
    action: text('action').notNull(),
    outcome: text('outcome').$type<'ok' | 'refused'>().notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('audit_entries_id').on(t.id)],
);

/** One op of a grouped outbox row: its id, its entity and its station sequence number. */
export type GroupedOp = [opId: string, entityId: string, stationSeq: number];

/** Local changes waiting to be pushed to the sync server, written in the same transaction as the change. */
export const outboxOps = sqliteTable(
  'outbox_ops',
  {
    opId: text('op_id').primaryKey(),
    stationId: text('station_id').notNull(),
    stationSeq: integer('station_seq').notNull(),
    type: text('type').notNull(),
    entityId: text('entity_id').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    occurredAt: text('occurred_at').notNull(),
    /**
     * A group of ops of the same type and payload in one row (a retention batch's anonymise ops): the
     * [opId, entityId, stationSeq] of each that still waits, the first of them in the row's own columns.
     * NULL for a single op. Read through outboxRepo, which hands out one row per op.
     */
    grouped: text('grouped', { mode: 'json' }).$type<GroupedOp[]>(),
  },
  (t) => [
    uniqueIndex('outbox_ops_station_seq').on(t.stationId, t.stationSeq),
    // Retention and erasure find every pending op about a visit or visitor (privacyRepo.scrub): without
    // these, each batch scanned the whole outbox, which can hold weeks of a station's ops offline.
    index('outbox_ops_entity').on(t.entityId),
    // Only the ops that name one (notices, a pass's): most ops name none, and their NULL entries cost the
    // retention job 4–10 % while its anonymise ops were a row each.
    index('outbox_ops_payload_visit')
      .on(sql`json_extract(${t.payload}, '$.visitId')`)
      .where(sql`json_extract(${t.payload}, '$.visitId') IS NOT NULL`),
    index('outbox_ops_payload_visitor')
      .on(sql`json_extract(${t.payload}, '$.visitorId')`)
      .where(sql`json_extract(${t.payload}, '$.visitorId') IS NOT NULL`),
  ],
);

export const syncCursors = sqliteTable('sync_cursors', {
  stream: text('stream').primaryKey(),
  serverSeq: integer('server_seq').notNull(),
  updatedAt: updatedAt(),
});

/** Site- and station-scoped settings; `scope` is 'site:<id>' or 'station'. */
export const settings = sqliteTable(
  'settings',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    value: text('value', { mode: 'json' }).$type<unknown>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/**
 * Sync: the merged state of each synced entity as the server ordered it, without this station's pending
 * ops (src/shared/merge.ts). The station's own tables hold this state with the pending ops applied on top.
 */
export const syncEntities = sqliteTable(
  'sync_entities',
  {
    kind: text('kind').notNull(),
    entityId: text('entity_id').notNull(),
    state: text('state', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    version: integer('version').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.entityId] })],
);

/**
 * Sync: ops kept aside, never dropped. 'in': pulled ops this build cannot apply yet (a newer type or
 * schema); 'out': this station's ops the server refused or quarantined (reason says why), for an operator.
 */
export const syncHeldOps = sqliteTable('sync_held_ops', {
  opId: text('op_id').primaryKey(),
  direction: text('direction').$type<'in' | 'out'>().notNull(),
  reason: text('reason').notNull(),
  serverSeq: integer('server_seq'),
  op: text('op', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  heldAt: text('held_at').notNull(),
});

/** Sync: this station's acknowledged ops, kept to push again to a server restored from an older backup. */
export const syncSentOps = sqliteTable(
  'sync_sent_ops',
  {
    stationSeq: integer('station_seq').primaryKey(),
    opId: text('op_id').notNull(),
    serverSeq: integer('server_seq').notNull(),
    op: text('op', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    ackedAt: text('acked_at').notNull(),
  },
  // As for the outbox: the scrub of anonymised records finds their acknowledged ops by these.
  (t) => [
    index('sync_sent_ops_entity').on(sql`json_extract(${t.op}, '$.entityId')`),
    index('sync_sent_ops_payload_visit').on(sql`json_extract(${t.op}, '$.payload.visitId')`),
    index('sync_sent_ops_payload_visitor').on(sql`json_extract(${t.op}, '$.payload.visitorId')`),
  ],
);

/**
 * A site's shared device profile (issue #16), one row per site (its id is the site's): the devices a desk
 * administrator shared, as a devices configuration whose per-machine addresses may be left out (null).
 */
export const deviceProfiles = sqliteTable('device_profiles', {
  id: id(),
  siteId: text('site_id')
    .notNull()
    .references(() => sites.id),
  devices: text('devices', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  includesAddresses: integer('includes_addresses', { mode: 'boolean' }).notNull().default(false),
  /** The desk that shared it (a station id: no person is named). */
  sharedByStationId: text('shared_by_station_id'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
