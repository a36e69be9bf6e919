// Personal data (issue #15): the retention job that anonymises visits older than the site's
// `retentionDays` (run nightly by the station itself, shown to admins), and a person's rights at the desk.
import { z } from 'zod';
import { method } from '../contract';
import { languageSchema } from '../domain';

/** Why retention does not run at this station, or null when it does. */
export const RETENTION_ELSEWHERE = ['not_a_desk', 'no_site'] as const;

export const retentionStatusSchema = z.object({
  retentionDays: z.number().int(),
  /** Visits that ended before this are anonymised. */
  cutoff: z.string(),
  /** Visits due now (older than the cutoff, naming someone, no open incident). */
  dueVisits: z.number().int(),
  /** Visits held back by an open incident that would otherwise be due. */
  heldByIncidents: z.number().int(),
  /** Visits held back by a legal hold (on the visit or its visitor) that would otherwise be due. */
  heldByLegalHolds: z.number().int(),
  /** Legal holds of the site not released. */
  activeHolds: z.number().int(),
  /** Null when this station runs the job; otherwise why not (a kiosk or gate leaves it to the desk). */
  runsElsewhere: z.enum(RETENTION_ELSEWHERE).nullable(),
  /** When the job runs next here (null when it runs elsewhere). */
  nextRunAt: z.string().nullable(),
  lastRun: z
    .object({ at: z.string(), anonymisedVisits: z.number().int(), anonymisedVisitors: z.number().int() })
    .nullable(),
});
export type RetentionStatus = z.infer<typeof retentionStatusSchema>;

const ADMIN: ['admin'] = ['admin'];
const rows = z.array(z.record(z.string(), z.unknown()));

export const personMatchSchema = z.object({
  visitorId: z.string(),
  name: z.string(),
  company: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  visits: z.number().int(),
  lastVisitAt: z.string().nullable(),
});

/** Everything this station holds about one person (their access request), as JSON. */
export const personExportSchema = z.object({
  exportedAt: z.string(),
  stationId: z.string(),
  visitor: z.object({
    id: z.string(),
    name: z.string(),
    company: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** The photo as a data URL where this station took it; photos stay at the station that took them. */
    photo: z.string().nullable(),
  }),
  visits: rows,
  passes: rows,
  gateEvents: rows,
  signedDocuments: rows,
  incidents: rows,
  notifications: rows,
  legalHolds: rows,
  /** Audit entries that refer to them by id: sequence, id, time, action and outcome. */
  auditEntries: rows,
});
export type PersonExport = z.infer<typeof personExportSchema>;

const visitorIdInput = z.object({ visitorId: z.string().min(1).max(64) });

/** A legal hold not released, with whom or what it holds (for the admin screen). */
export const legalHoldSchema = z.object({
  id: z.string(),
  visitorId: z.string().nullable(),
  visitId: z.string().nullable(),
  reason: z.string(),
  placedBy: z.string().nullable(),
  placedByName: z.string().nullable(),
  createdAt: z.string(),
  /** The held visitor's name (or the held visit's visitor's), while this station holds it. */
  name: z.string().nullable(),
  /** The held visit's check-in (or expected) time. */
  visitAt: z.string().nullable(),
});
export type LegalHold = z.infer<typeof legalHoldSchema>;

const id = z.string().trim().min(1).max(64);

