// One arrival at the kiosk, walk-in or invited, after its visit row exists: check what the visitor type
// asks for, keep signatures and photo, screen against the watchlist, then wait for the host's approval or
// check in (pass, badge job, host notification). Runs inside the kiosk method's write transaction.
import canonicalize from 'canonicalize';
import type { Db } from '../../db/open';
import { newId } from '../../shared/ids';
import { visitorTypesRepo, type HostRow, type VisitorTypeRow } from '../../db/repos/directory';
import type { SiteRow } from '../../db/repos/sites';
import { visitsRepo, type VisitorRow, type VisitRow } from '../../db/repos/visits';
import { signedDocumentsRepo, type SignedDocumentRow } from '../../db/repos/signed-documents';
import type { IdDocumentKind, KioskDocument, KioskOutcome, KioskSignature } from '../../shared/api/kiosk';
import type { Language } from '../../shared/domain';
import { ApiError, type FieldProblem } from '../../shared/errors';
import { sameName } from '../../shared/text';
import type { CallContext } from '../core/context';
import type { StationKeys } from '../core/data-keys';
import { idNumberDigest } from '../screening/id-numbers';
import { recordChange } from '../core/outbox';
import { MIN_ID_NUMBER_LENGTH, normaliseIdNumber } from '../screening/normalise';
import { siteDateContext, siteSettings } from '../core/site';
import { advanceVisit, holdVisit } from '../visits/status';
import { checkInNow, notifyHost, screenArrival, withinCapacity } from '../visits/arrival';

// kiosk.api.ts finds these here, beside the rest of the kiosk's arrival.
export { checkInNow, withinCapacity };
import { dateTimeText } from './badge-text';
import { decodeImage, sha256, type VisitFiles } from './files';
import { afterCommitRender } from './renders';
import { renderSignedDocumentPdf } from './signed-document';

type DocumentRow = ReturnType<typeof visitorTypesRepo.documents>[number];

