// Storage of the sync server, behind one interface so a PostgreSQL backend can follow the embedded SQLite
// one. Every method is one transaction. The decisions (which op is refused, quarantined or kept, and how
// an op changes an entity) are the pure functions of ./rules.ts and src/shared/merge.ts, so every backend
// decides alike.
import type { EntityKind, EntityState } from '../shared/merge';
import type {
  EnrollmentRole,
  PullRequest,
  PullResponse,
  PushResponse,
  ServerOp,
  SiteInfo,
  StationHealth,
  SyncOp,
} from '../shared/sync';

/** Health reports kept per station: the newest and enough before it to see a trend (about a day at 30 min). */
export const HEALTH_HISTORY = 48;

export interface StationRecord {
  id: string;
  siteId: string;
  role: EnrollmentRole;
  name: string;
  revokedAt: string | null;
}

/** Who pushes: an enrolled station, or the server itself authoring central data (admin API, import). */
export type Author =
  Pick<StationRecord, 'id' | 'siteId' | 'role'> | { id: string; siteId: null; role: 'server' };

export interface ClaimInput {
  codeHash: string;
  stationId: string;
  name: string;
  credentialHash: string;
  publicKey: string | null;
  keyId: string | null;
  now: string;
}

/** A station's report about itself as the server received it. */
export interface HealthEntry {
  reportedAt: string;
  health: StationHealth;
}

/** A station as the fleet view shows it: its record, when it last synced, and its newest health report. */
/** A break in a station's audit chain, found when a health report did not continue the one before. */
export interface AuditProblem {
  at: string;
  message: string;
}

export interface StationOverview extends StationRecord {
  createdAt: string;
  lastSeenAt: string | null;
  health: HealthEntry | null;
  auditProblem: AuditProblem | null;
}

export type ReleaseResult =
  | { ok: true; serverSeq: number; siteId: string | null }
  | { ok: false; problem: 'not_quarantined' }
  | { ok: false; problem: 'refused'; message: string };

export interface AdminAuditEntry {
  at: string;
  action: string;
  details: Record<string, unknown>;
}

/** Which admin audit entries to list: newest first, `limit` of them, older than entry `before`. */
export interface AuditQuery {
  /** Entries whose details name this site (details.siteId). */
  siteId?: string;
  /** Entries whose details name this station (details.stationId). */
  stationId?: string;
  action?: string;
  /** Only entries older than this one (its id): the next page. */
  before?: number;
  limit: number;
}

export interface AuditPage {
  entries: (AdminAuditEntry & { id: number })[];
  /** The `before` of the next (older) page, or null when this was the last. */
  next: number | null;
  /** Every action the log holds, for a filter's choices. */
  actions: string[];
}

/** An enrollment code as the console lists it: its public id, never the code or its hash. */
export interface OpenEnrollmentCode {
  id: string;
  siteId: string;
  role: EnrollmentRole;
  createdAt: string;
  expiresAt: string;
}

export type SetupClaimResult = 'ok' | 'unknown_code' | 'claimed';

export type ClaimResult =
  | { ok: true; station: StationRecord; site: SiteInfo }
  | { ok: false; reason: 'unknown_code' | 'expired' | 'claimed' | 'station_exists' | 'key_exists' };

/** What every server instance on a shared store must hear: new ops for some sites, a station revoked. */
export type NudgeEvent =
  | { type: 'applied'; siteIds: (string | null)[]; serverHeadSeq: number }
  | { type: 'revoked'; stationId: string };

/**
 * Carries nudges between server instances that share one database (PostgreSQL LISTEN/NOTIFY), so a station
 * connected to one instance hears of a write made through another. A store without one has one instance.
 */
export interface NudgeBus {
  /** Tells every instance, this one included. */
  publish(event: NudgeEvent): Promise<void>;
  /** Hears every instance's events until the returned function is called. */
  subscribe(listener: (event: NudgeEvent) => void): Promise<() => Promise<void>>;
}

/**
 * How long the server keeps what a notice op or a notification carries (a photo, a pass token, an address,
 * a message's text) when nothing consumed or sent it sooner (issue #15, docs/privacy.md).
 */
export const NOTICE_WINDOW_MS = 24 * 3_600_000;

