// The sync wire protocol between stations and the central sync server (see ../../SYNC design and the README
// "Sync protocol"). Environment-free zod schemas: the server validates what it receives with them, the
// station validates the server's answers with them, and the simulation test drives both through them.
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { DEVICE_TYPES, PRINTER_PROBLEMS } from './devices';
import { ENTITY_KINDS, type EntityKind, type EntityState } from './merge';

/** Version of the op schema this build understands. Ops from a newer schema are kept, never dropped. */
export const SYNC_SCHEMA_VERSION = 1;
/** Version of the request/response envelope. A server that does not know it answers protocol_unsupported. */
export const SYNC_PROTOCOL_VERSION = 1;
/** Ops whose corrected time is still further than this ahead of the server clock are quarantined. */
export const FAR_FUTURE_MS = 24 * 60 * 60 * 1000;
/** A station clock this far from the server's is shown: in the desk and gate header and in the fleet view. */
export const CLOCK_SKEW_ALERT_MS = 2 * 60_000;
export const MAX_PUSH_OPS = 1000;
export const MAX_PULL_LIMIT = 2000;
/** The station id the server uses for ops it authors itself (admin API, host import). */
export const SERVER_AUTHOR_ID = '00000000-0000-7000-8000-000000000000';

/**
 * Ops a station sends only for the server's notifications: a kiosk watchlist hit for security, a visitor's
 * photo for the host's arrival e-mail, a visitor's request to have their pass e-mailed. The server logs and
 * acknowledges them but merges nothing and never sends them on to other stations (a photo or a pass token
 * stays between the kiosk and that e-mail).
 */
export const NOTICE_OP_TYPES = ['alert.watchlist', 'visit.photo', 'pass.email'] as const;
export const isNoticeOp = (type: string): boolean => (NOTICE_OP_TYPES as readonly string[]).includes(type);
/** The largest photo (a data URL) a kiosk sends for the arrival e-mail; a larger one is left out. */
export const MAX_NOTICE_PHOTO_CHARS = 400_000;

/**
 * One change, as recorded in a station's outbox. `siteId` is the site whose stations may see it, or null
 * for organisation-wide data (the watchlist). `occurredAt` is the station's clock: a recorded fact, never
 * used to decide which change wins. `correctedAt` is that time moved by the station's estimate of its clock
 * offset (server clock minus station clock, src/shared/clock-offset.ts) as the op is sent; a station without
 * an estimate yet, or an older station, leaves it out, and the server corrects by the push's `sentAt`
 * instead (`correctedTime`). Optional both ways: an older server ignores it, an older station omits it.
 */
export const syncOpSchema = z.object({
  opId: z.string().min(1).max(64),
  stationId: z.string().min(1).max(64),
  stationSeq: z.number().int().positive(),
  type: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*\.[a-zA-Z][a-zA-Z0-9]*$/, 'an op type is "<entity>.<action>"'),
  entityId: z.string().min(1).max(64),
  siteId: z.string().min(1).max(64).nullable(),
  // Fields this build does not know stay in the payload and travel on (kept, not dropped).
  payload: z.record(z.string(), z.unknown()),
  occurredAt: z.iso.datetime({ offset: true }),
  correctedAt: z.iso.datetime({ offset: true }).optional(),
  schemaVersion: z.number().int().positive(),
});
export type SyncOp = z.infer<typeof syncOpSchema>;

/** `iso` moved by `offsetMs` (server minus station clock): a station time as the server's clock reads it. */
export const shiftIso = (iso: string, offsetMs: number): string =>
  new Date(Date.parse(iso) + offsetMs).toISOString();

/**
 * The time an op happened by the server's clock: the station's own correction when it sent one, else the
 * station time moved by how far the push's `sentAt` was from the server clock when it arrived (off by the
 * transit time, which is far below anything `far_future` cares about).
 */
export function correctedTime(op: Pick<SyncOp, 'occurredAt' | 'correctedAt'>, pushOffsetMs: number): string {
  return op.correctedAt ?? shiftIso(op.occurredAt, pushOffsetMs);
}

/** An op as the server ordered it: its place in the global, gap-free server sequence. */
export const serverOpSchema = syncOpSchema.extend({ serverSeq: z.number().int().positive() });
export type ServerOp = z.infer<typeof serverOpSchema>;

// ---- push ----

