// visits.*: today's list, photos, registration, check-in and check-out, the desk's search, decisions,
// pre-registration (single and CSV), walk-ins, and extending or reprinting the pass of a visitor on site.
import { DateTime } from 'luxon';
import { deskRepo } from '../../db/repos/desk';
import { visitsRepo } from '../../db/repos/visits';
import { ApiError } from '../../shared/errors';
import type { IdDocumentKind } from '../../shared/api/kiosk';
import type { VisitDetails } from '../../shared/api/visits';
import { describeQueryProblem, parseVisitQuery } from '../../shared/query';
import { defineHandlers } from '../core/context';
import { recordChange } from '../core/outbox';
import { requireSite, siteToday } from '../core/site';
import { photoDataUrl } from '../kiosk/files';
import { extendPass, reissuePass } from '../passes/lifecycle';
import { ftsExpression, readCursor, startOfLocalDay } from './search';
import {
  decideVisit,
  findVisit,
  moveVisit,
  moveVisitTo,
  plainSummary,
  summary,
  summaryOf,
  words,
} from './status';
import {
  callerHostId,
  createVisit,
  invitePassOf,
  planCsv,
  requireHost,
  requireOwnHost,
  requireVisitorType,
} from './register';
import { onSitePass, withBadge } from './badge-pass';
import { arriveAtDesk } from './desk-arrival';

/** The calls that make a visit: the first of them in the audit log says who made it. */
const MAKES_VISIT = new Set([
  'visits.register',
  'visits.preRegister',
  'visits.walkIn',
  'kiosk.checkIn',
  'kiosk.delivery',
]);
/** What the audit entries of a visit's calls say about it (see ctx.auditDetails in those handlers). */
interface AuditAboutVisit {
  decision?: 'approve' | 'deny';
  input?: { reason?: string };
  idDocument?: { kind: IdDocumentKind; last2?: string };
}

