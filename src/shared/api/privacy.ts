// Personal data (issue #15): the retention job that anonymises visits older than the site's
// `retentionDays` (run nightly by the station itself, shown to admins), and a person's rights at the desk.
import { z } from 'zod';
import { method } from '../contract';

/** Why retention does not run at this station, or null when it does. */
export const RETENTION_ELSEWHERE = ['not_a_desk', 'no_site'] as const;

export const retentionStatusSchema = z.object({
  retentionDays: z.number().int(),
  /** Visits that ended before this are anonymised. */
  cutoff: z.string(),
  /** Visits due now (older than the cutoff, naming someone, no open incident). */
  dueVisits: z.number().int(),
  /** Visits held back by an open incident that would otherwise be due. */
  heldByIncidents: z.number().int(),
  /** Null when this station runs the job; otherwise why not (a kiosk or gate leaves it to the desk). */
  runsElsewhere: z.enum(RETENTION_ELSEWHERE).nullable(),
  /** When the job runs next here (null when it runs elsewhere). */
  nextRunAt: z.string().nullable(),
  lastRun: z
    .object({ at: z.string(), anonymisedVisits: z.number().int(), anonymisedVisitors: z.number().int() })
    .nullable(),
});
export type RetentionStatus = z.infer<typeof retentionStatusSchema>;

export const privacyMethods = {
  'privacy.runRetention': method({
    summary:
      'Anonymises a batch of the visits older than the site’s retention period, and the visitors none of whose visits name them any more (the station does it nightly).',
    roles: ['station'],
    writes: true,
    input: z.object({}),
    output: z.object({
      anonymisedVisits: z.number().int(),
      anonymisedVisitors: z.number().int(),
      more: z.boolean(),
    }),
  }),
  'privacy.retentionStatus': method({
    summary:
      'What the retention job will do next: the visits due, those an open incident holds, and when it runs.',
    roles: ['admin'],
    writes: false,
    input: z.object({}),
    output: retentionStatusSchema,
  }),
};
