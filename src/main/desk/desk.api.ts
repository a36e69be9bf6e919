// desk.*: the reception desk's live lists (on site, pending approvals, recent activity).
import { deskRepo } from '../../db/repos/desk';
import { plainSummary } from '../visits/status';
import { callerHostId } from '../visits/register';
import { defineHandlers } from '../core/context';
import { requireSite, siteSettings } from '../core/site';

export const deskHandlers = defineHandlers({
  'desk.onSite': (_input, ctx) => {
    const site = requireSite(ctx);
    const now = ctx.now.getTime();
    const people = deskRepo.onSite(ctx.station.db, site.id).map((row) => ({
      ...plainSummary(row),
      dwellMinutes: row.checkedInAt
        ? Math.max(0, Math.floor((now - Date.parse(row.checkedInAt)) / 60_000))
        : 0,
    }));
    return { people, capacity: siteSettings(ctx.station.db, site.id).capacity };
  },

  'desk.pending': (_input, ctx) => {
    const site = requireSite(ctx);
    const own = callerHostId(ctx);
    let rows = deskRepo.pending(ctx.station.db, site.id);
    if (own !== undefined) rows = rows.filter((r) => own !== null && r.host?.id === own);
    return { visits: rows.map(plainSummary) };
  },

  'desk.activity': (input, ctx) => {
    requireSite(ctx);
    const rows = deskRepo.activity(ctx.station.db, input.limit).map((row) => {
      const details = JSON.parse(row.details) as {
        visitId?: string;
        input?: { visitId?: string; reason?: string };
      };
      return {
        row,
        visitId: details.visitId ?? details.input?.visitId ?? null,
        reason: details.input?.reason ?? null,
      };
    });
    const names = deskRepo.visitorNames(
      ctx.station.db,
      rows.flatMap((r) => (r.visitId ? [r.visitId] : [])),
    );
    return {
      entries: rows.map(({ row, visitId, reason }) => ({
        at: row.at,
        action: row.action,
        actorName: row.actor_name,
        role: row.role,
        visitId,
        visitorName: visitId ? (names.get(visitId) ?? null) : null,
        reason,
      })),
    };
  },
});
