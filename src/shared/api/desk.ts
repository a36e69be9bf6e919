// The live lists of the reception desk: who is on site, visits awaiting approval, recent activity. The
// desk's actions on visits (search, decisions, walk-ins, pre-registration) are visits.* in visits.ts.
import { z } from 'zod';
import { method } from '../contract';
import { visitSummarySchema } from './visits';

const DESK: ['admin', 'reception', 'security'] = ['admin', 'reception', 'security'];

export const onSitePersonSchema = visitSummarySchema.extend({
  /** Minutes since check-in, at the time of the call. */
  dwellMinutes: z.number().int(),
});

export const activityEntrySchema = z.object({
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  role: z.string(),
  visitId: z.string().nullable(),
  visitorName: z.string().nullable(),
  reason: z.string().nullable(),
});

export const deskMethods = {
  'desk.onSite': method({
    summary: 'Everyone on site now with how long they have been here, and the site capacity.',
    roles: DESK,
    writes: false,
    input: z.object({}),
    output: z.object({
      people: z.array(onSitePersonSchema),
      capacity: z.number().int().nullable(),
    }),
  }),
  'desk.pending': method({
    summary: 'Visits of this site awaiting a host’s approval, oldest first.',
    roles: ['admin', 'reception', 'host'],
    writes: false,
    input: z.object({}),
    output: z.object({ visits: z.array(visitSummarySchema) }),
  }),
  'desk.activity': method({
    summary: 'The latest visit changes at this station (check-ins, decisions, walk-ins…), newest first.',
    roles: DESK,
    writes: false,
    input: z.object({ limit: z.number().int().min(1).max(200).default(30) }),
    output: z.object({ entries: z.array(activityEntrySchema) }),
  }),
};
