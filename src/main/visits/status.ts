// The one writer of a visit's status and hold (tests/unit/status-writers.test.ts keeps it so). A status
// moves forward only (canMoveVisit); a hold (VisitHold) waits for the desk's decision beside the status,
// so an approved invite the kiosk must hold stays approved and the merge cannot release it. Every change
// is recorded for sync and told to every screen.
import { deskRepo, type DeskVisitRow } from '../../db/repos/desk';
import {
  visitsRepo,
  writeVisitStatus,
  type VisitRow,
  type VisitStatusChange,
  type VisitSummaryRow,
} from '../../db/repos/visits';
import { canMoveVisit, type VisitHold, type VisitStatus } from '../../shared/domain';
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

type StatusTimes = Pick<VisitStatusChange, 'checkedInAt' | 'checkedOutAt' | 'checkOutMethod'>;

/** Writes a change of status and/or hold, records it for sync and tells every screen. */
function write(ctx: CallContext, visit: VisitRow, change: Omit<VisitStatusChange, 'updatedAt'>): void {
  writeVisitStatus(ctx.station.db, visit.id, { ...change, updatedAt: ctx.nowIso });
  const { status, ...rest } = change;
  if (status) recordChange(ctx, 'visit.status', visit.id, { status, ...rest });
  else recordChange(ctx, 'visit.update', visit.id, { hold: rest.hold });
  ctx.emit('visit.changed', {
    visitId: visit.id,
    status: change.status ?? visit.status,
    ...(change.hold ? { hold: change.hold } : {}),
  });
}

/** Moves a visit forward (never backwards); a move ends a hold the visit had. */
export function advanceVisit(ctx: CallContext, visit: VisitRow, to: VisitStatus, times: StatusTimes = {}) {
  if (!canMoveVisit(visit.status, to)) {
    throw new ApiError('conflict', `This visit is ${words(visit.status)} and cannot become ${words(to)}.`);
  }
  write(ctx, visit, { status: to, ...times, ...(visit.hold ? { hold: null } : {}) });
}

/**
 * Holds a visit for the desk's decision (the site is full, the visitor is on the watchlist). An expected
 * visit also moves to pending_approval, as before; an approved one stays approved (a status never moves
 * back), held beside it.
 */
export function holdVisit(ctx: CallContext, visit: VisitRow, hold: VisitHold): void {
  if (canMoveVisit(visit.status, 'pending_approval')) write(ctx, visit, { status: 'pending_approval', hold });
  else if (visit.status === 'approved' || visit.status === 'pending_approval') write(ctx, visit, { hold });
  else throw new ApiError('conflict', `This visit is ${words(visit.status)} and cannot be held.`);
}

/** Whether a visit waits for a decision: pending approval, or held (and not ended since). */
export const awaitsDecision = (visit: Pick<VisitRow, 'status' | 'hold'>) =>
  visit.status === 'pending_approval' || (visit.hold !== null && visit.status === 'approved');

/** The desk's (or host's) decision on a visit that awaits one; it ends any hold. */
export function decideVisit(ctx: CallContext, visit: VisitRow, decision: 'approved' | 'denied'): void {
  if (!awaitsDecision(visit)) {
    throw new ApiError('conflict', `This visit is ${words(visit.status)}, not awaiting approval.`);
  }
  // Approving a held approved visit keeps its status and only releases the hold.
  if (visit.status !== decision && !canMoveVisit(visit.status, decision)) {
    throw new ApiError(
      'conflict',
      `This visit is ${words(visit.status)} and cannot become ${words(decision)}.`,
    );
  }
  write(ctx, visit, { status: decision, hold: null });
  ctx.auditDetails.visitId = visit.id;
}

/** Moves a visit forward (never backwards), recording it for sync and telling every screen. */
function move(ctx: CallContext, visitId: string, to: VisitStatus, times: StatusTimes): void {
  advanceVisit(ctx, findVisit(ctx, visitId).visit, to, times);
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
