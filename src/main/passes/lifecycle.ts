// A pass's life after it is signed: its view, its status moves (revoked wins, nothing goes back; the only
// writer of passes.status, which tests/unit/status-writers.test.ts keeps so),
// extending and reissuing (both sign a new pass and revoke the old one), and the invite pass of a
// pre-registered visit. Called inside write handlers of several areas (passes, visits, gate).
import { DateTime } from 'luxon';
import { newId } from '../../shared/ids';
import { passesRepo, writePassStatus, type PassRow } from '../../db/repos/passes';
import type { VisitRow } from '../../db/repos/visits';
import type { PassView } from '../../shared/api/passes';
import { canMovePass, type PassStatus } from '../../shared/domain';
import { ApiError } from '../../shared/errors';
import type { CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { issuePass, type IssuedPass } from './service';

/** How many overdue passes one passes.expireOverdue call expires (one short transaction each). */
export const EXPIRE_BATCH = 2000;

/** The longest a pass may be extended to, from now. */
const MAX_EXTENSION_MS = 30 * 24 * 3_600_000;

export function passView(row: PassRow): PassView {
  return {
    id: row.id,
    visitId: row.visitId,
    kind: row.kind,
    status: row.status,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    zoneIds: row.zoneIds,
    multiEntry: row.multiEntry,
    issuedByStationId: row.issuedByStationId,
    createdAt: row.createdAt,
  };
}

/** Moves a pass forward (revoked wins, nothing goes back), recorded for sync; false when it may not move. */
export function movePass(ctx: CallContext, row: PassRow, to: PassStatus): boolean {
  if (row.status === to || !canMovePass(row.status, to)) return false;
  writePassStatus(ctx.station.db, row.id, to, ctx.nowIso);
  recordChange(ctx, 'pass.status', row.id, { status: to, updatedAt: ctx.nowIso });
  return true;
}

/** Signs a new pass like the old one with a new validity and revokes the old one, in the caller's write. */
function replacePass(ctx: CallContext, old: PassRow, validUntil: Date): { pass: PassView; token: string } {
  if (old.status === 'revoked')
    throw new ApiError('conflict', 'This pass was revoked; it cannot be extended or reissued.');
  const issued = issuePass(ctx, {
    passId: newId(),
    visitId: old.visitId,
    siteId: old.siteId,
    kind: old.kind,
    // Never earlier than now: a reissued pass starts working at once.
    validFrom: new Date(Math.min(Date.parse(old.validFrom), ctx.now.getTime())),
    validUntil,
    zoneIds: old.zoneIds.length === 0 ? 'all' : old.zoneIds,
    multiEntry: old.multiEntry,
  });
  movePass(ctx, old, 'revoked');
  ctx.auditDetails.replacedPassId = old.id;
  return { pass: passView(passesRepo.get(ctx.station.db, issued.passId)!), token: issued.token };
}

/** A new pass like `row` valid until `until` (later than now and than its end, at most 30 days away). */
export function extendPass(ctx: CallContext, row: PassRow, until: Date): { pass: PassView; token: string } {
  const fields = (message: string) =>
    new ApiError('invalid_input', message, { validUntil: { code: 'invalid_value', message } });
  if (until.getTime() <= Math.max(ctx.now.getTime(), Date.parse(row.validUntil)))
    throw fields('The new end must be later than both now and the pass’s current end.');
  if (until.getTime() - ctx.now.getTime() > MAX_EXTENSION_MS)
    throw fields('A pass can be extended by at most 30 days from now.');
  return replacePass(ctx, row, until);
}

/** A new pass like `row` with the same validity (a reprint), the old one revoked. */
export function reissuePass(ctx: CallContext, row: PassRow): { pass: PassView; token: string } {
  if (Date.parse(row.validUntil) <= ctx.now.getTime())
    throw new ApiError('conflict', 'This pass has expired; extend it instead of reissuing it.');
  return replacePass(ctx, row, new Date(row.validUntil));
}

/**
 * Issues the invite pass of a pre-registered visit: valid for the whole expected day (in the visit's time
 * zone), all zones, single entry — it opens the door once, for the check-in. Call inside a write handler.
 */
export function issueInvitePass(ctx: CallContext, visit: VisitRow): IssuedPass {
  const day = DateTime.fromISO(visit.expectedAt ?? ctx.nowIso, { zone: visit.timezone }).startOf('day');
  const validUntil = day.plus({ days: 1 }).toJSDate();
  if (validUntil.getTime() <= ctx.now.getTime())
    throw new ApiError('conflict', 'This visit was expected on a day that is over; change its date first.');
  return issuePass(ctx, {
    passId: newId(),
    visitId: visit.id,
    siteId: visit.siteId,
    kind: 'invite',
    validFrom: day.toJSDate(),
    validUntil,
    zoneIds: 'all',
    multiEntry: false,
  });
}
