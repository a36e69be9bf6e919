import { z } from 'zod';
import { method } from '../contract';

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  role: z.string(),
  action: z.string(),
  outcome: z.enum(['ok', 'refused']),
  details: z.record(z.string(), z.unknown()),
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
      firstBroken: z.object({ seq: z.number().int(), id: z.string(), reason: z.string() }).nullable(),
    }),
  }),
  'audit.list': method({
    summary: 'Audit entries, newest first, a page at a time.',
    roles: ['admin'],
    writes: false,
    input: z.object({
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.object({ entries: z.array(auditEntrySchema), nextBeforeSeq: z.number().int().nullable() }),
  }),
};
