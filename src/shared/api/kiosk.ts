// The lobby kiosk's methods: what an anonymous visitor (role 'visitor') may do at a kiosk, and staff too.
// Answers never say more than the visitor needs: contacts are masked, people on site appear as "Ana R.",
// and a screening hit is only ever "see reception".
import { z } from 'zod';
import { method } from '../contract';
import { customFieldDefSchema, languageSchema, PHOTO_RULES, personNameSchema } from '../domain';
import { EVERYONE } from '../roles';

/** A signature drawn on the kiosk, or a photo from its camera, as a data URL (PNG or JPEG). */
const imageDataUrl = (maxBytes: number) =>
  z
    .string()
    .regex(/^data:image\/(png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/, 'a PNG or JPEG data URL')
    .max(Math.ceil((maxBytes * 4) / 3) + 32);

export const SIGNATURE_MAX_BYTES = 512 * 1024;
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;

/**
 * A document signed with a drawn signature (PNG), or — the keyboard-only way — by typing one's full name,
 * which must be the visitor's name; the signed copy shows it as a typed signature.
 */
const signatureSchema = z.union([
  z.object({ documentId: z.string().min(1), png: imageDataUrl(SIGNATURE_MAX_BYTES) }),
  z.object({ documentId: z.string().min(1), typedName: personNameSchema }),
]);
export type KioskSignature = z.infer<typeof signatureSchema>;
const signaturesSchema = z.array(signatureSchema).max(10).default([]);
const customFieldValuesSchema = z.record(z.string(), z.string().trim().max(200)).default({});

export const kioskDocumentSchema = z.object({
  id: z.string(),
  key: z.string(),
  version: z.number().int(),
  language: languageSchema,
  title: z.string(),
  body: z.string(),
});
export type KioskDocument = z.infer<typeof kioskDocumentSchema>;

const checkedInSchema = z.object({
  outcome: z.literal('checked_in'),
  visitId: z.string(),
  /** The signed pass token for the on-screen QR code (shown, never stored). */
  passToken: z.string(),
  validUntil: z.string(),
  firstName: z.string(),
  hostName: z.string().nullable(),
  hostNotified: z.boolean(),
  /** Whether a badge was queued for this station's printer (false: show the QR and send to the desk). */
  badgeQueued: z.boolean(),
});
const waitingSchema = z.object({
  outcome: z.literal('waiting_for_approval'),
  visitId: z.string(),
  hostName: z.string().nullable(),
  timeoutSeconds: z.number().int(),
});
const seeReceptionSchema = z.object({ outcome: z.literal('see_reception') });

/**
 * What a check-in ends in. `see_reception` never says why (a watchlist hit, an approval that timed out
 * and a host who said no all look the same to the visitor).
 */
export const kioskOutcomeSchema = z.discriminatedUnion('outcome', [
  checkedInSchema,
  waitingSchema,
  seeReceptionSchema,
]);
export type KioskOutcome = z.infer<typeof kioskOutcomeSchema>;

/**
 * A check-in as the kiosk screen that made it is told: a visit left waiting for approval comes with its
 * wait token, which only this answer carries. kiosk.visitStatus and kiosk.finishApproved need it, so
 * nobody else can watch or finish that visit (and take its pass) from its id.
 */
export const kioskAnswerSchema = z.discriminatedUnion('outcome', [
  checkedInSchema,
  waitingSchema.extend({ waitToken: z.string() }),
  seeReceptionSchema,
]);
export type KioskAnswer = z.infer<typeof kioskAnswerSchema>;

/** The wait token of a visit waiting at a kiosk (see kioskAnswerSchema). */
const waitTokenSchema = z.string().trim().min(20).max(200);

const emailSchema = z.email().max(200);

/** When a pass e-mail leaves: now (the sync server answered at the last sync) or once back online. */
const passEmailDeliverySchema = z.enum(['now', 'when_online']);
const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/);

/**
 * Check-out without the badge: the full name (two words or more) and the e-mail or phone given at
 * check-in. A name alone is not enough — anyone could check out everyone on site by name.
 */
const checkOutByName = z.object({
  name: personNameSchema.refine((n) => n.trim().split(/\s+/).length >= 2, 'first and last name'),
  contact: z.string().trim().min(6).max(200),
});

/** A scanned QR text or a typed short invite code. */
const inviteInput = z.string().trim().min(4).max(2000);

