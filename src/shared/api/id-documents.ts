// ID documents read by the station's scanners (src/main/hardware/id-scans.ts): what a screen may take of
// one to fill in a check-in form.
import { z } from 'zod';
import { method } from '../contract';
import { ID_DOCUMENT_KINDS } from './kiosk';

/** Why a document could not be read: a check digit is wrong, or the text is not a whole document. */
export const ID_DOCUMENT_PROBLEMS = ['check_digit', 'unreadable'] as const;

/** What a check-in takes from a document read, and nothing more (no address, sex, nationality, expiry). */
export const idDocumentReadSchema = z.object({
  format: z.enum(['TD1', 'TD2', 'TD3', 'AAMVA']),
  kind: z.enum(ID_DOCUMENT_KINDS),
  number: z.string(),
  /** Given names, then surname, as people write them ("Anna Maria Eriksson"). */
  name: z.string(),
  /** YYYY-MM-DD, or null when the document gives no whole date. */
  dateOfBirth: z.string().nullable(),
});

export const idDocumentMethods = {
  'idDocuments.take': method({
    summary:
      'The fields a check-in form takes from an ID document a scanner of this station read, by the reference its idDocument.read event carried. Each reference answers once; an anonymous caller only at a kiosk.',
    roles: ['visitor', 'admin', 'reception'],
    writes: false,
    input: z.object({
      read: z.string().regex(/^iddoc:[A-Za-z0-9_-]{22}$/, 'a reference from idDocument.read'),
    }),
    output: idDocumentReadSchema,
  }),
};
