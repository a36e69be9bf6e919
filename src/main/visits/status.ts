// A visit's status moves forward only (canMoveVisit), recorded for sync and told to every screen.
import { deskRepo, type DeskVisitRow } from '../../db/repos/desk';
import { visitsRepo, type VisitSummaryRow } from '../../db/repos/visits';
import { canMoveVisit, type VisitStatus } from '../../shared/domain';
import { ApiError } from '../../shared/errors';
import type { CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { requireSite } from '../core/site';

export function summaryOf(ctx: CallContext, visitId: string): VisitSummaryRow {
  const summary = visitsRepo.summary(ctx.station.db, visitId);
  if (!summary) throw new ApiError('not_found', 'That visit does not exist.');
  return summary;
}

/** Moves a visit forward (never backwards) and returns its summary for the kiosk and today's list. */
export function moveVisit(ctx: CallContext, visitId: string, to: VisitStatus, times: StatusTimes) {
  move(ctx, visitId, to, times);
  return summaryOf(ctx, visitId);
}

export function findVisit(ctx: CallContext, visitId: string) {
  const site = requireSite(ctx);
  const visit = visitsRepo.get(ctx.station.db, visitId);
  if (!visit || visit.siteId !== site.id) throw new ApiError('not_found', 'That visit does not exist.');
  return { site, visit };
}

export function summary(ctx: CallContext, visitId: string): DeskVisitRow {
  const row = deskRepo.get(ctx.station.db, visitId);
  if (!row) throw new ApiError('not_found', 'That visit does not exist.');
  return row;
}

/** A desk row without its invite code (shown only once, when the visit is made). */
export const plainSummary = ({ inviteCode: _code, ...row }: DeskVisitRow) => row;
export const words = (status: string) => status.replace('_', ' ');

type StatusTimes = { checkedInAt?: string; checkedOutAt?: string; checkOutMethod?: string };

/** Moves a visit forward (never backwards), recording it for sync and telling every screen. */
function move(ctx: CallContext, visitId: string, to: VisitStatus, times: StatusTimes): void {
  const { visit } = findVisit(ctx, visitId);
  if (!canMoveVisit(visit.status, to)) {
    throw new ApiError('conflict', `This visit is ${words(visit.status)} and cannot become ${words(to)}.`);
  }
  visitsRepo.update(ctx.station.db, visitId, { status: to, ...times, updatedAt: ctx.nowIso });
  recordChange(ctx, 'visit.status', visitId, { status: to, ...times });
  ctx.emit('visit.changed', { visitId, status: to });
  ctx.auditDetails.visitId = visitId;
}

/** Moves a visit forward and returns the desk's row of it. */
export function moveVisitTo(
  ctx: CallContext,
  visitId: string,
  to: VisitStatus,
  extra: StatusTimes = {},
): DeskVisitRow {
  move(ctx, visitId, to, extra);
  return summary(ctx, visitId);
}
