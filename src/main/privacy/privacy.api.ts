// Personal data at the station (issue #15): the retention job, run nightly by the scheduler as the station,
// and what admins see of it; a person's export (JSON, PDF) and erasure; legal holds.
import type { z } from 'zod';
import type { LegalHold, PersonExport, personMatchSchema } from '../../shared/api/privacy';
import { ApiError } from '../../shared/errors';
import { foldForSearch } from '../../shared/text';
import { visitsRepo } from '../../db/repos/visits';
import { photoDataUrl } from '../kiosk/files';
import { latestCutoff, privacyRepo } from '../../db/repos/privacy';
import { settingsRepo } from '../../db/repos/settings';
import { defineHandlers, type CallContext } from '../core/context';
import { renderPersonPdf } from './person-pdf';
import { personalHash } from '../core/audit';
import { recordChange } from '../core/outbox';
import { newId } from '../../shared/ids';
import { requireSite, siteSettings } from '../core/site';
import {
  anonymise,
  nextRetentionRun,
  retentionCutoffs,
  retentionElsewhere,
  RETENTION_LAST_RUN_KEY,
  type RetentionRun,
} from './anonymise';

/**
 * Visits and visitors anonymised in one transaction: a station back after months off never holds the
 * database for long (a quarter of a second a batch on the 2-core machine), in few enough commits that a
 * million visits go in minutes.
 */
export const RETENTION_BATCH = 2000;

export const privacyHandlers = defineHandlers({
  'privacy.runRetention': (input, ctx) => {
    const site = requireSite(ctx);
    if (retentionElsewhere(ctx.station))
      throw new ApiError('forbidden', 'Retention runs at a desk station of the site, not here.');
    const { db } = ctx.station;
    const { retentionDays } = siteSettings(db, site.id);
    const cutoffs = retentionCutoffs(db, ctx.now, site.id, retentionDays);
    const cutoff = cutoffs.site;
    const { ids: visitIds, last } = privacyRepo.dueVisits(db, site.id, cutoffs, RETENTION_BATCH, input.after);
    const room = RETENTION_BATCH - visitIds.length;
    const done = anonymise(ctx, site.id, visitIds, [], { visitsAreDue: true });
    // Visitors come free once their last visit went (a visitor record outlives its visits by no more than
    // the shortest period): those of this batch are found now.
    const visitorIds = room > 0 ? privacyRepo.dueVisitors(db, latestCutoff(cutoffs), room) : [];
    const people = anonymise(ctx, site.id, [], visitorIds);
    // Counts and the rule applied, never whom: the audit log keeps no personal data. The ids' hash lets an
    // auditor confirm which records (sorted ids) a batch anonymised without the entry listing thousands of them.
    Object.assign(ctx.auditDetails, {
      retentionDays,
      cutoff,
      typeRetentionDays: privacyRepo.typeRetentionDays(db, site.id),
      anonymisedVisits: done.visits,
      anonymisedVisitors: people.visitors,
      idsHash: personalHash({ visits: [...done.visitIds].sort(), visitors: [...people.visitorIds].sort() }),
    });
    return {
      anonymisedVisits: done.visits,
      anonymisedVisitors: people.visitors,
      more: visitIds.length === RETENTION_BATCH || visitorIds.length === room,
      next: last,
    };
  },

  'privacy.findPerson': (input, ctx) => {
    const folded = foldForSearch(input.query);
    const people = privacyRepo.findPeople(ctx.station.db, folded, input.query.toLowerCase(), 20);
    return { people: people as z.infer<typeof personMatchSchema>[] };
  },

  'privacy.exportPerson': (input, ctx) => {
    ctx.auditDetails.visitorId = input.visitorId; // in the entry of a refused request too
    const { bundle, counts } = personBundle(ctx, input.visitorId);
    // Who asked for whom and how much, never what: the audit log keeps no personal data.
    Object.assign(ctx.auditDetails, { visitorId: input.visitorId, counts });
    return bundle;
  },

  'privacy.exportPersonPdf': async (input, ctx) => {
    ctx.auditDetails.visitorId = input.visitorId; // in the entry of a refused request too
    const site = requireSite(ctx);
    const { bundle, counts } = personBundle(ctx, input.visitorId);
    const pdf = await renderPersonPdf(bundle, input.language, site.timezone, site.name);
    // The call's one write: its audit entry (who, whom, how many rows of each kind; never the data).
    ctx.write((w) => Object.assign(w.auditDetails, { visitorId: input.visitorId, counts }));
    return {
      filename: `personal-data-${input.visitorId}.pdf`,
      mimeType: 'application/pdf' as const,
      base64: pdf.toString('base64'),
    };
  },

  'privacy.erasePerson': (input, ctx) => {
    ctx.auditDetails.visitorId = input.visitorId; // in the entry of a refused request too
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const visitor = visitsRepo.visitor(db, input.visitorId);
    if (!visitor || visitor.anonymisedAt !== null)
      throw new ApiError('not_found', 'No visitor with personal data has that id here.');
    const visitIds = privacyRepo.visitsOf(db, visitor.id);
    const open = privacyRepo.openIncidents(db, visitIds, [visitor.id]);
    if (open.length > 0)
      throw new ApiError(
        'conflict',
        'An open incident refers to this person: close it first, then erase them.',
      );
    refuseHeld(ctx, visitIds, visitor.id);
    const done = anonymise(ctx, site.id, visitIds, [visitor.id]);
    Object.assign(ctx.auditDetails, {
      visitorId: visitor.id,
      anonymisedVisits: done.visits,
      anonymisedVisitors: done.visitors,
    });
    return { anonymisedVisits: done.visits, anonymisedVisitors: done.visitors };
  },

  'privacy.holds': (_input, ctx) => {
    const site = requireSite(ctx);
    return { holds: privacyRepo.activeHolds(ctx.station.db, site.id) as LegalHold[] };
  },

  'privacy.placeHold': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    let visitorId = input.visitorId ?? null;
    const visitId = input.visitId ?? null;
    if (visitId !== null) {
      const visit = visitsRepo.get(db, visitId);
      if (!visit || visit.siteId !== site.id || visit.anonymisedAt !== null)
        throw new ApiError('not_found', 'That visit does not exist.');
      if (visitorId !== null && visit.visitorId !== visitorId)
        throw new ApiError('invalid_input', 'That visit is not this visitor’s.');
    }
    if (visitorId !== null) {
      const visitor = visitsRepo.visitor(db, visitorId);
      if (!visitor || visitor.anonymisedAt !== null)
        throw new ApiError('not_found', 'No visitor with personal data has that id here.');
      visitorId = visitor.id;
    }
    const row = {
      id: newId(),
      siteId: site.id,
      visitorId,
      visitId,
      reason: input.reason,
      placedBy: ctx.caller.userId,
      releasedAt: null,
      releasedBy: null,
      createdAt: ctx.nowIso,
      updatedAt: ctx.nowIso,
    };
    privacyRepo.insertHold(db, row);
    recordChange(ctx, 'legalHold.place', row.id, row);
    ctx.emit('legalHold.changed', { holdId: row.id });
    // Ids and a hash of the reason (which may name someone), never the reason itself.
    Object.assign(ctx.auditDetails, {
      holdId: row.id,
      visitorId,
      visitId,
      reason: personalHash(input.reason),
    });
    return { holdId: row.id };
  },

  'privacy.releaseHold': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const hold = privacyRepo.hold(db, input.holdId);
    if (!hold || hold.siteId !== site.id || hold.releasedAt !== null)
      throw new ApiError('not_found', 'That legal hold does not exist or was already released.');
    const release = { releasedAt: ctx.nowIso, releasedBy: ctx.caller.userId };
    privacyRepo.releaseHold(db, hold.id, release);
    recordChange(ctx, 'legalHold.release', hold.id, { ...release, updatedAt: ctx.nowIso });
    ctx.emit('legalHold.changed', { holdId: hold.id });
    Object.assign(ctx.auditDetails, {
      holdId: hold.id,
      visitorId: hold.visitorId,
      visitId: hold.visitId,
    });
    return { released: true as const };
  },

  'privacy.rotateDataKey': (_input, ctx) => {
    const { keys } = ctx.station;
    if (keys.dataKeyFromEnvironment())
      throw new ApiError(
        'conflict',
        'The data key comes from GATEHOUSE_DATA_KEY, which the station cannot change: a key it can rotate lives in keys/data.key or the keychain.',
      );
    const started = keys.startDataKeyRotation();
    Object.assign(ctx.auditDetails, { started });
    return { started, finishesAtNextStart: true as const };
  },

  'privacy.retentionStatus': (_input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const { retentionDays } = siteSettings(db, site.id);
    const cutoffs = retentionCutoffs(db, ctx.now, site.id, retentionDays);
    const cutoff = cutoffs.site;
    const { due, held, legallyHeld } = privacyRepo.countDueVisits(db, site.id, cutoffs);
    const runsElsewhere = retentionElsewhere(ctx.station);
    return {
      retentionDays,
      cutoff,
      dueVisits: due,
      heldByIncidents: held,
      heldByLegalHolds: legallyHeld,
      activeHolds: privacyRepo.activeHolds(db, site.id).length,
      runsElsewhere,
      nextRunAt: runsElsewhere ? null : nextRetentionRun(db, ctx.now, site.timezone).toISOString(),
      lastRun: settingsRepo.get<RetentionRun>(db, 'station', RETENTION_LAST_RUN_KEY) ?? null,
    };
  },
});

