// Pass lifecycle at the desk: look up, revoke, extend, reissue, and the invite pass of a pre-registration.
// A token is signed with its validity inside, so a pass can never be changed in place: extending or
// reissuing signs a new pass (new id, new token, returned once) and revokes the old one, which every
// station refuses — offline ones from their next sync — while the new one works everywhere at once.
import { DateTime } from 'luxon';
import { newId } from '../../db/ids';
import { passesRepo, type PassRow } from '../../db/repos/passes';
import { visitsRepo, type VisitRow } from '../../db/repos/visits';
import type { PassView } from '../../shared/api/passes';
import { canMovePass, type PassStatus } from '../../shared/domain';
import { ApiError } from '../../shared/errors';
import { defineHandlers, type CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { checkPass, issuePass, type IssuedPass } from './service';
import { requireSite } from '../setup/station.api';

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
  passesRepo.update(ctx.station.db, row.id, { status: to, updatedAt: ctx.nowIso });
  recordChange(ctx, 'pass.status', row.id, { status: to, updatedAt: ctx.nowIso });
  return true;
}

/** A pass of this station's site, or not_found. */
function sitePass(ctx: CallContext, passId: string): PassRow {
  const site = requireSite(ctx);
  const row = passesRepo.get(ctx.station.db, passId);
  if (!row || row.siteId !== site.id) throw new ApiError('not_found', 'That pass does not exist.');
  return row;
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

export const passHandlers = defineHandlers({
  'passes.lookup': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const checked = checkPass(db, input.text, { siteId: site.id, zoneId: null, now: ctx.now });
    // An unverified token's claims are never shown; a verified one is shown only with its own row.
    const row = checked.pass ? checked.row : undefined;
    return {
      valid: checked.ok,
      reason: checked.ok ? null : checked.reason,
      pass: row ? passView(row) : null,
      visit: row ? (visitsRepo.summary(db, row.visitId) ?? null) : null,
    };
  },

  'passes.forVisit': (input, ctx) => {
    const site = requireSite(ctx);
    const passes = passesRepo
      .forVisit(ctx.station.db, input.visitId)
      .filter((p) => p.siteId === site.id)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    return { passes: passes.map(passView) };
  },

  'passes.revoke': (input, ctx) => {
    const row = sitePass(ctx, input.passId);
    if (row.status === 'revoked') throw new ApiError('conflict', 'This pass is already revoked.');
    movePass(ctx, row, 'revoked');
    ctx.auditDetails.passId = row.id;
    ctx.auditDetails.reason = input.reason;
    return passView(passesRepo.get(ctx.station.db, row.id)!);
  },

  'passes.expireOverdue': (_input, ctx) => {
    const overdue = passesRepo.overdue(ctx.station.db, ctx.station.stationId, ctx.nowIso, EXPIRE_BATCH);
    for (const row of overdue) movePass(ctx, row, 'expired');
    ctx.auditDetails.expired = overdue.length;
    return { expired: overdue.length, more: overdue.length === EXPIRE_BATCH };
  },

  'passes.extend': (input, ctx) => extendPass(ctx, sitePass(ctx, input.passId), new Date(input.validUntil)),

  'passes.reissue': (input, ctx) => reissuePass(ctx, sitePass(ctx, input.passId)),
});
