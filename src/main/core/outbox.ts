import type { HostRow, StaffUserRow, VisitorTypeRow, visitorTypesRepo } from '../../db/repos/directory';
import type { gateEventsRepo } from '../../db/repos/gate';
import type { IncidentRow, incidentsRepo } from '../../db/repos/incidents';
import { outboxRepo } from '../../db/repos/outbox';
import { stationsRepo } from '../../db/repos/sites';
import { authorshipRefusal } from '../../shared/authorship';
import type { EnrollmentRole } from '../../shared/sync';
import { ApiError } from '../../shared/errors';
import { kindOfOpType } from '../../shared/merge';
import type { PassRow, passesRepo } from '../../db/repos/passes';
import type { privacyRepo } from '../../db/repos/privacy';
import type { deviceProfilesRepo } from '../../db/repos/device-profiles';
import type { VisitRow, VisitorRow, visitsRepo } from '../../db/repos/visits';
import type { WatchlistRow } from '../../db/repos/watchlist';
import type { z } from 'zod';
import type { siteSettingsPatchSchema } from '../../shared/settings';
import type { NOTICE_OP_TYPES } from '../../shared/sync';
import type { EventEmitter } from 'node:events';
import type { CallContext } from './context';

/** The row a repository inserts: what an op that creates an entity carries. */
type Inserted<F> = F extends (db: never, row: infer R) => void ? R : never;

/**
 * What each op type this station records carries: the row it created or the fields of its entity's row
 * that it sets (the merge rules in src/shared/merge.ts apply them by name), or for a notice op
 * (NOTICE_OP_TYPES) what the sync server's notifications read. `recordChange` takes only these, so a
 * misspelt type or a field of the wrong type is a compile error.
 */
export interface OpPayloads {
  'visit.create': Inserted<typeof visitsRepo.insert>;
  'visit.status': Pick<VisitRow, 'status'> &
    Partial<Pick<VisitRow, 'hold' | 'checkedInAt' | 'checkedOutAt' | 'checkOutMethod' | 'updatedAt'>>;
  'visit.update': Partial<
    Pick<VisitRow, 'hold' | 'hostId' | 'customFields' | 'notes' | 'expectedAt' | 'updatedAt'>
  >;
  'visitor.upsert': Partial<VisitorRow>;
  /** Removes the visit's personal data for good; it then refers to the site's anonymous visitor. */
  'visit.anonymise': { anonymisedAt: string; anonymousVisitorId: string };
  /** Removes a visitor's personal data for good (`createdAt` when it makes the site's anonymous visitor). */
  'visitor.anonymise': { anonymisedAt: string; createdAt?: string };
  'pass.issue': Inserted<typeof passesRepo.insert>;
  'pass.status': Pick<PassRow, 'status'> & Partial<Pick<PassRow, 'updatedAt'>>;
  'host.upsert': Partial<HostRow>;
  'visitorType.upsert': Partial<VisitorTypeRow>;
  'visitorTypeDocument.publish': Inserted<typeof visitorTypesRepo.insertDocument>;
  'watchlist.upsert': Partial<WatchlistRow>;
  'gate.event': Inserted<typeof gateEventsRepo.insert>;
  'incident.upsert': Partial<IncidentRow>;
  'incident.event': Inserted<typeof incidentsRepo.addEvent>;
  /** The settings an admin changed; each is its own last-writer-wins field (kind siteSettings). */
  'site.settings': z.input<typeof siteSettingsPatchSchema>;
  /** A staff account: its secrets only as the stored KDF hashes; failed attempts and locks stay here. */
  'staff.upsert': Partial<Omit<StaffUserRow, 'failedAttempts' | 'lockedUntil'>>;
  /** A legal hold placed on a visitor or a visit (its row), and its release (issue #15). */
  'legalHold.place': Inserted<typeof privacyRepo.insertHold>;
  'legalHold.release': { releasedAt: string; releasedBy: string | null; updatedAt: string };
  /** The site's shared device profile, whole (its id is the site's): the last share wins (issue #16). */
  'deviceProfile.share': Inserted<typeof deviceProfilesRepo.put>;
  // Notice ops: read by the sync server's notifications, never merged or sent on.
  'alert.watchlist': {
    visitId: string;
    name: string;
    level: 'alert' | 'deny';
    source: 'kiosk' | 'gate' | 'desk';
  };
  'visit.photo': { visitorId: string; dataUrl: string };
  'pass.email': {
    visitId: string;
    passId: string;
    email: string;
    language: string;
    validUntil: string;
    passToken: string;
  };
}

