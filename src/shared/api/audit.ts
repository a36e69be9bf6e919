import { z } from 'zod';
import { method } from '../contract';
import { isoTimeSchema } from '../domain';

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  role: z.string(),
  action: z.string(),
  outcome: z.enum(['ok', 'refused']),
  details: z.record(z.string(), z.unknown()),
  /** The staff user's name, when the actor is one. */
  actorName: z.string().nullable(),
});

export const auditMethods = {
  'audit.verify': method({
    summary: 'Walks the hash chain of the audit log and reports the first broken link, if any.',
    roles: ['admin', 'security'],
    writes: false,
    input: z.object({}),
    output: z.object({
      ok: z.boolean(),
      checked: z.number().int(),
      firstBroken: z
        .object({
          seq: z.number().int(),
          id: z.string(),
          code: z.enum(['missing', 'unlinked', 'altered']),
          reason: z.string(),
        })
        .nullable(),
    }),
  }),
  'audit.list': method({
    summary:
      'Audit entries, newest first, a page at a time; narrowed by action (exact, or area.* for an area), actor and time range.',
    roles: ['admin'],
    writes: false,
    input: z.object({
      beforeSeq: z.number().int().positive().optional(),
      action: z
        .string()
        .trim()
        .regex(/^[a-zA-Z]+(\.([a-zA-Z]+|\*))?$/, 'an action such as visits.checkIn or visits.*')
        .optional(),
      actorId: z.string().min(1).optional(),
      from: isoTimeSchema.optional(),
      until: isoTimeSchema.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.object({ entries: z.array(auditEntrySchema), nextBeforeSeq: z.number().int().nullable() }),
  }),
};