export const pushRequestSchema = z.object({
  protocolVersion: z.number().int().positive(),
  /** The station's clock when it sent the batch, so the server can report how wrong the clock is. */
  sentAt: z.iso.datetime({ offset: true }),
  ops: z.array(syncOpSchema).max(MAX_PUSH_OPS),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * Why an op was not applied. Rejected and quarantined ops are answered (the station stops sending them
 * and keeps them aside, visible to an operator) and never block the rest of the batch.
 * - far_future: its corrected time is still more than 24 h ahead of the server clock (quarantined, kept for
 *   review; an administrator may release it: POST /admin/quarantine/:stationId/:stationSeq/release);
 * - forbidden_site: touches another site's data, or claims a site the station is not enrolled for;
 * - forbidden_role: a kiosk or gate may not author directory or watchlist entries;
 * - wrong_station: the op says it comes from another station;
 * - invalid_op: the payload lacks what its type needs;
 * - over_quota: an op the server would keep for a newer build, past the station's quota of such ops.
 */
export const REJECTION_REASONS = [
  'far_future',
  'forbidden_site',
  'forbidden_role',
  'wrong_station',
  'invalid_op',
  'over_quota',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const pushAckSchema = z.object({
  stationSeq: z.number().int().positive(),
  serverSeq: z.number().int().positive(),
  /** Set when the server stored the op but could not apply it: a type or schema it does not know yet. */
  held: z.literal('schema_unknown').optional(),
  /** The corrected time the server stored with the op (absent from older servers). */
  correctedAt: z.iso.datetime({ offset: true }).optional(),
});
export type PushAck = z.infer<typeof pushAckSchema>;

export const pushRejectionSchema = z.object({
  stationSeq: z.number().int().positive(),
  reason: z.enum(REJECTION_REASONS),
  message: z.string(),
});
export type PushRejection = z.infer<typeof pushRejectionSchema>;

export const pushResponseSchema = z.object({
  acks: z.array(pushAckSchema),
  rejected: z.array(pushRejectionSchema),
  /** Subset of the far-future rejections, listed apart so a station can report them as quarantined. */
  quarantined: z.array(z.number().int().positive()),
  serverTime: z.iso.datetime({ offset: true }),
  serverHeadSeq: z.number().int().nonnegative(),
  /**
   * Set when an op came under a station sequence the server already holds with another op of this
   * station: the station was restored from an older backup and numbers again from where the backup
   * stood. The batch is answered up to that op only; the station numbers what is left past this value
   * (the newest sequence the server has from it) and pushes again. Older stations ignore it (and see
   * those ops unanswered, never falsely acknowledged).
   */
  stationSeqTaken: z.number().int().positive().optional(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

// ---- pull ----

export const pullRequestSchema = z.object({
  protocolVersion: z.number().int().positive(),
  /** The last server sequence number the station applied (0 for everything). */
  cursor: z.number().int().nonnegative(),
  limit: z.number().int().positive().max(MAX_PULL_LIMIT),
  /** The last op the station received, so a server restored from an older backup is noticed. */
  lastOp: z.object({ serverSeq: z.number().int().positive(), opId: z.string() }).nullable().optional(),
  /** Optional; the scope always comes from the station's credential. Another site is refused. */
  siteId: z.string().optional(),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;

export const pullResponseSchema = z.object({
  ops: z.array(serverOpSchema),
  /** Where the next pull starts. It may pass ops of other sites, which this station never sees. */
  nextCursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /** The newest server sequence number: a cursor beyond it means the server was restored from a backup. */
  serverHeadSeq: z.number().int().nonnegative(),
  /** The server's clock as it answered, for the station's clock offset estimate (absent from older servers). */
  serverTime: z.iso.datetime({ offset: true }).optional(),
  /**
   * When `hasMore`: the site's pass revocations beyond this page, merged at once (they come again in order
   * later, which changes nothing), so a gate behind on its pull refuses a revoked pass already.
   */
  revocations: z.array(serverOpSchema).max(MAX_PULL_LIMIT).optional(),
  /**
   * The organisation's ID-number key (as at enrollment), so a station enrolled before the server handed it
   * out gets it too (absent from a server that keeps none).
   */
  idNumberKey: z.string().optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

// ---- nudges (WebSocket /sync/nudge, server → station) ----

export const nudgeMessageSchema = z.object({
  type: z.literal('nudge'),
  serverHeadSeq: z.number().int().nonnegative(),
});
export type NudgeMessage = z.infer<typeof nudgeMessageSchema>;

// ---- station health (POST /sync/health, station → server, after a good sync) ----

/** A configured device as a station reports it: the devices page's health, with bounded strings. */
export const reportedDeviceSchema = z.object({
  id: z.string().max(64),
  type: z.enum(DEVICE_TYPES),
  kind: z.string().max(40),
  name: z.string().max(120),
  connected: z.boolean().nullable(),
  lastSeen: z.iso.datetime({ offset: true }).nullable(),
  lastError: z.string().max(300).nullable(),
  problem: z.enum(PRINTER_PROBLEMS).nullable(),
});

const hashSchema = z.string().regex(/^[0-9a-f]{64}$/);
/** One entry of a station's audit chain: its sequence number and hash. */
export const auditPointSchema = z.object({ seq: z.number().int().nonnegative(), hash: hashSchema });
export type AuditPoint = z.infer<typeof auditPointSchema>;

/** Why a downloaded update is not installed yet: outside the site's quiet window, a visitor on site, or it installs at the station's next check. */
export const UPDATE_WAITS = ['quiet_window', 'visitors_on_site', 'next_check'] as const;
export type UpdateWait = (typeof UPDATE_WAITS)[number];

/** An update a station has downloaded and verified and waits to install (docs/updates.md). */
export const pendingUpdateSchema = z.object({
  version: z.string().min(1).max(40),
  /** When it was downloaded. */
  since: z.iso.datetime({ offset: true }),
  waitingFor: z.enum(UPDATE_WAITS),
});
export type PendingUpdate = z.infer<typeof pendingUpdateSchema>;

/**
 * A station's last update rollback (docs/updates.md): the version that did not start healthy, the one it
 * went back to, when, and why it could not go back (null: it did). Reported until the next install.
 */
export const updateRollbackSchema = z.object({
  failedVersion: z.string().min(1).max(40),
  to: z.string().min(1).max(40),
  at: z.iso.datetime({ offset: true }),
  problem: z.string().max(300).nullable(),
});
export type UpdateRollbackReport = z.infer<typeof updateRollbackSchema>;

/** What a station tells the server about itself, so an administrator sees the fleet without visiting it. */
export const stationHealthSchema = z.object({
  version: z.string().min(1).max(40),
  /** When this station process started (its uptime is the server's time minus this). */
  startedAt: z.iso.datetime({ offset: true }),
  /** Ops recorded here and not yet acknowledged by the server. */
  outboxDepth: z.number().int().nonnegative(),
  held: z.number().int().nonnegative(),
  quarantined: z.number().int().nonnegative(),
  lastSyncAt: z.iso.datetime({ offset: true }).nullable(),
  /** The watchlist is current as of this time (the last good sync). */
  watchlistSyncedAt: z.iso.datetime({ offset: true }).nullable(),
  clockOffsetMs: z.number().nullable(),
  devices: z.array(reportedDeviceSchema).max(32),
  /** Badge print jobs waiting at the station, by status. Absent from older stations. */
  printQueue: z
    .object({
      queued: z.number().int().nonnegative(),
      printing: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
    })
    .optional(),
  /** The update it has downloaded and waits to install; null: none. Absent from older stations. */
  pendingUpdate: pendingUpdateSchema.nullable().optional(),
  /** Its last update rollback; null: none since the last install. Absent from older stations. */
  updateRollback: updateRollbackSchema.nullable().optional(),
  /** The station's latest sync errors, newest first. */
  errors: z.array(z.object({ at: z.iso.datetime({ offset: true }), message: z.string().max(300) })).max(10),
  /**
   * The audit chain's newest entry, and the entry at the head this station last reported (`anchor`, its hash
   * read again from the chain now): the server checks it still matches, so a truncated or rewritten chain
   * shows. Absent from stations older than this check.
   */
  audit: z
    .object({
      head: auditPointSchema,
      anchor: z.object({ seq: z.number().int().nonnegative(), hash: hashSchema.nullable() }).nullable(),
    })
    .optional(),
});
export type StationHealth = z.infer<typeof stationHealthSchema>;

export const healthReportSchema = z.object({
  protocolVersion: z.number().int().positive(),
  health: stationHealthSchema,
});
export type HealthReport = z.infer<typeof healthReportSchema>;

// ---- enrollment ----

export const enrollmentRoleSchema = z.enum(['kiosk', 'desk', 'gate']);
export type EnrollmentRole = z.infer<typeof enrollmentRoleSchema>;

export const siteInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  defaultLanguage: z.string(),
});
export type SiteInfo = z.infer<typeof siteInfoSchema>;

/** A KDF hash as stations store it (src/node/secrets.ts): `scrypt$N$r$p$salt$key`, never a secret. */
export const kdfHashSchema = z
  .string()
  .max(300)
  .regex(/^scrypt\$\d{1,8}\$\d{1,3}\$\d{1,3}\$[A-Za-z0-9+/=]{8,64}\$[A-Za-z0-9+/=]{16,128}$/, 'a KDF hash');

/**
 * A desk exchanges its site's one-time setup code (printed when the site was created) for the site's first
 * admin account: the server authors the staff.upsert, which reaches every station of the site.
 */
export const firstAdminRequestSchema = z.object({
  code: z.string().trim().min(8).max(64),
  name: z.string().trim().min(1).max(120),
  login: z.string().regex(/^[a-z0-9._-]{2,40}$/),
  pinHash: kdfHashSchema,
});
export const firstAdminResponseSchema = z.object({ staffId: z.string() });

export const claimRequestSchema = z.object({
  code: z.string().min(8).max(64),
  /** The station keeps the id it already has (its outbox ops carry it); the server makes one otherwise. */
  stationId: z.uuid().optional(),
  name: z.string().trim().min(1).max(80).optional(),
  /** The station's pass-signing public key (Ed25519 SPKI, base64) and key id, if it has one. */
  publicKey: z.string().max(200).optional(),
  keyId: z.string().max(64).optional(),
});
export type ClaimRequest = z.infer<typeof claimRequestSchema>;

export const claimResponseSchema = z.object({
  stationId: z.string(),
  /** Shown once; the server keeps only its hash. Sent as `Authorization: Bearer <credential>`. */
  credential: z.string(),
  role: enrollmentRoleSchema,
  site: siteInfoSchema,
  /**
   * The site's ID-number key (32 bytes, base64): every station of the site makes the same keyed digest of
   * an ID number, so a watchlist entry made at a desk screens at every kiosk. Sent once, over the same
   * channel as the credential; absent from a server that keeps no such key.
   */
  idNumberKey: z.string().optional(),
});
export type ClaimResponse = z.infer<typeof claimResponseSchema>;

// ---- errors ----

/**
 * Error codes of the sync API, in the `{ code, message }` body of a non-2xx answer.
 * - protocol_unsupported (426): the server does not know the request's protocolVersion; the station keeps
 *   its outbox (held, not dropped) and waits for an update;
 * - cursor_unknown (409): the station's cursor or last op is not in this server's log (restored from a
 *   backup): the station re-pushes what it has and pulls again from zero;
 * - unauthenticated (401), revoked (403), forbidden (403), invalid_input (400), not_found (404).
 */
export const SYNC_ERROR_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  revoked: 403,
  forbidden: 403,
  not_found: 404,
  cursor_unknown: 409,
  gone: 410,
  protocol_unsupported: 426,
  internal: 500,
} as const;
export type SyncErrorCode = keyof typeof SYNC_ERROR_STATUS;

export const syncErrorBodySchema = z.object({
  code: z.enum(Object.keys(SYNC_ERROR_STATUS) as [SyncErrorCode, ...SyncErrorCode[]]),
  message: z.string(),
  serverHeadSeq: z.number().int().nonnegative().optional(),
});
export type SyncErrorBody = z.infer<typeof syncErrorBodySchema>;

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly serverHeadSeq?: number,
  ) {
    super(message);
    this.name = 'SyncError';
  }
  get status(): number {
    return SYNC_ERROR_STATUS[this.code];
  }
  toJSON(): SyncErrorBody {
    return this.serverHeadSeq === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, serverHeadSeq: this.serverHeadSeq };
  }
}

// ---- checksums (drift the log missed) ----

/**
 * A digest of one kind's rows as a station of the site should hold them: the count and an FNV-1a hash of
 * the rows in id order, each as canonical JSON. Station and server compute it alike over the same columns.
 */
/**
 * Kinds the checksum covers. Left out: station rows (a station's table also holds stations of its own),
 * site settings (kept in the settings table, not a table of rows) and staff accounts (a station may hold
 * accounts made before it synced them, and a repair must never delete the account someone signs in with).
 */
export const CHECKSUM_KINDS: readonly EntityKind[] = ENTITY_KINDS.filter(
  (k) => k !== 'station' && k !== 'siteSettings' && k !== 'staff',
);

export function rowsChecksum(rows: Record<string, unknown>[]): { count: number; hash: string } {
  const sorted = [...rows].sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
  let hash = 0x811c9dc5;
  for (const row of sorted) {
    const text = canonicalize(row) ?? '';
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return { count: sorted.length, hash: hash.toString(16).padStart(8, '0') };
}

export const checksumResponseSchema = z.object({
  /** Per entity kind, over the canonical rows of the station's site and organisation-wide data. */
  kinds: z.record(z.string(), z.object({ count: z.number().int().nonnegative(), hash: z.string() })),
  /** The log position the checksums are of: a station compares only when its cursor is there too. */
  serverHeadSeq: z.number().int().nonnegative(),
});
export type ChecksumResponse = z.infer<typeof checksumResponseSchema>;

export const entitiesRequestSchema = z.object({
  protocolVersion: z.number().int().positive(),
  kind: z.string().min(1).max(32),
});
export type EntitiesRequest = z.infer<typeof entitiesRequestSchema>;

/** The server's merged states of one kind in the station's scope, for a station repairing drift. */
export const entitiesResponseSchema = z.object({
  states: z.array(
    z.custom<EntityState>(
      (v) => typeof v === 'object' && v !== null && 'kind' in v && 'id' in v && 'fields' in v,
      'a merged entity state',
    ),
  ),
  serverHeadSeq: z.number().int().nonnegative(),
});
export type EntitiesResponse = z.infer<typeof entitiesResponseSchema>;