export type OpType = keyof OpPayloads;

// Every notice op type has its payload here.
type MissingNotice = Exclude<(typeof NOTICE_OP_TYPES)[number], OpType>;
const everyNotice: [MissingNotice] extends [never] ? true : MissingNotice = true;
void everyNotice;

/** The core's emitter event for "this commit recorded ops": not a StationEvent, screens never see it. */
const OPS_RECORDED = 'outbox.recorded';

/** Contexts that already asked to signal their commit, so a call recording ten ops signals once. */
const signalling = new WeakSet<CallContext>();

/**
 * Calls `listener` after every commit that recorded at least one op (the sync client pushes then), and
 * never for a commit without one. Returns the function that stops listening.
 */
export function onOpsRecorded(core: { events: EventEmitter }, listener: () => void): () => void {
  core.events.on(OPS_RECORDED, listener);
  return () => core.events.off(OPS_RECORDED, listener);
}

/** The kind of station this call records ops as (undefined when it has no sync server), per call. */
const authorKinds = new WeakMap<CallContext, EnrollmentRole | null | undefined>();

/** Asked once per call: a call that anonymises a batch records a thousand ops with the same answer. */
function authorKind(ctx: CallContext): EnrollmentRole | null | undefined {
  if (authorKinds.has(ctx)) return authorKinds.get(ctx);
  const kind = ctx.station.sync.enrolled()
    ? stationsRepo.get(ctx.station.db, ctx.station.stationId)?.kind
    : undefined;
  authorKinds.set(ctx, kind);
  return kind;
}

/**
 * Records a change for the sync server, in the transaction of the change itself, so a change and its
 * outbox op are committed together or not at all; once committed, onOpsRecorded's listeners are told.
 */
export function recordChange<T extends OpType>(
  ctx: CallContext,
  type: T,
  entityId: string,
  payload: OpPayloads[T],
): void {
  refuseUnauthored(ctx, type);
  outboxRepo.append(ctx.station.db, {
    stationId: ctx.station.stationId,
    type,
    entityId,
    payload,
    occurredAt: ctx.clockIso, // the raw clock: the server corrects it and sees the skew
  });
  signalAfterCommit(ctx);
}

/** recordChange for many entities with one payload, in one statement (a retention batch's ops). */
export function recordChanges<T extends OpType>(
  ctx: CallContext,
  type: T,
  entityIds: readonly string[],
  payload: OpPayloads[T],
): void {
  if (entityIds.length === 0) return;
  refuseUnauthored(ctx, type);
  outboxRepo.appendMany(ctx.station.db, {
    stationId: ctx.station.stationId,
    type,
    entityIds,
    payload,
    occurredAt: ctx.clockIso,
  });
  signalAfterCommit(ctx);
}

/**
 * The server's authorship table, applied here: a write the server would refuse is refused now, in its
 * transaction, instead of being acknowledged to the person at the station and lost at sync (#21). A
 * station with no sync server is its own authority.
 */
function refuseUnauthored(ctx: CallContext, type: OpType): void {
  const kind = kindOfOpType(type);
  const stationKind = authorKind(ctx);
  const refusal = kind && stationKind ? authorshipRefusal(stationKind, kind, type) : null;
  if (refusal) throw new ApiError('forbidden', refusal);
}

function signalAfterCommit(ctx: CallContext): void {
  if (signalling.has(ctx)) return;
  signalling.add(ctx);
  const { events } = ctx.station;
  ctx.afterCommit(() => events.emit(OPS_RECORDED));
}