const visitPhotoRules = z.enum(PHOTO_RULES);

export const ID_DOCUMENT_KINDS = ['passport', 'national_id', 'driving_licence', 'other'] as const;
export type IdDocumentKind = (typeof ID_DOCUMENT_KINDS)[number];

/**
 * The ID document of a visitor type with requiresId. The number is screened against the watchlist's ID
 * numbers and kept only as its last 2 characters and a keyed hash; its name keeps it out of the audit log.
 */
export const idDocumentFields = {
  idDocumentKind: z.enum(ID_DOCUMENT_KINDS).optional(),
  idDocumentNumber: z
    .string()
    .trim()
    .min(4)
    .max(40)
    .regex(/^[\p{L}\p{N} ./-]+$/u, 'letters, digits, spaces, dots, dashes and slashes')
    .optional(),
};
const idDocumentInput = {
  ...idDocumentFields,
  /** A photo of the document, when the kiosk has a camera. */
  idDocumentPhoto: imageDataUrl(PHOTO_MAX_BYTES).optional(),
};

export const kioskMethods = {
  'kiosk.documents': method({
    summary: 'The documents a visitor type must sign, newest version of each, in the given language.',
    roles: EVERYONE,
    writes: false,
    input: z.object({ visitorTypeId: z.string().min(1), language: languageSchema }),
    output: z.object({ documents: z.array(kioskDocumentSchema) }),
  }),
  'kiosk.findHosts': method({
    summary:
      'Host type-ahead for visitors: from 3 letters, tolerant of typos and accents; with hideHostDirectory only a full name finds a host.',
    roles: EVERYONE,
    writes: false,
    input: z.object({ query: z.string().trim().min(3).max(100) }),
    output: z.object({
      hosts: z
        .array(z.object({ id: z.string(), name: z.string(), department: z.string().nullable() }))
        .max(6),
      /** True when the site hides its directory: the screen asks for the host's full name. */
      fullNameRequired: z.boolean(),
    }),
  }),
  'kiosk.recognise': method({
    summary:
      'Finds a returning visitor by the exact e-mail or phone they typed (never by name); answers only masked contacts.',
    roles: EVERYONE,
    writes: false,
    input: z
      .object({ email: emailSchema.optional(), phone: phoneSchema.optional() })
      .strict()
      .refine((v) => v.email || v.phone, 'an email or a phone number'),
    output: z.object({
      candidates: z.array(z.object({ visitorId: z.string(), maskedContact: z.string().nullable() })).max(3),
    }),
  }),
  'kiosk.recall': method({
    summary:
      'After the visitor has said "this is me": their masked contact. Never their stored name or company: typing a stranger\'s e-mail must not reveal who they are.',
    roles: EVERYONE,
    writes: false,
    input: z.object({ visitorId: z.string().min(1), consent: z.literal(true) }),
    output: z.object({ visitorId: z.string(), maskedContact: z.string().nullable() }),
  }),
  'kiosk.checkIn': method({
    summary:
      'A walk-in check-in: screens the visitor, records signatures and photo, then checks in (pass, badge, host told), waits for approval, or sends to reception.',
    roles: EVERYONE,
    writes: true,
    input: z.object({
      visitorTypeId: z.string().min(1),
      language: languageSchema,
      visitor: z.object({
        name: personNameSchema,
        company: z.string().trim().max(120).optional(),
        email: emailSchema.optional(),
        phone: phoneSchema.optional(),
      }),
      /**
       * A returning visitor who said "this is me". Taken as them only when the name typed is their stored
       * full name and the e-mail or phone typed is theirs; otherwise this is a new visitor (a stranger's
       * record is never rewritten).
       */
      returningVisitorId: z.string().min(1).optional(),
      hostId: z.string().min(1),
      customFields: customFieldValuesSchema,
      signatures: signaturesSchema,
      photo: imageDataUrl(PHOTO_MAX_BYTES).optional(),
      /** False when the kiosk has no working camera (a required photo then sends the visitor to the desk). */
      cameraAvailable: z.boolean().default(true),
      ...idDocumentInput,
    }),
    output: kioskAnswerSchema,
  }),
  'kiosk.delivery': method({
    summary:
      'A delivery in two taps: a visitor type that asks nothing of the person (no photo, ID, approval or documents) for a host, or for reception (hostId null). Checks the delivery in as a walk-in of that type, named by the type, and tells the host as a check-in does.',
    roles: EVERYONE,
    writes: true,
    input: z.object({
      visitorTypeId: z.string().min(1),
      /** Null: for reception, nobody in particular. */
      hostId: z.string().min(1).nullable(),
      language: languageSchema,
    }),
    output: z.object({ hostName: z.string().nullable(), hostNotified: z.boolean() }),
  }),
  'kiosk.findInvite': method({
    summary:
      'Looks up an invite by short code or scanned QR: greets by first name and lists what is still missing.',
    roles: EVERYONE,
    writes: false,
    input: z.object({ invite: inviteInput, language: languageSchema }),
    output: z.discriminatedUnion('status', [
      z.object({
        status: z.literal('valid'),
        firstName: z.string(),
        hostName: z.string().nullable(),
        visitorTypeId: z.string(),
        documents: z.array(kioskDocumentSchema),
        photo: visitPhotoRules,
        customFields: z.array(customFieldDefSchema),
        /** The visitor type asks for an ID document (kind and number, screened against the watchlist). */
        idRequired: z.boolean(),
      }),
      z.object({ status: z.enum(['not_found', 'not_yet_valid', 'expired', 'used']) }),
    ]),
  }),
  'kiosk.checkInInvite': method({
    summary: 'Checks in an invited visitor with what was still missing (signatures, photo, fields).',
    roles: EVERYONE,
    writes: true,
    input: z.object({
      invite: inviteInput,
      language: languageSchema,
      customFields: customFieldValuesSchema,
      signatures: signaturesSchema,
      photo: imageDataUrl(PHOTO_MAX_BYTES).optional(),
      cameraAvailable: z.boolean().default(true),
      ...idDocumentInput,
    }),
    output: kioskAnswerSchema,
  }),
  'kiosk.visitStatus': method({
    summary:
      "A waiting visitor's approval: waiting, approved (then kiosk.finishApproved), or see reception after the timeout.",
    roles: EVERYONE,
    writes: false,
    input: z.object({ visitId: z.string().min(1), waitToken: waitTokenSchema }),
    output: z.object({
      state: z.enum(['waiting', 'approved', 'see_reception']),
      hostName: z.string().nullable(),
      secondsLeft: z.number().int(),
    }),
  }),
  'kiosk.finishApproved': method({
    summary:
      'Checks in a visit its host approved while the visitor waited at this kiosk (with the wait token this kiosk was given).',
    roles: EVERYONE,
    writes: true,
    input: z.object({ visitId: z.string().min(1), waitToken: waitTokenSchema, language: languageSchema }),
    output: kioskAnswerSchema,
  }),
  'kiosk.findForCheckOut': method({
    summary:
      'For a visitor without their badge: the one person on site with exactly this full name and this e-mail or phone, as first name and initial.',
    roles: EVERYONE,
    writes: false,
    input: checkOutByName,
    output: z.object({
      people: z.array(z.object({ displayName: z.string(), since: z.string().nullable() })).max(1),
    }),
  }),
  'kiosk.emailPassDelivery': method({
    summary:
      'Whether this kiosk can e-mail a pass: now (its sync server answered at the last sync), when it is back online, or not at all (no sync server, nothing could send it).',
    roles: EVERYONE,
    writes: false,
    input: z.object({}),
    output: z.object({ delivery: passEmailDeliverySchema.or(z.literal('unavailable')) }),
  }),
  'kiosk.emailPass': method({
    summary:
      'Queues the pass QR code of a visitor just checked in for e-mail to them; the sync server sends it when the station is online. Refused (not_configured) at a station without a sync server: nothing could ever send it.',
    roles: EVERYONE,
    writes: true,
    input: z.object({
      /** The pass on the kiosk's screen: holding it is what allows sending it. */
      passToken: z.string().trim().min(8).max(2000),
      email: emailSchema,
      language: languageSchema,
    }),
    output: z.object({ queued: z.literal(true), delivery: passEmailDeliverySchema }),
  }),
  'kiosk.checkOut': method({
    summary:
      'Checks a visitor out at the kiosk, by their scanned badge QR, or by full name with the e-mail or phone they gave.',
    roles: EVERYONE,
    writes: true,
    input: z.union([
      z.object({ passToken: z.string().trim().min(8).max(2000) }).strict(),
      checkOutByName.strict(),
    ]),
    output: z.object({ firstName: z.string() }),
  }),
};
