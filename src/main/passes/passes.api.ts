// passes.* at the desk: look up, revoke, extend, reissue (the lifecycle itself is ./lifecycle.ts).
// A token is signed with its validity inside, so a pass can never be changed in place: extending or
// reissuing signs a new pass (new id, new token, returned once) and revokes the old one, which every
// station refuses — offline ones from their next sync — while the new one works everywhere at once.
import { passesRepo, type PassRow } from '../../db/repos/passes';
import { visitsRepo } from '../../db/repos/visits';
import { ApiError } from '../../shared/errors';
import { defineHandlers, type CallContext } from '../core/context';
import { requireSite } from '../core/site';
import { EXPIRE_BATCH, extendPass, movePass, passView, reissuePass } from './lifecycle';
import { checkPass } from './service';

/** A pass of this station's site, or not_found. */
function sitePass(ctx: CallContext, passId: string): PassRow {
  const site = requireSite(ctx);
  const row = passesRepo.get(ctx.station.db, passId);
  if (!row || row.siteId !== site.id) throw new ApiError('not_found', 'That pass does not exist.');
  return row;
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
