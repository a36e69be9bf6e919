// sync.status for the desk and gate status bars, and sync.enroll for the first-run setup screen (or an
// admin later). The sync client itself lives in src/main/sync.
import { ApiError } from '../../shared/errors';
import { SyncError } from '../../shared/sync';
import { auditRemoteChange } from '../core/audit';
import { defineHandlers } from '../core/context';
import { syncServerSettings } from './enroll';
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

  'sync.enroll': async (input, ctx) => {
    const { station } = ctx;
    // At the first-run screen anyone may enroll the station; afterwards only an admin.
    if (stationStatus(station).configured && ctx.caller.role !== 'admin') {
      throw new ApiError('forbidden', 'This station is already set up; an admin must sign in to enroll it.');
    }
    if (syncServerSettings(station.db)) {
      throw new ApiError('conflict', 'This station is already enrolled with a sync server.');
    }
    const { sync } = station;
    try {
      await sync.enroll(input.serverUrl, input.code);
    } catch (error) {
      throw enrollmentError(error);
    }
    auditRemoteChange(ctx, 'sync.enroll', { serverUrl: input.serverUrl });
    ctx.emit('station.changed', { configured: stationStatus(station).configured });
    return sync.status();
  },
});
