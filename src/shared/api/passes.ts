// Passes at the desk: look a pass up from a scanned text, list a visit's passes, and move a pass along its
// life (revoke, extend, reissue). A pass's token is signed and holds its validity, so extending or
// reissuing makes a new pass (new id, new token, returned once to print) and revokes the old one.
import { z } from 'zod';
import { method } from '../contract';
import { isoTimeSchema, passViewSchema } from '../domain';
import { visitSummarySchema } from './visits';

export const PASS_REFUSAL_REASONS = [
  'not_a_pass',
  'malformed',
  'unknown_key',
  'retired_key',
  'bad_signature',
  'wrong_site',
  'beyond_signer',
  'not_yet_valid',
  'expired',
  'wrong_zone',
  'revoked',
  'used',
] as const;
export const passRefusalReasonSchema = z.enum(PASS_REFUSAL_REASONS);
export type PassRefusal = z.infer<typeof passRefusalReasonSchema>;

// The pass view lives in domain.ts so visits.ts (visit + new pass) and this file need not import each other.
export { passViewSchema, type PassView } from '../domain';

/** A newly signed pass: the token is shown and printed now and never again (only its hash is kept). */
export const issuedPassSchema = z.object({ pass: passViewSchema, token: z.string() });

const passIdInput = z.object({ passId: z.uuid() });
const DESK = ['admin', 'reception'] as const;

export const passMethods = {
  'passes.lookup': method({
    summary:
      'Checks a scanned pass offline (signature, site, validity, status) and finds its visit, without opening anything.',
    roles: ['admin', 'reception', 'security'],
    writes: false,
    input: z.object({ text: z.string().min(1).max(2000) }),
    output: z.object({
      valid: z.boolean(),
      /** Why the pass would be refused anywhere on the site; null when it is valid. */
      reason: passRefusalReasonSchema.nullable(),
      /** Present once the signature is verified and this station has the pass. */
      pass: passViewSchema.nullable(),
      visit: visitSummarySchema.nullable(),
    }),
  }),
  'passes.forVisit': method({
    summary: "A visit's passes, newest first.",
    roles: ['admin', 'reception', 'security'],
    writes: false,
    input: z.object({ visitId: z.string().min(1) }),
    output: z.object({ passes: z.array(passViewSchema) }),
  }),
  'passes.revoke': method({
    summary: 'Revokes a pass: every station of the site refuses it from its next sync (this one at once).',
    roles: DESK,
    writes: true,
    input: passIdInput.extend({ reason: z.string().trim().min(3).max(500) }),
    output: passViewSchema,
  }),
  'passes.extend': method({
    summary: 'Extends a pass: a new pass valid until the new time replaces it (the old one is revoked).',
    roles: DESK,
    writes: true,
    input: passIdInput.extend({ validUntil: isoTimeSchema }),
    output: issuedPassSchema,
  }),
  'passes.expireOverdue': method({
    summary:
      'Marks the active passes this station issued whose validity has ended as expired, at most a batch at a time (the station does it hourly).',
    roles: ['station'],
    writes: true,
    input: z.object({}),
    output: z.object({ expired: z.number().int(), more: z.boolean() }),
  }),
  'passes.reissue': method({
    summary: 'Reissues (reprints) a pass: a new pass with the same validity, the old one revoked.',
    roles: DESK,
    writes: true,
    input: passIdInput,
    output: issuedPassSchema,
  }),
};
