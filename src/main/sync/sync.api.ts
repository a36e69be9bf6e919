// sync.status for the desk and gate status bars, sync.details for administrators and tests, and sync.enroll for the first-run setup screen (or an
// admin later). The sync client itself lives in src/main/sync.
import { ApiError } from '../../shared/errors';
import { SyncError } from '../../shared/sync';
import { defineHandlers } from '../core/context';
import { hashSecret } from '../../node/secrets';
import { staffRepo } from '../../db/repos/directory';
import { applyEnrollment, claimFirstAdmin, syncServerSettings } from './enroll';
import { stationStatus } from '../core/site';

/** Why a claim failed, in terms the setup screen can show next to the field at fault. */
function enrollmentError(error: unknown): ApiError {
  if (error instanceof SyncError) {
    if (error.code === 'gone' || error.code === 'not_found' || error.code === 'invalid_input') {
      return new ApiError('invalid_input', error.message, {
        code: { code: 'invalid_value', message: error.message },
      });
    }
    return new ApiError('conflict', error.message);
  }
  // fetch failed: no route, refused, DNS, TLS, or an answer that is not the sync server's.
  const message = 'The sync server could not be reached at that address.';
  return new ApiError('unavailable', message, { serverUrl: { code: 'invalid_value', message } });
}

export const syncHandlers = defineHandlers({
  'sync.status': (_input, ctx) => ctx.station.sync.status(),
  'sync.details': (_input, ctx) => ctx.station.sync.details(),

  // A write with an effect before it: the code is claimed at the server first, then the claim is recorded
  // in the call's one write with its audit entry, then the client starts.
  'sync.enroll': async (input, ctx) => {
    const { station } = ctx;
    // At the first-run screen anyone may enroll the station; afterwards only an admin.
    if (stationStatus(station).configured && ctx.caller.role !== 'admin') {
      throw new ApiError('forbidden', 'This station is already set up; an admin must sign in to enroll it.');
    }
    if (syncServerSettings(station)) {
      throw new ApiError('conflict', 'This station is already enrolled with a sync server.');
    }
    const { sync } = station;
    const claim = await sync.claim(input.serverUrl, input.code).catch((error: unknown) => {
      throw enrollmentError(error);
    });
    ctx.write((w) => {
      try {
        applyEnrollment(w.station.db, w.station.stationId, claim, input.serverUrl, w.nowIso, w.station.keys);
      } catch (error) {
        throw enrollmentError(error); // a claim for another station id
      }
      w.auditDetails.serverUrl = input.serverUrl;
      w.emit('station.changed', { configured: stationStatus(w.station).configured });
    });
    sync.start();
    return sync.status();
  },

  // The server checks the code and authors the account; it reaches this desk (and every station of the
  // site) by the sync that follows, so the admin can sign in here at once.
  'sync.firstAdmin': async (input, ctx) => {
    const { station } = ctx;
    const settings = syncServerSettings(station);
    const status = stationStatus(station);
    if (!settings || status.station.kind !== 'desk')
      throw new ApiError('forbidden', 'The first admin is set up at a desk connected to the sync server.');
    const pinHash = await hashSecret(input.pin);
    const { staffId } = await claimFirstAdmin(settings, { ...input, pinHash }).catch((error: unknown) => {
      if (error instanceof SyncError && (error.code === 'gone' || error.code === 'invalid_input'))
        throw new ApiError('invalid_input', error.message, {
          code: { code: 'invalid_value', message: error.message },
        });
      throw new ApiError(
        'unavailable',
        error instanceof SyncError ? error.message : 'The sync server could not be reached.',
      );
    });
    ctx.write((w) => {
      Object.assign(w.auditDetails, { staffId, login: input.login });
    });
    // Pulled now, so the new admin signs in at once (the nudge would bring it within moments anyway).
    const until = Date.now() + 15_000;
    while (!staffRepo.get(station.db, staffId) && Date.now() < until) {
      await station.sync.syncNow();
      if (!staffRepo.get(station.db, staffId)) await new Promise((r) => setTimeout(r, 200));
    }
    return { login: input.login };
  },
});
