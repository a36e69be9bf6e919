import { z } from 'zod';
import { method } from '../contract';
import { staffLoginSchema } from './admin';

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
  /**
   * Server clock minus station clock, estimated from the timing of the last push or pull. Recorded only:
   * merging does not use it.
   */
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

/** An op kept aside: refused by the server (out), or pulled before this build could apply it (in). */
export const heldOpSchema = z.object({
  opId: z.string(),
  direction: z.enum(['in', 'out']),
  type: z.string(),
  entityId: z.string(),
  /** A RejectionReason of src/shared/sync.ts, or `schema_unknown`. */
  reason: z.string(),
  /** The server's explanation of a refusal. */
  message: z.string().nullable(),
  serverSeq: z.number().int().nullable(),
  heldAt: z.string(),
});

/** The status plus what an administrator (or a test) needs to tell whether this station has caught up. */
export const syncDetailsSchema = syncStatusSchema.extend({
  /** How far this station has pulled the server's log (its cursor). */
  pulledSeq: z.number().int().nonnegative(),
  /** The newest server sequence number heard of (last push, pull or nudge); null before the first. */
  serverHeadSeq: z.number().int().nonnegative().nullable(),
  /** Online, nothing waiting, and pulled up to the server's head as last heard. */
  caughtUp: z.boolean(),
  /** The held ops, oldest first (the first MAX_HELD_SHOWN; `held` counts them all). */
  heldOps: z.array(heldOpSchema),
});
export type SyncDetailsView = z.infer<typeof syncDetailsSchema>;
export const MAX_HELD_SHOWN = 200;

export const syncMethods = {
  'sync.status': method({
    summary: 'Sync state for the status bar: online, ops waiting, last sync, watchlist age.',
    roles: ['admin', 'reception', 'security', 'station'],
    writes: false,
    input: z.object({}),
    output: syncStatusSchema,
  }),
  'sync.details': method({
    summary:
      'Whether this station has caught up: outbox depth, held and quarantined ops with reasons, pulled sequence against the server head, last sync, clock offset.',
    roles: ['admin', 'security', 'station'],
    writes: false,
    input: z.object({}),
    output: syncDetailsSchema,
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
  'sync.firstAdmin': method({
    summary:
      'At an enrolled desk, exchanges the site’s one-time setup code for the first admin account, then syncs it.',
    roles: ['visitor', 'admin'],
    writes: true,
    effect: true,
    // Neither the code nor the PIN is logged: the entry names the account.
    auditInput: false,
    input: z.object({
      code: z.string().trim().min(8).max(64),
      name: z.string().trim().min(1).max(120),
      login: staffLoginSchema,
      pin: z.string().regex(/^\d{4,8}$/, 'a PIN of 4 to 8 digits'),
    }),
    output: z.object({ login: z.string() }),
  }),
};