/** What purgePersonal may take: notices the notification service consumed, and anything older than `before`. */
export interface PurgeInput {
  /** Notice ops at or before this server sequence were read by the notification service; null: no service. */
  consumedThrough: number | null;
  /** Notices received, and messages made, before this time are purged whatever became of them. */
  before: string;
}

/** How many rows a purge emptied. */
export interface PurgeCounts {
  /** Notice ops (pass.email, visit.photo, alert.watchlist) left as tombstones: type and sequence, no payload. */
  notices: number;
  /** Notification messages whose body (and a visitor's address) went. */
  messages: number;
  /** Notice ops kept whole among the notification service's failed ops, emptied. */
  failedOps: number;
}

/** How many gate decisions of a site had this verdict and reason (the reason as the gate recorded it). */
export interface GateVerdictCount {
  siteId: string;
  granted: boolean;
  reason: string;
  n: number;
}

/** Periodic work that runs on one server instance at a time when several share a database. */
export type ExclusiveWork = 'notifyLog' | 'retention';

export interface SyncStore {
  /** Present where several server instances may share the store. */
  readonly nudges?: NudgeBus;
  /**
   * Several server instances on one database (PostgreSQL): runs `run` if no other instance is doing this
   * work right now, else skips it (false). Absent: one process, the caller always runs it.
   */
  exclusive?(work: ExclusiveWork, run: () => Promise<void>): Promise<boolean>;

  createSite(site: SiteInfo, now: string): Promise<SiteInfo>;
  site(id: string): Promise<SiteInfo | undefined>;
  listSites(): Promise<SiteInfo[]>;

  createEnrollmentCode(input: {
    id: string;
    codeHash: string;
    siteId: string;
    role: EnrollmentRole;
    now: string;
    expiresAt: string;
  }): Promise<void>;
  /** The site's codes neither used nor expired at `now`, soonest to expire first. */
  openEnrollmentCodes(siteId: string, now: string): Promise<OpenEnrollmentCode[]>;
  /**
   * Ends an open code of the site at `now` (a claim from then on is refused as expired), with the admin
   * audit entry `audit` makes of it in one transaction; anything but 'ok' changed nothing.
   */
  expireEnrollmentCode(
    input: { id: string; siteId: string; now: string },
    audit: (code: OpenEnrollmentCode) => AdminAuditEntry,
  ): Promise<'ok' | 'unknown' | 'claimed' | 'expired'>;
  /** Uses a code once: creates the station with its hashed credential. */
  claimEnrollment(input: ClaimInput): Promise<ClaimResult>;
  stationByCredentialHash(hash: string): Promise<StationRecord | undefined>;
  station(id: string): Promise<StationRecord | undefined>;
  /**
   * Revokes a station with its admin audit entry in one transaction: a revocation is never left
   * unrecorded, and a failed audit write revokes nothing. False (nothing written): no active station.
   */
  revokeStation(id: string, now: string, audit: AdminAuditEntry): Promise<boolean>;
  touchStation(id: string, now: string): Promise<void>;
  /** Keeps a station's health report (and a short history of earlier ones). */
  recordHealth(stationId: string, health: StationHealth, now: string): Promise<void>;
  /** Every enrolled station (revoked ones too), by site and name, with its newest health report. */
  stationsOverview(): Promise<StationOverview[]>;
  /** A station's recent health reports, newest first. */
  healthHistory(stationId: string): Promise<HealthEntry[]>;
  /** Records (or, with null, clears) a break found in a station's audit chain; false: no such station. */
  setAuditProblem(stationId: string, problem: AuditProblem | null): Promise<boolean>;