export const visitHandlers = defineHandlers({
  'visits.today': (_input, ctx) => {
    const site = requireSite(ctx);
    const day = DateTime.fromJSDate(ctx.now).setZone(site.timezone).startOf('day');
    const from = day.toUTC().toISO() ?? '';
    const to = day.plus({ days: 1 }).toUTC().toISO() ?? '';
    const own = callerHostId(ctx);
    const visits = visitsRepo.forDay(ctx.station.db, site.id, from, to);
    return { visits: own === undefined ? visits : visits.filter((v) => own !== null && v.host?.id === own) };
  },

  'visits.photo': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const visit = visitsRepo.get(db, input.visitId);
    if (!visit || visit.siteId !== site.id) throw new ApiError('not_found', 'That visit does not exist.');
    const visitor = visitsRepo.visitor(db, visit.visitorId);
    return { photo: photoDataUrl(ctx.station, visitor?.photoPath ?? null) };
  },

  'visits.details': (input, ctx) => {
    const { visit } = findVisit(ctx, input.visitId);
    requireOwnHost(ctx, visit.hostId, 'A host may see only their own visitors.');
    const { db } = ctx.station;
    const visitor = visitsRepo.visitor(db, visit.visitorId);
    const audit = deskRepo.auditOfVisit(db, visit.id).map((row) => ({
      row,
      details: JSON.parse(row.details) as AuditAboutVisit,
    }));
    const made = audit.find((a) => MAKES_VISIT.has(a.row.action));
    const kept = audit.findLast((a) => a.details.idDocument)?.details.idDocument;
    const timeline: VisitDetails['timeline'] = [
      { event: 'made' as const, at: visit.createdAt, actorName: made?.row.actor_name ?? null, reason: null },
      ...(visit.expectedAt
        ? [{ event: 'expected' as const, at: visit.expectedAt, actorName: null, reason: null }]
        : []),
      ...audit.flatMap(({ row, details }) =>
        row.action === 'visits.decide' && details.decision
          ? [
              {
                event: details.decision === 'approve' ? ('approved' as const) : ('denied' as const),
                at: row.at,
                actorName: row.actor_name,
                reason: details.input?.reason ?? null,
              },
            ]
          : [],
      ),
      ...(visit.checkedInAt
        ? [{ event: 'checked_in' as const, at: visit.checkedInAt, actorName: null, reason: null }]
        : []),
      ...(visit.checkedOutAt
        ? [{ event: 'checked_out' as const, at: visit.checkedOutAt, actorName: null, reason: null }]
        : []),
    ].sort((a, b) => a.at.localeCompare(b.at));
    return {
      ...plainSummary(summary(ctx, visit.id)),
      visitor: {
        id: visit.visitorId,
        name: visitor?.name ?? '',
        company: visitor?.company ?? null,
        email: visitor?.email ?? null,
        phone: visitor?.phone ?? null,
      },
      photo: photoDataUrl(ctx.station, visitor?.photoPath ?? null),
      documents: deskRepo.signedForVisit(db, visit.id),
      idDocument: kept ? { kind: kept.kind, last2: kept.last2 ?? null } : null,
      timeline,
    };
  },

  'visits.register': (input, ctx) => {
    const site = requireSite(ctx);
    requireHost(ctx, site, input.hostId);
    requireOwnHost(ctx, input.hostId, 'A host may register only their own visitors.');
    requireVisitorType(ctx, site, input.visitorTypeId);
    const { visit } = createVisit(ctx, site, {
      ...input,
      expectedAt: input.expectedAt ?? ctx.nowIso,
      invite: false,
    });
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
  'visits.search': (input, ctx) => {
    const site = requireSite(ctx);
    const parsed = parseVisitQuery(input.query, siteToday(site, ctx.now));
    if (!parsed.ok) {
      const message = describeQueryProblem(parsed.problem);
      throw new ApiError('invalid_input', message, { query: { code: 'invalid_value', message } });
    }
    const q = parsed.query;
    const zoneIds = q.zone.length ? deskRepo.zoneIdsByName(ctx.station.db, site.id, q.zone) : null;
    const rows = deskRepo.search(ctx.station.db, {
      siteId: site.id,
      match: ftsExpression(q),
      statuses: q.statuses,
      from: q.dateFrom ? startOfLocalDay(site, q.dateFrom) : null,
      to: q.dateTo ? startOfLocalDay(site, q.dateTo, 1) : null,
      zoneIds,
      after: readCursor(input.cursor),
      limit: input.limit + 1,
    });
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      visits: page.map(plainSummary),
      nextCursor: rows.length > input.limit && last?.expectedAt ? `${last.expectedAt}|${last.id}` : null,
    };
  },

  'visits.decide': (input, ctx) => {
    const { visit } = findVisit(ctx, input.visitId);
    requireOwnHost(ctx, visit.hostId, 'A host may decide only on their own visitors.');
    decideVisit(ctx, visit, input.decision === 'approve' ? 'approved' : 'denied');
    // The reason stays in this call's audit entry (its input), which the activity list shows.
    ctx.auditDetails.decision = input.decision;
    return plainSummary(summary(ctx, visit.id));
  },

  'visits.changeHost': (input, ctx) => {
    const { site, visit } = findVisit(ctx, input.visitId);
    if (['checked_out', 'cancelled', 'denied', 'no_show'].includes(visit.status)) {
      throw new ApiError('conflict', `This visit is ${words(visit.status)}; its host can no longer change.`);
    }
    const host = requireHost(ctx, site, input.hostId);
    visitsRepo.update(ctx.station.db, visit.id, { hostId: host.id, updatedAt: ctx.nowIso });
    recordChange(ctx, 'visit.update', visit.id, { hostId: host.id });
    ctx.emit('visit.changed', { visitId: visit.id, status: visit.status });
    ctx.auditDetails.visitId = visit.id;
    ctx.auditDetails.previousHostId = visit.hostId;
    return plainSummary(summary(ctx, visit.id));
  },

  'visits.cancel': (input, ctx) => {
    const { visit } = findVisit(ctx, input.visitId);
    if (!['expected', 'approved', 'pending_approval'].includes(visit.status)) {
      throw new ApiError('conflict', `This visit is ${words(visit.status)} and cannot be cancelled.`);
    }
    return plainSummary(moveVisitTo(ctx, visit.id, 'cancelled'));
  },

  'visits.preRegister': (input, ctx) => {
    const site = requireSite(ctx);
    const host = requireHost(ctx, site, input.hostId);
    requireOwnHost(ctx, host.id, 'A host may invite only their own visitors.');
    requireVisitorType(ctx, site, input.visitorTypeId);
    const { visit } = createVisit(ctx, site, { ...input, invite: true });
    ctx.auditDetails.visitId = visit.id;
    return { ...summary(ctx, visit.id), invitePass: invitePassOf(ctx, visit) };
  },

  'visits.importCsv': (input, ctx) => {
    const site = requireSite(ctx);
    requireVisitorType(ctx, site, input.visitorTypeId);
    const plan = planCsv(ctx, site, input.csv, {
      hostId: input.defaultHostId,
      expectedAt: input.defaultExpectedAt,
    });
    const bad = plan.filter((row) => row.problems.length);
    const rows = plan.map((row) => ({
      line: row.line,
      name: row.visitor.name,
      hostName: row.hostName,
      expectedAt: row.expectedAt,
      problems: row.problems,
      inviteCode: null as string | null,
      invitePass: null as string | null,
    }));
    ctx.auditDetails.rows = plan.length;
    if (input.dryRun) return { dryRun: true, rows, imported: 0 };
    if (bad.length) {
      throw new ApiError(
        'invalid_input',
        `${bad.length} of the ${plan.length} rows cannot be imported (first: line ${bad[0]!.line}); nothing was imported.`,
        { csv: { code: 'invalid_value', message: `Check line ${bad[0]!.line}.` } },
      );
    }
    const visitIds = plan.map((row, i) => {
      const { visit } = createVisit(ctx, site, {
        visitor: row.visitor,
        hostId: row.hostId!,
        visitorTypeId: input.visitorTypeId,
        expectedAt: row.expectedAt!,
        notes: row.notes,
        invite: true,
      });
      rows[i]!.inviteCode = visit.inviteCode;
      rows[i]!.invitePass = invitePassOf(ctx, visit);
      return visit.id;
    });
    ctx.auditDetails.visitIds = visitIds;
    return { dryRun: false, rows, imported: visitIds.length };
  },

  'visits.walkIn': (input, ctx) => {
    const site = requireSite(ctx);
    requireHost(ctx, site, input.hostId);
    requireVisitorType(ctx, site, input.visitorTypeId);
    const { visit } = createVisit(ctx, site, { ...input, expectedAt: ctx.nowIso, invite: false });
    ctx.auditDetails.walkIn = true;
    arriveAtDesk(ctx, visit.id, input);
    return plainSummary(summary(ctx, visit.id));
  },

  'visits.admit': (input, ctx) => {
    arriveAtDesk(ctx, input.visitId, input);
    return plainSummary(summary(ctx, input.visitId));
  },

  'visits.extend': (input, ctx) => {
    const pass = onSitePass(ctx, input.visitId);
    return withBadge(ctx, input.visitId, extendPass(ctx, pass, new Date(input.validUntil)));
  },
  'visits.reprintBadge': (input, ctx) => {
    const pass = onSitePass(ctx, input.visitId);
    return withBadge(ctx, input.visitId, reissuePass(ctx, pass));
  },
});
