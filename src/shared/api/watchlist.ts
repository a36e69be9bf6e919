// Watchlist management for security and admins: entries with a reason and a level, who added them and
// when, edited or expired (never removed, so the history stays).
import { z } from 'zod';
import { method } from '../contract';
import { isoTimeSchema, personNameSchema, WATCHLIST_LEVELS } from '../domain';

const SECURITY: ['admin', 'security'] = ['admin', 'security'];
const level = z.enum(WATCHLIST_LEVELS);
const fields = {
  reason: z.string().trim().min(3).max(1000),
  level,
  /** null: until someone expires it. */
  expiresAt: isoTimeSchema.nullable().optional(),
};

export const watchlistEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  dateOfBirth: z.string().nullable(),
  idNumber: z.string().nullable(),
  reason: z.string(),
  level,
  expiresAt: z.string().nullable(),
  addedByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** False once expired. */
  active: z.boolean(),
  /** False for an entry another site (or the organisation's administrator) keeps: only they change it. */
  changeable: z.boolean(),
});

const person = {
  name: personNameSchema,
  aliases: z.array(personNameSchema).max(20).default([]),
  dateOfBirth: z.iso.date().nullable().optional(),
  idNumber: z.string().trim().min(1).max(60).nullable().optional(),
};

export const watchlistMethods = {
  'watchlist.list': method({
    summary: 'Watchlist entries, active first; expired ones too when asked.',
    roles: SECURITY,
    writes: false,
    input: z.object({ includeExpired: z.boolean().default(false) }),
    output: z.object({ entries: z.array(watchlistEntrySchema) }),
  }),
  'watchlist.add': method({
    summary: 'Adds a person to the watchlist with a reason and a level (deny or alert).',
    roles: SECURITY,
    writes: true,
    input: z.object({ ...person, ...fields }),
    output: watchlistEntrySchema,
  }),
  'watchlist.addFromVisit': method({
    summary: "Adds a visit's visitor to the watchlist in one step, with a reason and a level.",
    roles: SECURITY,
    writes: true,
    input: z.object({ visitId: z.string().min(1), ...fields }),
    output: watchlistEntrySchema,
  }),
  'watchlist.update': method({
    summary: 'Changes an entry: name, aliases, reason, level, expiry…; the rest stays.',
    roles: SECURITY,
    writes: true,
    input: z.object({
      entryId: z.string().min(1),
      name: person.name.optional(),
      aliases: z.array(personNameSchema).max(20).optional(),
      dateOfBirth: person.dateOfBirth,
      idNumber: person.idNumber,
      reason: fields.reason.optional(),
      level: level.optional(),
      expiresAt: fields.expiresAt,
    }),
    output: watchlistEntrySchema,
  }),
  'watchlist.expire': method({
    summary: 'Ends an entry now; it stays in the list of expired entries.',
    roles: SECURITY,
    writes: true,
    input: z.object({ entryId: z.string().min(1) }),
    output: watchlistEntrySchema,
  }),
};
