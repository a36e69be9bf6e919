// Personal data at the station (issue #15): the retention job, run nightly by the scheduler as the station,
// and what admins see of it.
import type { z } from 'zod';
import type { PersonExport, personMatchSchema } from '../../shared/api/privacy';
import { ApiError } from '../../shared/errors';
import { foldForSearch } from '../../shared/text';
import { visitsRepo } from '../../db/repos/visits';
import { photoDataUrl } from '../kiosk/files';
import { privacyRepo } from '../../db/repos/privacy';
import { settingsRepo } from '../../db/repos/settings';
import { defineHandlers } from '../core/context';
import { requireSite, siteSettings } from '../core/site';
import {
  anonymise,
  nextRetentionRun,
  retentionCutoff,
  retentionElsewhere,
  RETENTION_LAST_RUN_KEY,
  type RetentionRun,
} from './anonymise';

/** Visits and visitors anonymised in one transaction: a station back after months off never blocks long. */
export const RETENTION_BATCH = 500;

export const privacyHandlers = defineHandlers({
  'privacy.runRetention': (_input, ctx) => {
    const site = requireSite(ctx);
    if (retentionElsewhere(ctx.station))
      throw new ApiError('forbidden', 'Retention runs at a desk station of the site, not here.');
    const { db } = ctx.station;
    const { retentionDays } = siteSettings(db, site.id);
    const cutoff = retentionCutoff(ctx.now, retentionDays);
    const visitIds = privacyRepo.dueVisits(db, site.id, cutoff, RETENTION_BATCH);
    const room = RETENTION_BATCH - visitIds.length;
    const done = anonymise(ctx, site.id, visitIds, []);
    // Visitors come free once their last visit went: those of this batch are found now.
    const visitorIds = room > 0 ? privacyRepo.dueVisitors(db, cutoff, room) : [];
    const people = anonymise(ctx, site.id, [], visitorIds);
    // Counts and the rule applied, never whom: the audit log keeps no personal data.
    Object.assign(ctx.auditDetails, {
      retentionDays,
      cutoff,
      anonymisedVisits: done.visits,
      anonymisedVisitors: people.visitors,
    });
    return {
      anonymisedVisits: done.visits,
      anonymisedVisitors: people.visitors,
      more: visitIds.length === RETENTION_BATCH || visitorIds.length === room,
    };
  },

  'privacy.findPerson': (input, ctx) => {
    const folded = foldForSearch(input.query);
    const people = privacyRepo.findPeople(ctx.station.db, folded, input.query.toLowerCase(), 20);
    return { people: people as z.infer<typeof personMatchSchema>[] };
  },

  'privacy.exportPerson': (input, ctx) => {
    const { db } = ctx.station;
    const data = privacyRepo.person(db, input.visitorId);
    if (!data) throw new ApiError('not_found', 'No visitor with personal data has that id here.');
    const { photoPath, ...visitor } = data.visitor;
    const counts = Object.fromEntries(
      (['visits', 'passes', 'gateEvents', 'signedDocuments', 'incidents', 'notifications'] as const).map(
        (key) => [key, data[key].length],
      ),
    );
    // Who asked for whom and how much, never what: the audit log keeps no personal data.
    Object.assign(ctx.auditDetails, { visitorId: input.visitorId, counts });
    return {
      exportedAt: ctx.nowIso,
      stationId: ctx.station.stationId,
      ...data,
      visitor: {
        ...(visitor as Omit<PersonExport['visitor'], 'photo'>),
        photo: photoDataUrl(db, (photoPath as string | null) ?? null),
      },
    };
  },

  'privacy.erasePerson': (input, ctx) => {
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
    const done = anonymise(ctx, site.id, visitIds, [visitor.id]);
    Object.assign(ctx.auditDetails, {
      visitorId: visitor.id,
      anonymisedVisits: done.visits,
      anonymisedVisitors: done.visitors,
    });
    return { anonymisedVisits: done.visits, anonymisedVisitors: done.visitors };
  },

  'privacy.retentionStatus': (_input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const { retentionDays } = siteSettings(db, site.id);
    const cutoff = retentionCutoff(ctx.now, retentionDays);
    const { due, held } = privacyRepo.countDueVisits(db, site.id, cutoff);
    const runsElsewhere = retentionElsewhere(ctx.station);
    return {
      retentionDays,
      cutoff,
      dueVisits: due,
      heldByIncidents: held,
      runsElsewhere,
      nextRunAt: runsElsewhere ? null : nextRetentionRun(db, ctx.now, site.timezone).toISOString(),
      lastRun: settingsRepo.get<RetentionRun>(db, 'station', RETENTION_LAST_RUN_KEY) ?? null,
    };
  },
});
