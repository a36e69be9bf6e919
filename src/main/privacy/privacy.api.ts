// Personal data at the station (issue #15): the retention job, run nightly by the scheduler as the station,
// and what admins see of it.
import { ApiError } from '../../shared/errors';
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
