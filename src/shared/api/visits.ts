import { z } from 'zod';
import { method } from '../contract';
import { isoTimeSchema, personNameSchema, visitStatusSchema } from '../domain';
import { hostSummarySchema } from './directory';

export const visitSummarySchema = z.object({
  id: z.string(),
  status: visitStatusSchema,
  visitor: z.object({ id: z.string(), name: z.string(), company: z.string().nullable() }),
  host: hostSummarySchema.nullable(),
  visitorType: z
    .object({ id: z.string(), names: z.record(z.string(), z.string()), color: z.string() })
    .nullable(),
  expectedAt: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
});
export type VisitSummary = z.infer<typeof visitSummarySchema>;

const visitIdInput = z.object({ visitId: z.string().min(1) });

export const visitMethods = {
  'visits.today': method({
    summary: "Today's visits at this station's site (in the site's time zone), expected and on site.",
    roles: ['admin', 'reception', 'security', 'host', 'station'],
    writes: false,
    input: z.object({}),
    output: z.object({ visits: z.array(visitSummarySchema) }),
  }),
  'visits.photo': method({
    summary:
      "The visitor's photo taken at check-in, as a data URL, for staff to compare faces (null when this station has none).",
    roles: ['admin', 'reception', 'security'],
    writes: false,
    input: visitIdInput,
    output: z.object({ photo: z.string().nullable() }),
  }),
  'visits.register': method({
    summary: 'Registers an expected visit (pre-registration by staff).',
    roles: ['admin', 'reception', 'host'],
    writes: true,
    input: z.object({
      visitor: z.object({
        name: personNameSchema,
        company: z.string().trim().max(120).optional(),
        email: z.email().optional(),
        phone: z
          .string()
          .trim()
          .regex(/^\+?[0-9 ()-]{6,20}$/)
          .optional(),
      }),
      hostId: z.string().min(1),
      visitorTypeId: z.string().min(1),
      expectedAt: isoTimeSchema.optional(),
      notes: z.string().trim().max(2000).optional(),
    }),
    output: visitSummarySchema,
  }),
  'visits.checkIn': method({
    summary: 'Marks a visitor as on site (by staff at the desk or gate).',
    roles: ['admin', 'reception', 'security', 'station'],
    writes: true,
    input: visitIdInput,
    output: visitSummarySchema,
  }),
  'visits.autoCheckOut': method({
    summary:
      "The site's daily automatic check-out: everyone checked in before the given time is checked out.",
    roles: ['station'],
    writes: true,
    input: z.object({ checkedInBefore: isoTimeSchema }),
    output: z.object({ checkedOut: z.number().int() }),
  }),
  'visits.checkOut': method({
    summary: 'Marks a visitor as gone.',
    roles: ['admin', 'reception', 'security', 'station'],
    writes: true,
    input: visitIdInput,
    output: visitSummarySchema,
  }),
};
