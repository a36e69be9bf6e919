// Anonymising visits and visitors (issue #15), for the retention job and a person's erasure alike. The
// rows keep counts, times, host, type and outcome, so reports still add up; a visit then refers to the
// site's anonymous visitor, a visitor keeps no name or contact, and the files, signatures, roll-call copies
// and kept ops that named them are cleared. The anonymise ops (src/shared/merge.ts) carry it to the server
// and every station of the site, where no older or newer op can bring the data back.
import { ApiError } from '../../shared/errors';
import { anonymousVisitorId, privacyRepo, type RetentionCutoffs } from '../../db/repos/privacy';
import { stationsRepo } from '../../db/repos/sites';
import { visitsRepo } from '../../db/repos/visits';
import type { RetentionStatus } from '../../shared/api/privacy';
import type { CallContext, StationCore } from '../core/context';
import type { Db } from '../../db/open';
import { settingsRepo } from '../../db/repos/settings';
import { lastCheckOutDue, nextCheckOutDue } from '../core/site';
import { recordChange, recordChanges } from '../core/outbox';
import { dataDirOf, removeVisitFiles } from '../kiosk/files';

/**
 * Why this station leaves retention to another one, or null when it runs it: anonymising cannot be undone,
 * so of the enrolled stations only a desk records it (OP_AUTHORED_BY); a station on its own does.
 */
export function retentionElsewhere(station: StationCore): RetentionStatus['runsElsewhere'] {
  const row = stationsRepo.get(station.db, station.stationId);
  if (!row?.siteId) return 'no_site';
  return station.sync.enrolled() && row.kind !== 'desk' ? 'not_a_desk' : null;
}

/** The retention job runs nightly at this time of the site's day, when a desk is quiet. */
export const RETENTION_TIME = '03:00';
/** The station's record of its last retention run (station scope: each desk runs its own). */
export const RETENTION_LAST_RUN_KEY = 'privacy.retentionLastRun';
export interface RetentionRun {
  at: string;
  anonymisedVisits: number;
  anonymisedVisitors: number;
}

/** When the retention job runs next: now if the last due time passed without a run, else the next one. */
export function nextRetentionRun(db: Db, now: Date, timezone: string): Date {
  const last = settingsRepo.get<RetentionRun>(db, 'station', RETENTION_LAST_RUN_KEY);
  const due = lastCheckOutDue(now, timezone, RETENTION_TIME);
  if (!last || last.at < due.toISOString()) return now;
  return nextCheckOutDue(now, timezone, RETENTION_TIME);
}

/** Visits that ended before this time are due: `retentionDays` whole days of 24 hours before `now`. */
export const retentionCutoff = (now: Date, retentionDays: number): string =>
  new Date(now.getTime() - retentionDays * 86_400_000).toISOString();

/** The site's cutoff, and those of the visitor types that set their own retention period. */
export function retentionCutoffs(db: Db, now: Date, siteId: string, retentionDays: number): RetentionCutoffs {
  const byType = Object.entries(privacyRepo.typeRetentionDays(db, siteId)).map(([typeId, days]) => [
    typeId,
    retentionCutoff(now, days),
  ]);
  return { site: retentionCutoff(now, retentionDays), byType: Object.fromEntries(byType) };
}

/** The site's anonymous visitor, made (and recorded for sync) the first time a visit is anonymised. */
function ensureAnonymousVisitor(ctx: CallContext, siteId: string): string {
  const id = anonymousVisitorId(siteId);
  const { db } = ctx.station;
  if (visitsRepo.visitor(db, id)) return id;
  visitsRepo.insertVisitor(db, {
    id,
    name: '',
    searchName: '',
    anonymisedAt: ctx.nowIso,
    createdAt: ctx.nowIso,
    updatedAt: ctx.nowIso,
  });
  recordChange(ctx, 'visitor.anonymise', id, { anonymisedAt: ctx.nowIso, createdAt: ctx.nowIso });
  return id;
}

/**
 * Anonymises these visits and visitors of the site here and records the ops that do it everywhere; their
 * files go once the transaction commits. Ids that are already anonymised (or unknown) are skipped; the
 * ids returned are those it anonymised. `visitsAreDue`: the visit ids are privacyRepo.dueVisits' answer.
 */
export function anonymise(
  ctx: CallContext,
  siteId: string,
  visitIds: readonly string[],
  visitorIds: readonly string[],
  { visitsAreDue = false } = {},
): { visits: number; visitors: number; visitIds: string[]; visitorIds: string[] } {
  const { db } = ctx.station;
  const at = ctx.nowIso;
  // A batch is read and written in one statement each: retention goes through a million visits. Its due
  // visits (privacyRepo.dueVisits, in this transaction) are of the site and name someone already.
  const visitIdsDone = visitsAreDue ? [...visitIds] : visitsRepo.visitsNamingSomeone(db, siteId, visitIds);
  const visitors = visitsRepo.visitorsNamingSomeone(db, visitorIds);
  if (visitIdsDone.length + visitors.length === 0)
    return { visits: 0, visitors: 0, visitIds: [], visitorIds: [] };
  if (retentionElsewhere(ctx.station) === 'not_a_desk')
    throw new ApiError('forbidden', 'Personal data is anonymised at a desk station of the site.');
  const visitorIdsDone = visitors.map((p) => p.id);
  // Before the anonymise ops are recorded: they name no one, and scrub would read and rewrite them all.
  privacyRepo.scrub(db, visitIdsDone, visitorIdsDone, at);
  if (visitIdsDone.length > 0) {
    const anonymous = ensureAnonymousVisitor(ctx, siteId);
    visitsRepo.anonymiseMany(db, visitIdsDone, anonymous, at);
    recordChanges(ctx, 'visit.anonymise', visitIdsDone, { anonymisedAt: at, anonymousVisitorId: anonymous });
  }
  const photos = visitors.flatMap((p) => (p.photoPath ? [p.photoPath] : []));
  visitsRepo.anonymiseVisitors(db, visitorIdsDone, at);
  recordChanges(ctx, 'visitor.anonymise', visitorIdsDone, { anonymisedAt: at });
  const dataDir = dataDirOf(db);
  ctx.afterCommit(() => removeVisitFiles(dataDir, visitIdsDone, photos));
  return {
    visits: visitIdsDone.length,
    visitors: visitors.length,
    visitIds: visitIdsDone,
    visitorIds: visitorIdsDone,
  };
}