export const privacyMethods = {
  'privacy.findPerson': method({
    summary:
      'Finds the visitors a person may be, by the start of a name, an e-mail or a phone number, for an access or erasure request.',
    roles: ADMIN,
    writes: false,
    input: z.object({ query: z.string().trim().min(2).max(120) }),
    output: z.object({ people: z.array(personMatchSchema) }),
  }),
  'privacy.exportPerson': method({
    summary:
      'Everything this station holds about one visitor (record, visits, passes, gate events, signatures, incidents), as JSON; the export is audited by id and counts.',
    roles: ADMIN,
    auditRefusals: true,
    // A write so the export leaves an audit entry (ids and counts, never the data).
    writes: true,
    input: visitorIdInput,
    output: personExportSchema,
  }),
  'privacy.exportPersonPdf': method({
    summary:
      'The same bundle as exportPerson as a readable PDF in a language (identity, visits with times, signed documents, passes, gate events, incidents, legal holds, audit references); audited by id and counts.',
    roles: ADMIN,
    auditRefusals: true,
    // A write so the export leaves an audit entry; the PDF is made from reads first (effect).
    writes: true,
    effect: true,
    input: visitorIdInput.extend({ language: languageSchema.default('en') }),
    output: z.object({ filename: z.string(), mimeType: z.literal('application/pdf'), base64: z.string() }),
  }),
  'privacy.erasePerson': method({
    summary:
      'Erases a visitor everywhere: their visits and record anonymised here and, through sync, at every station of the site and the server. Refused while an open incident refers to them or a legal hold covers them or one of their visits.',
    roles: ADMIN,
    auditRefusals: true,
    writes: true,
    input: visitorIdInput,
    output: z.object({ anonymisedVisits: z.number().int(), anonymisedVisitors: z.number().int() }),
  }),

  'privacy.holds': method({
    summary: 'The site’s legal holds that are not released: what each holds, why, who placed it and when.',
    roles: ADMIN,
    writes: false,
    input: z.object({}),
    output: z.object({ holds: z.array(legalHoldSchema) }),
  }),
  'privacy.placeHold': method({
    summary:
      'Places a legal hold on a visitor, a visit, or a visit and its visitor, with a reason: retention and erasure leave what it holds alone at every station until it is released.',
    roles: ADMIN,
    writes: true,
    // The reason may name someone: the audit entry keeps ids and a hash of it (ctx.auditDetails).
    auditInput: false,
    input: z
      .object({
        visitorId: id.optional(),
        visitId: id.optional(),
        reason: z.string().trim().min(3).max(500),
      })
      .refine((i) => i.visitorId !== undefined || i.visitId !== undefined, {
        message: 'Name the visitor or the visit to hold.',
        path: ['visitorId'],
      }),
    output: z.object({ holdId: z.string() }),
  }),
  'privacy.releaseHold': method({
    summary: 'Releases a legal hold: what it held is again subject to retention and erasure.',
    roles: ADMIN,
    writes: true,
    input: z.object({ holdId: id }),
    output: z.object({ released: z.literal(true) }),
  }),

  'privacy.runRetention': method({
    summary:
      'Anonymises a batch of the visits older than the site’s retention period, and the visitors none of whose visits name them any more (the station does it nightly).',
    roles: ['station'],
    writes: true,
    /** after: the previous batch's `next`, so the walk goes on where it stopped (0 or none: from the start). */
    input: z.object({ after: z.number().int().min(0).optional() }),
    output: z.object({
      anonymisedVisits: z.number().int(),
      anonymisedVisitors: z.number().int(),
      more: z.boolean(),
      /** Where the walk over visits stopped: the next batch's `after`. */
      next: z.number().int(),
    }),
  }),
  'privacy.rotateDataKey': method({
    summary:
      'Starts a rotation of the station’s data key: a new key is stored now, and the next start rekeys the database and reseals every visit file with it. Refused when the key comes from GATEHOUSE_DATA_KEY.',
    roles: ADMIN,
    writes: true,
    input: z.object({}),
    /** started: false when a rotation was already waiting for the next start. */
    output: z.object({ started: z.boolean(), finishesAtNextStart: z.literal(true) }),
  }),
  'privacy.retentionStatus': method({
    summary:
      'What the retention job will do next: the visits due, those an open incident holds, and when it runs.',
    roles: ['admin'],
    writes: false,
    input: z.object({}),
    output: retentionStatusSchema,
  }),
};
