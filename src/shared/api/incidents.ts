// Incidents, the security "tickets": raised by hand on a visit or by the station (watchlist hit, refused
// scan, override), worked open → in progress → closed, with an assignee and a timeline of notes.
import { z } from 'zod';
import { method } from '../contract';
import { INCIDENT_STATUSES } from '../domain';

const SECURITY: ['admin', 'security'] = ['admin', 'security'];
const incidentId = z.string().min(1);
export const incidentStatusSchema = z.enum(INCIDENT_STATUSES);

export const incidentSummarySchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  status: incidentStatusSchema,
  visitId: z.string().nullable(),
  visitorName: z.string().nullable(),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const incidentEventSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(['opened', 'note', 'status', 'assigned']),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

export const incidentDetailSchema = incidentSummarySchema.extend({ timeline: z.array(incidentEventSchema) });

export const incidentMethods = {
  'incidents.list': method({
    summary: "This site's incidents, newest first, optionally only some statuses.",
    roles: SECURITY,
    writes: false,
    input: z.object({
      statuses: z.array(incidentStatusSchema).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.object({ incidents: z.array(incidentSummarySchema) }),
  }),
  'incidents.get': method({
    summary: 'One incident with its whole timeline.',
    roles: SECURITY,
    writes: false,
    input: z.object({ incidentId }),
    output: incidentDetailSchema,
  }),
  'incidents.raise': method({
    summary: 'Opens an incident by hand, on a visit or on nothing in particular, with a first note.',
    roles: ['admin', 'security', 'reception'],
    writes: true,
    input: z.object({
      title: z.string().trim().min(3).max(200),
      visitId: z.string().min(1).optional(),
      note: z.string().trim().min(1).max(5000).optional(),
    }),
    output: incidentDetailSchema,
  }),
  'incidents.update': method({
    summary: 'Moves an incident open → in progress → closed (or reopens it) and/or assigns it.',
    roles: SECURITY,
    writes: true,
    input: z
      .object({
        incidentId,
        status: incidentStatusSchema.optional(),
        /** A security or admin user of this site; null unassigns. */
        assigneeId: z.string().min(1).nullable().optional(),
      })
      .refine((v) => v.status !== undefined || v.assigneeId !== undefined, {
        message: 'Give a status or an assignee.',
        path: ['status'],
      }),
    output: incidentDetailSchema,
  }),
  'incidents.note': method({
    summary: 'Adds an internal note to an incident’s timeline.',
    roles: SECURITY,
    writes: true,
    input: z.object({ incidentId, note: z.string().trim().min(1).max(5000) }),
    output: incidentDetailSchema,
  }),
  'incidents.assignees': method({
    summary: 'The staff an incident may be assigned to: active security and admin users of this site.',
    roles: SECURITY,
    writes: false,
    input: z.object({}),
    output: z.object({ staff: z.array(z.object({ id: z.string(), name: z.string() })) }),
  }),
};
