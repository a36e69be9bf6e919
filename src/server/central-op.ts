import { z } from 'zod';

/** A change authored at the server (admin API, host import): the directory, visitor types, the watchlist. */
export const centralOpSchema = z.object({
  type: z.enum(['host.upsert', 'host.delete', 'watchlist.upsert', 'watchlist.delete', 'visitorType.upsert']),
  entityId: z.string().min(1).max(64),
  siteId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
});
export type CentralOp = z.infer<typeof centralOpSchema>;
