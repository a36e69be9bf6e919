import { defineHandlers } from '../core/context';
import { stationStatus } from '../core/site';

export const systemHandlers = defineHandlers({
  'system.health': (_input, { station, now }) => ({
    ok: true as const,
    version: station.version,
    stationId: station.stationId,
    configured: stationStatus(station).configured,
    uptimeSeconds: Math.round((now.getTime() - station.startedAt.getTime()) / 1000),
    kioskExit: station.kioskExit.last?.id ?? null,
  }),
});