  /**
   * Dedups, judges, orders and applies a batch in one transaction; answers per op. `pushOffsetMs` (the
   * server clock minus the push's sentAt) corrects the time of ops that carry no correctedAt of their own.
   * `audit` entries are written in that transaction when no op was refused or quarantined.
   */
  push(
    author: Author,
    ops: SyncOp[],
    now: Date,
    pushOffsetMs?: number,
    /** Written in the same transaction when every op was taken (the admin who authored them). */
    audit?: AdminAuditEntry[],
  ): Promise<PushResponse>;
  /**
   * Applies a quarantined (far_future) op as if its time were fine, at the next server sequence, and
   * records who asked why in the admin audit; every other check still applies.
   */
  releaseQuarantined(
    stationId: string,
    stationSeq: number,
    reason: string,
    now: Date,
  ): Promise<ReleaseResult>;
  /** The admin audit, oldest first. */
  adminAudit(): Promise<AdminAuditEntry[]>;
  /** One page of the admin audit, newest first, filtered (the console's audit view). */
  adminAuditPage(query: AuditQuery): Promise<AuditPage>;
  /** Appends one entry to the admin audit. */
  appendAdminAudit(entry: AdminAuditEntry): Promise<void>;

  /** Keeps a site's one-time setup code (its hash). */
  createSetupCode(input: { codeHash: string; siteId: string; now: string }): Promise<void>;
  /**
   * Uses a setup code of the site once, for the staff account it creates, in one transaction with its
   * admin audit entry; a code of another site is unknown here.
   */
  claimSetupCode(input: {
    codeHash: string;
    siteId: string;
    staffId: string;
    stationId: string;
    now: string;
  }): Promise<SetupClaimResult>;

  /** The next page of ops the station may see; throws SyncError('cursor_unknown') for a cursor not in this log. */
  pull(
    station: StationRecord,
    request: Pick<PullRequest, 'cursor' | 'limit' | 'lastOp'>,
  ): Promise<PullResponse>;
  /**
   * Pass revocations of the station's site after `afterSeq`, oldest first, at most `limit`: a station still
   * pulling a backlog merges them ahead of it, so a revoked pass is refused at once (issue #14).
   */
  revocationsAfter(station: StationRecord, afterSeq: number, limit: number): Promise<ServerOp[]>;
  /** The next sequence number the server itself uses when it authors an op. */
  nextAuthorSeq(authorId: string): Promise<number>;
  headSeq(): Promise<number>;
  /** Gate decisions (gateEvent entities) the server holds, counted per site, verdict and reason (/metrics). */
  gateVerdicts(): Promise<GateVerdictCount[]>;

  /** Canonical states a station of the site may see (its site's entities and organisation-wide ones). */
  entitiesInScope(siteId: string): Promise<EntityState[]>;
  /** The site's own entities of these kinds (server-side retention reads visits, holds and incidents). */
  siteEntities(siteId: string, kinds: readonly EntityKind[]): Promise<EntityState[]>;
  /** The whole op log in server order (tests, repair and replay after an upgrade). */
  log(fromSeq?: number): Promise<ServerOp[]>;
  rejected(): Promise<{ stationId: string; stationSeq: number; reason: string; message: string }[]>;

  /**
   * Empties what the server keeps only to send a notification (issue #15): the payload of notice ops once
   * consumed (and not waiting in the failed ops) or received before `input.before`; the body of messages
   * sent (in-app ones are the desk's inbox: once older than `before`) and of dead ones older than `before`,
   * with the visitor's address of a pass e-mail; notice ops among failed ops older than `before`. Rows stay,
   * so sequences, pulls, idempotency and the delivery log hold.
   */
  purgePersonal(input: PurgeInput): Promise<PurgeCounts>;

  /** Releases the database (PostgreSQL: ends the pool, which the promise waits for). */
  close(): void | Promise<void>;
}

/** A page of `limit` entries from rows fetched newest first with one more (which says whether more exist). */
export function auditPage(
  rows: (AdminAuditEntry & { id: number })[],
  limit: number,
  actions: { action: string }[],
): AuditPage {
  const entries = rows.slice(0, limit).map(({ id, at, action, details }) => ({ id, at, action, details }));
  return {
    entries,
    next: rows.length > limit ? entries.at(-1)!.id : null,
    actions: actions.map((a) => a.action),
  };
}

/** Why a code cannot be ended early (another site's is unknown here), or null: it is open. */
export function expiryRefusal(
  code: { siteId: string; claimedAt: string | null; expiresAt: string } | undefined,
  siteId: string,
  now: string,
): 'unknown' | 'claimed' | 'expired' | null {
  if (!code || code.siteId !== siteId) return 'unknown';
  if (code.claimedAt) return 'claimed';
  return code.expiresAt <= now ? 'expired' : null;
}
