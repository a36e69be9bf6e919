// Visits: today's list, registration, pre-registration (single and CSV), walk-ins, check-in and
// check-out, search, decisions on a host's behalf, and the desk's pass actions (extend, reprint).
import { z } from 'zod';
import { method } from '../contract';
import { isoTimeSchema, passViewSchema, personNameSchema, visitStatusSchema } from '../domain';
import { MAX_QUERY_LENGTH } from '../query';
import { hostSummarySchema } from './directory';
import { ID_DOCUMENT_KINDS, idDocumentFields } from './kiosk';

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

/** A moment in a visit's life the desk shows, oldest first (approvals from this station's audit log). */
export const VISIT_EVENTS = ['made', 'expected', 'approved', 'denied', 'checked_in', 'checked_out'] as const;

/**
 * What reception needs to decide on a visit: the visitor's contact and photo, the documents signed, what is
 * kept of the ID document, and its timeline. Staff only; a host only for their own visitors.
 */
export const visitDetailsSchema = visitSummarySchema.extend({
  visitor: visitSummarySchema.shape.visitor.extend({
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  /** The photo taken at check-in, as a data URL (null when this station has none). */
  photo: z.string().nullable(),
  documents: z.array(
    z.object({
      titles: z.record(z.string(), z.string()),
      version: z.number().int(),
      method: z.enum(['drawn', 'typed']),
      signedAt: z.string(),
    }),
  ),
  /** The ID document shown at check-in: its kind and, where the site keeps them, its last 2 characters. */
  idDocument: z.object({ kind: z.enum(ID_DOCUMENT_KINDS), last2: z.string().nullable() }).nullable(),
  timeline: z.array(
    z.object({
      event: z.enum(VISIT_EVENTS),
      at: z.string(),
      actorName: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});
export type VisitDetails = z.infer<typeof visitDetailsSchema>;

const visitId = z.string().min(1);
const visitIdInput = z.object({ visitId });
const reason = z.string().trim().min(1).max(500);
const DESK: ['admin', 'reception', 'security'] = ['admin', 'reception', 'security'];

export const visitorDetailsSchema = z.object({
  name: personNameSchema,
  company: z.string().trim().max(120).optional(),
  email: z.email().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/)
    .optional(),
});

/** A rule of a visitor type the desk confirms for a check-in, as the kiosk asks the visitor for it. */
export const DESK_RULES = ['documents', 'id', 'photo', 'approval'] as const;
export const deskRuleSchema = z.enum(DESK_RULES);
export type DeskRule = z.infer<typeof deskRuleSchema>;
/** What the receptionist confirmed of the visitor type's rules (signed on paper, ID seen, photo, approval). */
const confirmed = z.array(deskRuleSchema).max(DESK_RULES.length).default([]);

/** Who is coming, to see whom, as what: the fields of every new visit. */
const newVisitFields = {
  visitor: visitorDetailsSchema,
  hostId: z.string().min(1),
  visitorTypeId: z.string().min(1),
  notes: z.string().trim().max(2000).optional(),
};

/** A short code a visitor can type at the kiosk: 8 characters, no 0/O or 1/I/L to mix up. */
export const inviteCodeSchema = z.string().regex(/^[2-9A-HJKMNP-Z]{4}-?[2-9A-HJKMNP-Z]{4}$/i);

export const invitedVisitSchema = visitSummarySchema.extend({
  inviteCode: z.string().nullable(),
  /** The signed invite pass for the QR code the kiosk scans; returned once (only its hash is kept). */
  invitePass: z.string(),
});

export const csvRowResultSchema = z.object({
  /** The line in the file (the header is line 1). */
  line: z.number().int(),
  name: z.string(),
  hostName: z.string().nullable(),
  expectedAt: z.string().nullable(),
  /** What is wrong with the row; empty when it can be imported. */
  problems: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })),
  /** The new visit's invite code and invite pass (for the QR code), once imported. */
  inviteCode: z.string().nullable(),
  invitePass: z.string().nullable(),
});

/** A visit with its new pass (the token shown and printed once) and the queued badge job. */
export const visitPassSchema = z.object({
  visit: visitSummarySchema,
  pass: passViewSchema,
  token: z.string(),
  /** Null when this station has no badge printer: the desk shows the pass's QR code instead. */
  printJobId: z.string().nullable(),
});

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
  'visits.details': method({
    summary:
      "One visit as reception decides on it: contact, photo, signed documents, the ID document's kind and last 2 characters, and its timeline. A host sees only their own visitors.",
    roles: ['admin', 'reception', 'security', 'host'],
    writes: false,
    input: visitIdInput,
    output: visitDetailsSchema,
  }),
  'visits.register': method({
    summary: 'Registers an expected visit (pre-registration by staff).',
    roles: ['admin', 'reception', 'host'],
    writes: true,
    input: z.object({ ...newVisitFields, expectedAt: isoTimeSchema.optional() }),
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
  'visits.search': method({
    summary:
      'Searches the visit history of this site: plain words and name:, company:, host:, date:, status:, zone: filters, newest first, a page at a time.',
    roles: DESK,
    writes: false,
    input: z.object({
      query: z.string().max(MAX_QUERY_LENGTH).default(''),
      /** The nextCursor of the page before. */
      cursor: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(100).default(25),
    }),
    output: z.object({ visits: z.array(visitSummarySchema), nextCursor: z.string().nullable() }),
  }),
  'visits.decide': method({
    summary:
      "Approves or denies a visit awaiting approval, with a reason; reception and admins decide on the host's behalf, a host only for their own visitors.",
    roles: ['admin', 'reception', 'host'],
    writes: true,
    input: z
      .object({ visitId, decision: z.enum(['approve', 'deny']), reason: reason.optional() })
      .refine((v) => v.decision === 'approve' || Boolean(v.reason), {
        message: 'Say why the visit is denied.',
        path: ['reason'],
      }),
    output: visitSummarySchema,
  }),
  'visits.changeHost': method({
    summary: 'Gives a visit another host of this site (before the visitor has left).',
    roles: ['admin', 'reception'],
    writes: true,
    input: z.object({ visitId, hostId: z.string().min(1) }),
    output: visitSummarySchema,
  }),
  'visits.cancel': method({
    summary: 'Cancels an invite or expected visit that has not started, with an optional reason.',
    roles: ['admin', 'reception'],
    writes: true,
    input: z.object({ visitId, reason: reason.optional() }),
    output: visitSummarySchema,
  }),
  'visits.preRegister': method({
    summary: 'Pre-registers one visitor and gives the visit a short invite code for the kiosk.',
    roles: ['admin', 'reception', 'host'],
    writes: true,
    input: z.object({ ...newVisitFields, expectedAt: isoTimeSchema }),
    output: invitedVisitSchema,
  }),
  'visits.importCsv': method({
    summary:
      'Pre-registers a group from CSV (columns name, company, email, phone, host, expected, notes). With dryRun it only checks each row; otherwise it imports all rows or, if any row is wrong, none.',
    roles: ['admin', 'reception'],
    writes: true,
    input: z.object({
      csv: z.string().min(1).max(1_000_000),
      visitorTypeId: z.string().min(1),
      /** For rows without a host column. */
      defaultHostId: z.string().min(1).optional(),
      /** For rows without an expected column. */
      defaultExpectedAt: isoTimeSchema.optional(),
      dryRun: z.boolean().default(true),
    }),
    output: z.object({
      dryRun: z.boolean(),
      rows: z.array(csvRowResultSchema),
      imported: z.number().int(),
    }),
  }),
  'visits.walkIn': method({
    summary:
      'Registers a visitor who arrived without an invite and checks them in through the arrival pipeline (rules of the visitor type confirmed in `confirmed`, or the ID rule met by an ID document given, watchlist on the name and the document number, capacity, pass, badge, host notice). A watchlist deny returns the visit held. Over the site capacity it needs overCapacity: true, the desk’s approval.',
    roles: ['admin', 'reception'],
    writes: true,
    input: z.object({
      ...newVisitFields,
      overCapacity: z.boolean().default(false),
      confirmed,
      /** The visitor's ID document, typed or read by the desk's scanner: screened, kept as last 2 and keyed hash. */
      ...idDocumentFields,
    }),
    output: visitSummarySchema,
  }),
  'visits.admit': method({
    summary:
      'Checks in an expected or approved visit at the desk through the arrival pipeline (as visits.walkIn); over the site capacity it needs overCapacity: true, the desk’s approval.',
    roles: ['admin', 'reception'],
    writes: true,
    input: z.object({ visitId, overCapacity: z.boolean().default(false), confirmed }),
    output: visitSummarySchema,
  }),
  'visits.extend': method({
    summary:
      'Extends the stay of a visitor on site: a new pass valid until the new time replaces the old one (revoked), and a new badge is queued.',
    roles: ['admin', 'reception'],
    writes: true,
    input: z.object({ visitId, validUntil: isoTimeSchema }),
    output: visitPassSchema,
  }),
  'visits.reprintBadge': method({
    summary:
      'Reprints the badge of a visitor on site: the old pass is revoked, a new one with the same validity is issued and its badge queued.',
    roles: ['admin', 'reception'],
    writes: true,
    input: z.object({ visitId }),
    output: visitPassSchema,
  }),
};

const INVITE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** An invite code as typed ("k7pm 2qxd", "K7PM2QXD") in its stored form "K7PM-2QXD"; null if it is not one. */
export function normalizeInviteCode(text: string): string | null {
  const letters = text.toUpperCase().replace(/[\s-]+/g, '');
  if (letters.length !== 8 || [...letters].some((c) => !INVITE_ALPHABET.includes(c))) return null;
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}

/** A new invite code from random numbers in [0, alphabet length). */
export function inviteCodeFrom(randomIndex: (size: number) => number): string {
  const letters = Array.from({ length: 8 }, () => INVITE_ALPHABET[randomIndex(INVITE_ALPHABET.length)]);
  return `${letters.slice(0, 4).join('')}-${letters.slice(4).join('')}`;
}
