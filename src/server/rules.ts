// What the server does with one pushed op, decided without touching storage: refuse it, quarantine it,
// keep it unapplied (a type or schema this server does not know yet), or apply it within a site scope.
import { authorshipRefusal } from '../shared/authorship';
import { ENTITY_KINDS, KINDS, kindOfOpType, type EntityKind, type EntityState } from '../shared/merge';
import {
  FAR_FUTURE_MS,
  isNoticeOp,
  SYNC_SCHEMA_VERSION,
  type RejectionReason,
  type SyncOp,
} from '../shared/sync';
import type { Author } from './store';

export type Verdict =
  | { action: 'reject'; reason: RejectionReason; message: string }
  | { action: 'keep'; siteId: string | null }
  /** A notice for the server's notifications: logged within the author's site, never merged or pulled. */
  | { action: 'notice'; siteId: string | null }
  | { action: 'apply'; kind: EntityKind; siteId: string | null };

/**
 * What one station may have kept unapplied for a newer server (ops of an unknown type or newer schema):
 * a station on a newer build sends a few such ops, never megabytes (the 15 MB push of issue #14).
 */
export const HELD_QUOTA = { ops: 500, bytes: 1024 * 1024 };

/** The refusal of a kept op that would take the station past HELD_QUOTA; null while it fits. */
export function heldQuotaRefusal(
  used: { ops: number; bytes: number },
  opBytes: number,
): Extract<Verdict, { action: 'reject' }> | null {
  if (used.ops + 1 <= HELD_QUOTA.ops && used.bytes + opBytes <= HELD_QUOTA.bytes) return null;
  return {
    action: 'reject',
    reason: 'over_quota',
    message: `This station already has ${used.ops} ops (${used.bytes} bytes) waiting for a newer server; at most ${HELD_QUOTA.ops} ops or ${HELD_QUOTA.bytes} bytes are kept per station.`,
  };
}

/**
 * `op.correctedAt` is the op's time by the server clock (the store fills it in before judging, see
 * correctedTime in src/shared/sync.ts): only an op still more than a day ahead after correction is
 * quarantined. `released`: an administrator released the op from quarantine, so its time is not judged.
 */
export function judgeOp(
  op: SyncOp,
  author: Author,
  existing: EntityState | undefined,
  now: Date,
  released = false,
): Verdict {
  if (op.stationId !== author.id) {
    return {
      action: 'reject',
      reason: 'wrong_station',
      message: `The op says it comes from station ${op.stationId}.`,
    };
  }
  const corrected = op.correctedAt ?? op.occurredAt;
  if (!released && Date.parse(corrected) - now.getTime() > FAR_FUTURE_MS) {
    return {
      action: 'reject',
      reason: 'far_future',
      message: `The op claims ${op.occurredAt} (${corrected} after correcting the station's clock offset), more than 24 hours ahead of the server clock (${now.toISOString()}); the station's clock changed between recording and sending it. An administrator may release it.`,
    };
  }
  if (isNoticeOp(op.type) && author.role !== 'server') return { action: 'notice', siteId: author.siteId };
  const known = kindOfOpType(op.type);
  // A newer type of a kind this build knows ("station.rename") is judged as that kind: a higher type or
  // schemaVersion never buys a station more authority than the ops it can already push.
  const kind = known ?? ENTITY_KINDS.find((k) => op.type.startsWith(`${k}.`));
  if (!kind) {
    // No entity kind at all: kept for a newer server, within the author's own site and nowhere else.
    if (author.role !== 'server' && op.siteId !== null && op.siteId !== author.siteId)
      return { action: 'reject', reason: 'forbidden_site', message: 'That op names another site.' };
    return keep(author, op.siteId);
  }
  const refusal = author.role === 'server' ? null : authorshipRefusal(author.role, kind, op.type);
  if (refusal) return { action: 'reject', reason: 'forbidden_role', message: refusal };
  const spec = KINDS[kind];
  if (typeof op.payload.id === 'string' && op.payload.id !== op.entityId) {
    return {
      action: 'reject',
      reason: 'invalid_op',
      message: 'The payload id differs from the op entity id.',
    };
  }
  const newer = !known || op.schemaVersion > SYNC_SCHEMA_VERSION;
  if (spec.scope === 'org') {
    const refused = spec.siteOwned && author.role !== 'server' ? ownerRefusal(op, author, existing) : null;
    if (refused) return { action: 'reject', reason: 'forbidden_site', message: refused };
    return newer ? keep(author, null) : { action: 'apply', kind, siteId: null };
  }

  // Site-scoped: the entity's site is fixed by its first op; a station may touch only its own site.
  const claimed = [existing?.siteId, op.siteId, op.payload.siteId].filter(
    (s): s is string => typeof s === 'string',
  );
  const siteId = existing?.siteId ?? claimed[0] ?? author.siteId;
  if (!siteId) return { action: 'reject', reason: 'invalid_op', message: `A ${kind} op needs a site.` };
  if (claimed.some((s) => s !== siteId) || (author.role !== 'server' && siteId !== author.siteId)) {
    return { action: 'reject', reason: 'forbidden_site', message: `That ${kind} belongs to another site.` };
  }
  if (spec.idIsSite && op.entityId !== siteId) {
    return { action: 'reject', reason: 'forbidden_site', message: `A site's ${kind} are its own entity.` };
  }
  return newer ? keep(author, siteId) : { action: 'apply', kind, siteId };
}

/**
 * Why a station may not write this op of an organisation-wide entity owned by one site (KINDS.siteOwned):
 * the creating op names the author's own site as owner (or none, as before ownership), the owner never
 * changes, and only the owner's stations change the entity afterwards. Null when the op may be written.
 */
function ownerRefusal(op: SyncOp, author: Author, existing: EntityState | undefined): string | null {
  const claim = op.payload.ownerSiteId;
  if (!existing) {
    return claim === undefined || claim === null || claim === author.siteId
      ? null
      : 'A station can only add an entry owned by its own site.';
  }
  const owner = existing.firsts.owner?.v.ownerSiteId ?? null;
  if (owner !== null && owner !== author.siteId) {
    return "That entry belongs to another site's watchlist; only that site's stations or the server's administrator may change it.";
  }
  if (claim !== undefined && claim !== owner) return 'The site that owns an entry is set when it is added.';
  return null;
}

/** Kept unapplied for a newer server (it re-judges on replay), within the author's site. */
const keep = (author: Author, siteId: string | null): Verdict => ({
  action: 'keep',
  siteId: author.role === 'server' ? siteId : author.siteId,
});
