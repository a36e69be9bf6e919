import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { hostsRepo, visitorTypesRepo } from '../../db/repos/directory';
import { visitsRepo, type VisitSummaryRow } from '../../db/repos/visits';
import { newId } from '../../db/ids';
import { visitors } from '../../db/schema';
import { canMoveVisit, type VisitStatus } from '../../shared/domain';
import { ApiError } from '../../shared/errors';
import { foldForSearch } from '../../shared/text';
import { defineHandlers, type CallContext } from '../core/context';
import { photoDataUrl } from '../kiosk/files';
import { recordChange } from '../core/outbox';
import { requireSite } from '../core/site';

function summaryOf(ctx: CallContext, visitId: string): VisitSummaryRow {
  const summary = visitsRepo.summary(ctx.station.db, visitId);
  if (!summary) throw new ApiError('not_found', 'That visit does not exist.');
  return summary;
}

/** Moves a visit forward (never backwards), recording the change for sync and for screens. */
function moveVisit(
  ctx: CallContext,
  visitId: string,
  to: VisitStatus,
  times: { checkedInAt?: string; checkedOutAt?: string; checkOutMethod?: string },
) {
  const site = requireSite(ctx);
  const visit = visitsRepo.get(ctx.station.db, visitId);
  if (!visit || visit.siteId !== site.id) throw new ApiError('not_found', 'That visit does not exist.');
  if (!canMoveVisit(visit.status, to)) {
    throw new ApiError(
      'conflict',
      `This visit is ${visit.status.replace('_', ' ')} and cannot become ${to.replace('_', ' ')}.`,
    );
  }
  visitsRepo.update(ctx.station.db, visitId, { status: to, ...times, updatedAt: ctx.nowIso });
  recordChange(ctx, 'visit.status', visitId, { status: to, ...times });
  ctx.emit('visit.changed', { visitId, status: to });
  ctx.auditDetails.visitId = visitId;
  return summaryOf(ctx, visitId);
}

export const visitHandlers = defineHandlers({
  'visits.today': (_input, ctx) => {
    const site = requireSite(ctx);
    const day = DateTime.fromJSDate(ctx.now).setZone(site.timezone).startOf('day');
    const from = day.toUTC().toISO() ?? '';
    const to = day.plus({ days: 1 }).toUTC().toISO() ?? '';
    return { visits: visitsRepo.forDay(ctx.station.db, site.id, from, to) };
  },

  'visits.photo': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const visit = visitsRepo.get(db, input.visitId);
    if (!visit || visit.siteId !== site.id) throw new ApiError('not_found', 'That visit does not exist.');
    const visitor = db
      .select({ photoPath: visitors.photoPath })
      .from(visitors)
      .where(eq(visitors.id, visit.visitorId))
      .get();
    return { photo: photoDataUrl(db, visitor?.photoPath ?? null) };
  },

  'visits.register': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const host = hostsRepo.get(db, input.hostId);
    if (!host || host.siteId !== site.id || !host.active) {
      throw new ApiError('invalid_input', 'That host is not in this site’s directory.', {
        hostId: { code: 'invalid_value', message: 'Unknown host.' },
      });
    }
    const type = visitorTypesRepo.get(db, input.visitorTypeId);
    if (!type || type.siteId !== site.id || !type.active) {
      throw new ApiError('invalid_input', 'That visitor type does not exist at this site.', {
        visitorTypeId: { code: 'invalid_value', message: 'Unknown visitor type.' },
      });
    }
    const visitorId = newId();
    const visitor = {
      id: visitorId,
      name: input.visitor.name,
      searchName: foldForSearch(input.visitor.name),
      company: input.visitor.company ?? null,
      email: input.visitor.email?.toLowerCase() ?? null,
      phone: input.visitor.phone ?? null,
      createdAt: ctx.nowIso,
      updatedAt: ctx.nowIso,
    };
    visitsRepo.insertVisitor(db, visitor);
    const visit = {
      id: newId(),
      siteId: site.id,
      visitorId,
      hostId: host.id,
      visitorTypeId: type.id,
      status: 'expected' as const,
      expectedAt: input.expectedAt ? new Date(input.expectedAt).toISOString() : ctx.nowIso,
      notes: input.notes ?? null,
      timezone: site.timezone,
      createdByStationId: ctx.station.stationId,
      createdAt: ctx.nowIso,
      updatedAt: ctx.nowIso,
    };
    visitsRepo.insert(db, visit);
    recordChange(ctx, 'visitor.upsert', visitorId, visitor);
    recordChange(ctx, 'visit.create', visit.id, visit);
    ctx.emit('visit.changed', { visitId: visit.id, status: visit.status });
    ctx.auditDetails.visitId = visit.id;
    return summaryOf(ctx, visit.id);
  },

  'visits.checkIn': (input, ctx) => moveVisit(ctx, input.visitId, 'checked_in', { checkedInAt: ctx.nowIso }),

  'visits.autoCheckOut': (input, ctx) => {
    const site = requireSite(ctx);
    const ids = visitsRepo.onSiteSince(
      ctx.station.db,
      site.id,
      new Date(input.checkedInBefore).toISOString(),
    );
    for (const id of ids)
      moveVisit(ctx, id, 'checked_out', { checkedOutAt: ctx.nowIso, checkOutMethod: 'automatic' });
    ctx.auditDetails.visitIds = ids;
    return { checkedOut: ids.length };
  },

  'visits.checkOut': (input, ctx) =>
    moveVisit(ctx, input.visitId, 'checked_out', { checkedOutAt: ctx.nowIso, checkOutMethod: 'desk' }),
});