/**
 * Erasure stops at a legal hold on the person or any of their visits, naming the (first) hold by its date
 * (its reason may name someone and stays out of the message).
 */
function refuseHeld(ctx: CallContext, visitIds: readonly string[], visitorId: string): void {
  const [hold] = privacyRepo.holdsOn(ctx.station.db, visitIds, [visitorId]);
  if (!hold) return;
  throw new ApiError(
    'conflict',
    `A legal hold placed on ${hold.createdAt.slice(0, 10)} covers this person: release it first, then erase them.`,
  );
}

/** Everything this station holds about a visitor (the photo as a data URL), and how many rows of each kind. */
function personBundle(
  ctx: CallContext,
  visitorId: string,
): { bundle: PersonExport; counts: Record<string, number> } {
  const data = privacyRepo.person(ctx.station.db, visitorId);
  if (!data) throw new ApiError('not_found', 'No visitor with personal data has that id here.');
  const { photoPath, ...visitor } = data.visitor;
  const counts = Object.fromEntries(
    (
      [
        'visits',
        'passes',
        'gateEvents',
        'signedDocuments',
        'incidents',
        'notifications',
        'legalHolds',
        'auditEntries',
      ] as const
    ).map((key) => [key, data[key].length]),
  );
  const bundle = {
    exportedAt: ctx.nowIso,
    stationId: ctx.station.stationId,
    ...data,
    visitor: {
      ...(visitor as Omit<PersonExport['visitor'], 'photo'>),
      photo: photoDataUrl(ctx.station, (photoPath as string | null) ?? null),
    },
  };
  return { bundle, counts };
}