/** The newest version of each document a visitor type requires. */
export function currentDocuments(db: Db, visitorTypeId: string): DocumentRow[] {
  const rows = visitorTypesRepo.documents(db, visitorTypeId);
  const newest = new Map<string, DocumentRow>();
  for (const row of rows) if (!newest.has(row.key)) newest.set(row.key, row);
  return [...newest.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export function documentView(row: DocumentRow, language: Language): KioskDocument {
  const pick = (texts: Record<string, string>) =>
    texts[language] ?? texts.en ?? Object.values(texts)[0] ?? '';
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    language: row.titles[language] ? language : 'en',
    title: pick(row.titles),
    body: pick(row.bodies),
  };
}

/** Document versions this visitor has signed before (at any kiosk check-in of this station). */
export const signedBefore = (db: Db, visitorId: string): Set<string> =>
  signedDocumentsRepo.documentIdsSignedBy(db, visitorId);

/** The ID document fields of a kiosk check-in, as given (see idDocumentInput in the contract). */
export interface IdDocumentGiven {
  idDocumentKind?: IdDocumentKind | undefined;
  idDocumentNumber?: string | undefined;
  idDocumentPhoto?: string | undefined;
}

export interface ArrivalInput {
  site: SiteRow;
  visit: VisitRow;
  visitor: VisitorRow;
  type: VisitorTypeRow;
  host: HostRow | null;
  language: Language;
  customFields: Record<string, string>;
  signatures: KioskSignature[];
  photo?: string | undefined;
  idDocument: IdDocumentGiven;
  /** Walk-ins of a type that needs it wait for their host; an invite was made by (or for) the host. */
  needsApproval: boolean;
}

/** Checks what the visitor gave against the type's rules; throws invalid_input naming each bad field. */
export function checkArrivalInput(db: Db, input: ArrivalInput, alreadySigned: Set<string>): DocumentRow[] {
  const problems: Record<string, FieldProblem> = {};
  for (const def of input.type.customFields) {
    const value = input.customFields[def.key]?.trim() ?? '';
    const field = `customFields.${def.key}`;
    if (!value) {
      if (def.required) problems[field] = { code: 'required', message: 'This is required.' };
      continue;
    }
    const ok =
      def.kind === 'number'
        ? /^-?\d+([.,]\d+)?$/.test(value)
        : def.kind === 'email'
          ? /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
          : def.kind === 'phone'
            ? /^\+?[0-9 ()-]{6,20}$/.test(value)
            : def.kind === 'choice'
              ? (def.choices ?? []).includes(value)
              : true;
    // The pattern is the admin's own rule for the answer (whole value, not a part of it).
    const matches = !def.pattern || new RegExp(`^(?:${def.pattern})$`, 'u').test(value);
    if (ok && !matches) problems[field] = { code: 'invalid_format', message: 'Not in the expected form.' };
    if (!ok) problems[field] = { code: 'invalid_format', message: `Not a valid ${def.kind}.` };
  }
  for (const key of Object.keys(input.customFields)) {
    if (!input.type.customFields.some((d) => d.key === key))
      problems[`customFields.${key}`] = {
        code: 'invalid_value',
        message: 'This visitor type has no such field.',
      };
  }

  const documents = currentDocuments(db, input.type.id).filter((d) => !alreadySigned.has(d.id));
  const given = new Map(input.signatures.map((s) => [s.documentId, s]));
  documents.forEach((doc) => {
    const signature = given.get(doc.id);
    const field = `signatures.${doc.key}`;
    if (!signature) problems[field] = { code: 'required', message: 'Please sign this document.' };
    else if ('png' in signature && decodeImage(signature.png)?.extension !== 'png')
      problems[field] = { code: 'invalid_format', message: 'A signature is a PNG image.' };
    else if ('typedName' in signature && !sameName(signature.typedName, input.visitor.name))
      problems[field] = {
        code: 'signature_mismatch',
        message: 'To sign by typing, type your full name as you gave it.',
      };
    given.delete(doc.id);
  });
  for (const documentId of given.keys())
    problems[`signatures.${documentId}`] = { code: 'invalid_value', message: 'No such document to sign.' };

  if (input.photo && !decodeImage(input.photo))
    problems.photo = { code: 'invalid_format', message: 'A photo is a PNG or JPEG image.' };
  if (!input.photo && input.type.photo === 'required' && !input.visitor.photoPath)
    problems.photo = { code: 'required', message: 'This visit needs a photo.' };

  Object.assign(problems, idDocumentProblems(input.type, input.idDocument));

  if (Object.keys(problems).length > 0) {
    throw new ApiError(
      'invalid_input',
      `Some of the information is not valid: ${Object.keys(problems).join(', ')}.`,
      problems,
    );
  }
  return documents;
}

/** A type with requiresId needs the document's kind and a number long enough to tell documents apart. */
function idDocumentProblems(type: VisitorTypeRow, id: IdDocumentGiven): Record<string, FieldProblem> {
  const problems: Record<string, FieldProblem> = {};
  if (!type.requiresId) {
    if (id.idDocumentKind || id.idDocumentNumber || id.idDocumentPhoto)
      problems.idDocumentNumber = {
        code: 'invalid_value',
        message: 'This visitor type does not ask for an ID document.',
      };
    return problems;
  }
  if (!id.idDocumentKind) problems.idDocumentKind = { code: 'required', message: 'Choose the kind of ID.' };
  if (!id.idDocumentNumber)
    problems.idDocumentNumber = { code: 'required', message: 'Type the number of your ID.' };
  else if (normaliseIdNumber(id.idDocumentNumber).length < MIN_ID_NUMBER_LENGTH)
    problems.idDocumentNumber = {
      code: 'invalid_format',
      message: `An ID number has at least ${MIN_ID_NUMBER_LENGTH} letters or digits.`,
    };
  if (id.idDocumentPhoto && !decodeImage(id.idDocumentPhoto))
    problems.idDocumentPhoto = { code: 'invalid_format', message: 'A photo is a PNG or JPEG image.' };
  return problems;
}

/**
 * Keeps what the visit needs of the ID document: its kind, the last 2 characters (for a person to check
 * the document against) and a keyed digest of the normalised number (to tell whether the same document was
 * shown again) in the check-in's audit entry, and the document's photo in the visit's folder — or less, as
 * the site's idNumberKept says. The number itself is never stored.
 */
function keepIdDocument(ctx: CallContext, input: ArrivalInput, files: VisitFiles): void {
  const { idDocumentKind, idDocumentNumber, idDocumentPhoto } = input.idDocument;
  if (!idDocumentKind || !idDocumentNumber) return;
  const kept = idDocumentKept(
    ctx.station.db,
    ctx.station.keys,
    input.site.id,
    idDocumentKind,
    idDocumentNumber,
  );
  // The photo shows the whole number: a site that keeps less of it keeps no photo either.
  const photo = idDocumentPhoto && 'last2' in kept ? decodeImage(idDocumentPhoto) : null;
  ctx.auditDetails.idDocument = {
    ...kept,
    ...(photo ? { photoPath: files.write(`id-document.${photo.extension}`, photo.bytes) } : {}),
  };
}

/**
 * All that is kept of an ID document's number, at the kiosk and the desk, as the site's idNumberKept
 * allows: its kind, and the last 2 characters and the keyed digest of the normalised number (HMAC-SHA256
 * with the site's ID-number key, kept outside the database: src/main/core/data-keys.ts), or the digest
 * only, or neither.
 */
export function idDocumentKept(
  db: Db,
  keys: StationKeys,
  siteId: string,
  kind: IdDocumentKind,
  number: string,
) {
  const keep = siteSettings(db, siteId).idNumberKept;
  const digest = keep !== 'none' ? idNumberDigest(keys, number) : null;
  return {
    kind,
    ...(keep === 'last2_and_hash' ? { last2: normaliseIdNumber(number).slice(-2) } : {}),
    ...(digest ? { digest } : {}),
  };
}

/**
 * Runs an arrival. The visit row exists (status expected); files are written now and removed again if
 * the transaction fails (the caller's `files.discard()`).
 */
export function arrive(ctx: CallContext, input: ArrivalInput, files: VisitFiles): KioskOutcome {
  const { db } = ctx.station;
  const { site, visit, visitor, type, host, language } = input;
  const documents = checkArrivalInput(db, input, signedBefore(db, visitor.id));
  ctx.auditDetails.visitId = visit.id;
  ctx.auditDetails.visitorId = visitor.id;

  if (Object.keys(input.customFields).length > 0) {
    visitsRepo.update(db, visit.id, { customFields: input.customFields, updatedAt: ctx.nowIso });
    recordChange(ctx, 'visit.update', visit.id, { customFields: input.customFields });
  }
  keepSignatures(ctx, input, documents, files);
  const photo = input.photo ? decodeImage(input.photo) : null;
  if (photo) {
    const photoPath = files.write(`photo.${photo.extension}`, photo.bytes);
    visitsRepo.updateVisitor(db, visitor.id, { photoPath, updatedAt: ctx.nowIso });
    recordChange(ctx, 'visitor.upsert', visitor.id, { ...visitor, photoPath, updatedAt: ctx.nowIso });
    visitor.photoPath = photoPath;
  }

  keepIdDocument(ctx, input, files);

  if (screenArrival(ctx, { visit, visitor, idNumber: input.idDocument.idDocumentNumber ?? null }, 'kiosk'))
    return { outcome: 'see_reception' };

  if (!input.needsApproval && !withinCapacity(ctx, site.id)) {
    // The desk sees the visit awaiting it and may admit it over capacity; the visitor hears only "reception".
    holdVisit(ctx, visit, 'capacity');
    return { outcome: 'see_reception' };
  }
  notifyHost(ctx, site, visit, visitor, host, input.needsApproval);
  if (input.needsApproval) {
    advanceVisit(ctx, visit, 'pending_approval');
    return {
      outcome: 'waiting_for_approval',
      visitId: visit.id,
      hostName: host?.name ?? null,
      timeoutSeconds: siteSettings(db, site.id).approvalTimeoutSeconds,
    };
  }
  return checkInNow(ctx, { site, visit, visitor, type, host, language, hostNotified: true });
}

/** A drawn signature is kept as its PNG (and its hash); a typed one is the name, recorded as typed. */
function keepSignature(files: VisitFiles, base: string, signature: KioskSignature) {
  if ('typedName' in signature) {
    const { typedName } = signature;
    return { pdf: { typedName }, record: { method: 'typed' as const, typedName } };
  }
  const png = decodeImage(signature.png)!.bytes;
  const signaturePath = files.write(`${base}.signature.png`, png);
  return { pdf: { png }, record: { method: 'drawn' as const, signaturePath, signatureSha256: sha256(png) } };
}

function keepSignatures(ctx: CallContext, input: ArrivalInput, documents: DocumentRow[], files: VisitFiles) {
  if (documents.length === 0) return;
  const given = new Map(input.signatures.map((s) => [s.documentId, s]));
  const signedAtText = dateTimeText(ctx.now, siteDateContext(ctx.station.db, input.site, input.language));
  const signed = documents.map((doc) => {
    const signature = given.get(doc.id)!;
    const base = `${doc.key}-v${doc.version}`;
    const pdfPath = `${files.relativeDir}/${base}.signed.pdf`;
    const view = documentView(doc, input.language);
    const kept = keepSignature(files, base, signature);
    afterCommitRender(ctx, files, pdfPath, () =>
      renderSignedDocumentPdf({
        title: view.title,
        body: view.body,
        version: doc.version,
        language: view.language,
        signerName: input.visitor.name,
        signedAtText,
        signature: kept.pdf,
      }),
    );
    const row: SignedDocumentRow = {
      id: newId(),
      visitId: input.visit.id,
      visitorId: input.visitor.id,
      documentId: doc.id,
      key: doc.key,
      version: doc.version,
      language: view.language,
      typedName: null,
      signaturePath: null,
      signatureSha256: null,
      ...kept.record,
      pdfPath,
      signedAt: ctx.nowIso,
    };
    signedDocumentsRepo.insert(ctx.station.db, row);
    return row;
  });
  // The audit entry names each signature with the hash of its record: the hash chain vouches for the table.
  ctx.auditDetails.signedDocuments = signed.map((row) => ({
    id: row.id,
    documentId: row.documentId,
    key: row.key,
    version: row.version,
    method: row.method,
    sha256: sha256(Buffer.from(canonicalize(row) ?? '')),
  }));
}
