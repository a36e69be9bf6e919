// ID documents read by this station's scanners: a screen takes the fields of one, once (id-scans.ts).
import { stationsRepo } from '../../db/repos/sites';
import { ApiError } from '../../shared/errors';
import { defineHandlers } from '../core/context';
import { takeIdDocument } from './id-scans';

export const idDocumentHandlers = defineHandlers({
  'idDocuments.take': (input, ctx) => {
    // Only a kiosk's visitor scans their own document; an anonymous screen of a desk or gate hears none.
    if (
      ctx.caller.role === 'visitor' &&
      stationsRepo.get(ctx.station.db, ctx.station.stationId)?.kind !== 'kiosk'
    )
      throw new ApiError('forbidden', 'Only a kiosk reads ID documents for visitors.');
    const document = takeIdDocument(ctx.station, input.read);
    if (!document)
      throw new ApiError(
        'not_found',
        'This document read is gone (taken already or too old); scan it again.',
      );
    return document;
  },
});
