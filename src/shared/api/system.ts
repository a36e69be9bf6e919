import { z } from 'zod';
import { method } from '../contract';
import { EVERYONE } from '../roles';

export const systemMethods = {
  'system.health': method({
    summary: 'Whether the station core is up, and whether it has been set up yet.',
    roles: EVERYONE,
    writes: false,
    input: z.object({}),
    output: z.object({
      ok: z.literal(true),
      version: z.string(),
      stationId: z.string(),
      configured: z.boolean(),
      uptimeSeconds: z.number(),
      /** The id of the last staff request to leave kiosk mode since the station started (station.exitKiosk). */
      kioskExit: z.string().nullable(),
    }),
  }),
};
