// Storage of the sync server, behind one interface so a PostgreSQL backend can follow the embedded SQLite
// one. Every method is one transaction. The decisions (which op is refused, quarantined or kept, and how
// an op changes an entity) are the pure functions of ./rules.ts and src/shared/merge.ts, so every backend
// decides alike.
import type { EntityState } from '../shared/merge';
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

export interface SyncStore {
  /** Present where several server instances may share the store. */
  readonly nudges?: NudgeBus;

  createSite(site: SiteInfo, now: string): Promise<SiteInfo>;
  site(id: string): Promise<SiteInfo | undefined>;
  listSites(): Promise<SiteInfo[]>;

  createEnrollmentCode(input: {
    codeHash: string;
    siteId: string;
    role: EnrollmentRole;
    now: string;
    expiresAt: string;
  }): Promise<void>;
  /** Uses a code once: creates the station with its hashed credential. */
  claimEnrollment(input: ClaimInput): Promise<ClaimResult>;
  stationByCredentialHash(hash: string): Promise<StationRecord | undefined>;
  station(id: string): Promise<StationRecord | undefined>;
  revokeStation(id: string, now: string): Promise<boolean>;
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
   */
  push(author: Author, ops: SyncOp[], now: Date, pushOffsetMs?: number): Promise<PushResponse>;
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

  /** Canonical states a station of the site may see (its site's entities and organisation-wide ones). */
  entitiesInScope(siteId: string): Promise<EntityState[]>;
  /** The whole op log in server order (tests, repair and replay after an upgrade). */
  log(fromSeq?: number): Promise<ServerOp[]>;
  rejected(): Promise<{ stationId: string; stationSeq: number; reason: string; message: string }[]>;

  /** Releases the database (PostgreSQL: ends the pool, which the promise waits for). */
  close(): void | Promise<void>;
}
