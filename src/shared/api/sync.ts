import { z } from 'zod';
import { method } from '../contract';

/** What the desk and gate show about sync: the connection, what waits, and how fresh the watchlist is. */
export const syncStatusSchema = z.object({
  /** Enrolled with a sync server; false for a station that runs without one. */
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  online: z.boolean(),
  /** Local changes not yet acknowledged by the server. */
  waiting: z.number().int().nonnegative(),
  /** Ops the server refused or this station could not apply yet (kept aside for an operator). */
  held: z.number().int().nonnegative(),
  /** Of the held ops, those refused for a clock far in the future. */
  quarantined: z.number().int().nonnegative(),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Server clock minus station clock, from the last push. */
  clockOffsetMs: z.number().nullable(),
  watchlist: z.object({
    /** When the watchlist was last brought up to date from the server. */
    syncedAt: z.string().nullable(),
    ageHours: z.number().nonnegative().nullable(),
    maxAgeHours: z.number(),
    /** Older than the site allows (or never synced) on an enrolled station. */
    stale: z.boolean(),
  }),
});
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

export const syncMethods = {
  'sync.status': method({
    summary: 'Sync state for the status bar: online, ops waiting, last sync, watchlist age.',
    roles: ['admin', 'reception', 'security', 'station'],
    writes: false,
    input: z.object({}),
    output: syncStatusSchema,
  }),
  'sync.enroll': method({
    summary: 'Enrolls this station with a sync server using a one-time code (first-run setup, or an admin).',
    roles: ['visitor', 'admin'],
    // Claims the code at the sync server, then records the enrollment and its audit entry.
    writes: true,
    effect: true,
    // The one-time code stays out of the log: the entry names the server.
    auditInput: false,
    input: z.object({
      serverUrl: z.url({ protocol: /^https?$/, error: 'an http:// or https:// address' }).max(300),
      code: z.string().trim().min(8).max(64),
    }),
    output: syncStatusSchema,
  }),
};
