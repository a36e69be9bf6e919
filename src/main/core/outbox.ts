import { outboxRepo } from '../../db/repos/outbox';
import type { CallContext } from './context';

/**
 * Records a change for the sync server, in the transaction of the change itself, so a change and its
 * outbox op are committed together or not at all.
 */
export function recordChange(
  ctx: CallContext,
  type: string,
  entityId: string,
  payload: Record<string, unknown>,
): void {
  outboxRepo.append(ctx.station.db, {
    stationId: ctx.station.stationId,
    type,
    entityId,
    payload,
    occurredAt: ctx.nowIso,
  });
}
