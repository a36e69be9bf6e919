import { sitesRepo, stationsRepo } from '../../db/repos/sites';
import { ApiError } from '../../shared/errors';
import { defineHandlers } from '../core/context';
import { stationStatus } from '../core/site';
import { KioskExitSignal } from '../core/kiosk-exit';

export const stationHandlers = defineHandlers({
  'station.status': (_input, ctx) => stationStatus(ctx.station),

  'station.configure': (input, ctx) => {
    const { db, stationId } = ctx.station;
    // Anyone may do the first-run setup at the screen; afterwards only an admin may change it.
    if (stationStatus(ctx.station).configured && ctx.caller.role !== 'admin') {
      throw new ApiError('forbidden', 'This station is already set up; an admin must sign in to change it.');
    }
    if (!sitesRepo.get(db, input.siteId)) {
      throw new ApiError('invalid_input', 'That site does not exist.', {
        siteId: { code: 'invalid_value', message: 'Unknown site.' },
      });
    }
    stationsRepo.update(db, stationId, {
      kind: input.kind,
      siteId: input.siteId,
      language: input.language,
      ...(input.name ? { name: input.name } : {}),
      updatedAt: ctx.nowIso,
    });
    ctx.emit('station.changed', { configured: true });
    return stationStatus(ctx.station);
  },

  // The role check (admin or reception) is the dispatcher's, and so is the audit entry of every refusal;
  // the shell leaves kiosk mode only once this call's own audit entry has committed.
  'station.exitKiosk': (_input, ctx) => {
    const request = KioskExitSignal.make(ctx.nowIso, ctx.caller.userId);
    ctx.auditDetails.requestId = request.id;
    ctx.afterCommit(() => ctx.station.kioskExit.request(request));
    return { ok: true as const, requestId: request.id };
  },
});
