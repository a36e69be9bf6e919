// What the server does with one pushed op, decided without touching storage: refuse it, quarantine it,
// keep it unapplied (a type or schema this server does not know yet), or apply it within a site scope.
import { KINDS, kindOfOpType, type EntityKind, type EntityState } from '../shared/merge';
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

export function judgeOp(op: SyncOp, author: Author, existing: EntityState | undefined, now: Date): Verdict {
  if (op.stationId !== author.id) {
    return {
      action: 'reject',
      reason: 'wrong_station',
      message: `The op says it comes from station ${op.stationId}.`,
    };
  }
  const occurred = Date.parse(op.occurredAt);
  if (occurred - now.getTime() > FAR_FUTURE_MS) {
    return {
      action: 'reject',
      reason: 'far_future',
      message: `The op claims ${op.occurredAt}, more than 24 hours ahead of the server clock (${now.toISOString()}); check the station's clock.`,
    };
  }
  if (isNoticeOp(op.type) && author.role !== 'server') return { action: 'notice', siteId: author.siteId };
  const kind = kindOfOpType(op.type);
  if (!kind || op.schemaVersion > SYNC_SCHEMA_VERSION) {
    // Kept for a newer server, within the author's own site: it must not leak anywhere else.
    return { action: 'keep', siteId: author.role === 'server' ? op.siteId : author.siteId };
  }
  const spec = KINDS[kind];
  if (spec.serverOnly && author.role !== 'server') {
    return {
      action: 'reject',
      reason: 'forbidden_role',
      message: `Only the sync server writes ${kind} entries.`,
    };
  }
  if (spec.central && author.role !== 'desk' && author.role !== 'server') {
    return {
      action: 'reject',
      reason: 'forbidden_role',
      message: `A ${author.role} station may not change ${kind} entries.`,
    };
  }
  if (typeof op.payload.id === 'string' && op.payload.id !== op.entityId) {
    return {
      action: 'reject',
      reason: 'invalid_op',
      message: 'The payload id differs from the op entity id.',
    };
  }
  if (spec.scope === 'org') return { action: 'apply', kind, siteId: null };

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
  return { action: 'apply', kind, siteId };
}
