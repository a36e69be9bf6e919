// Evacuation roll call: a fixed list of everyone on site when it starts, grouped by host, to print and
// to tick off as people reach the assembly point.
import { z } from 'zod';
import { method } from '../contract';

const ROLL_CALL: ['admin', 'reception', 'security'] = ['admin', 'reception', 'security'];

export const rollCallPersonSchema = z.object({
  visitId: z.string(),
  name: z.string(),
  company: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  safeAt: z.string().nullable(),
  safeByName: z.string().nullable(),
});

export const rollCallSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  startedByName: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** People grouped by host (null host last), each group sorted by name. */
  groups: z.array(z.object({ hostName: z.string().nullable(), people: z.array(rollCallPersonSchema) })),
  summary: z.object({ total: z.number().int(), safe: z.number().int(), unaccounted: z.number().int() }),
});
export type RollCall = z.infer<typeof rollCallSchema>;

export const evacuationMethods = {
  'evacuation.start': method({
    summary: 'Starts a roll call with everyone on site now; if one is already running, returns it unchanged.',
    roles: ROLL_CALL,
    writes: true,
    input: z.object({}),
    output: rollCallSchema,
  }),
  'evacuation.current': method({
    summary: 'The running roll call, or the last one if none is running (null if there never was one).',
    roles: ROLL_CALL,
    writes: false,
    input: z.object({}),
    output: z.object({ rollCall: rollCallSchema.nullable() }),
  }),
  'evacuation.mark': method({
    summary: 'Marks a person on the running roll call safe, or takes the mark back.',
    roles: ROLL_CALL,
    writes: true,
    input: z.object({ evacuationId: z.string().min(1), visitId: z.string().min(1), safe: z.boolean() }),
    output: rollCallSchema,
  }),
  'evacuation.end': method({
    summary: 'Ends the running roll call; its list and marks are kept.',
    roles: ROLL_CALL,
    writes: true,
    input: z.object({ evacuationId: z.string().min(1) }),
    output: rollCallSchema,
  }),
  'evacuation.pdf': method({
    summary: 'The roll call as a PDF to print (A4, grouped by host, a box to tick per person).',
    roles: ROLL_CALL,
    writes: false,
    input: z.object({
      evacuationId: z.string().min(1),
      language: z.enum(['en', 'es', 'fr', 'de']).default('en'),
    }),
    output: z.object({ filename: z.string(), pdfBase64: z.string() }),
  }),
};
