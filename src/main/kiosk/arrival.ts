// One arrival at the kiosk, walk-in or invited, after its visit row exists: check what the visitor type
// asks for, keep signatures and photo, screen against the watchlist, then wait for the host's approval or
// check in (pass, badge job, host notification). Runs inside the kiosk method's write transaction.
import { readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import { DateTime } from 'luxon';
import type { Db } from '../../db/open';
import { newId } from '../../shared/ids';
import { visitorTypesRepo, type HostRow, type VisitorTypeRow } from '../../db/repos/directory';
import type { SiteRow } from '../../db/repos/sites';
import { visitsRepo, type VisitorRow, type VisitRow } from '../../db/repos/visits';
import { signedDocumentsRepo, type SignedDocumentRow } from '../../db/repos/signed-documents';
import { notificationsRepo } from '../../db/repos/notifications';
import { watchlistRepo } from '../../db/repos/watchlist';
import type { IdDocumentKind, KioskDocument, KioskOutcome, KioskSignature } from '../../shared/api/kiosk';
import type { Language } from '../../shared/domain';
import { MAX_NOTICE_PHOTO_CHARS } from '../../shared/sync';
import { ApiError, type FieldProblem } from '../../shared/errors';
import { foldForSearch } from '../../shared/text';
import { renderBadgePdf, type BadgeContent } from '../badges/badge-pdf';
import type { CallContext } from '../core/context';
import { defaultPrinter, readDevicesConfig } from '../hardware/config';
import { enqueueBadge, UNASSIGNED_PRINTER } from '../hardware/print-queue';
import { recordChange } from '../core/outbox';
import { issuePass } from '../passes/service';
import { MIN_ID_NUMBER_LENGTH, normaliseIdNumber } from '../screening/normalise';
import { screenPerson } from '../screening/service';
import { assertCapacity, siteSettings } from '../core/site';
import { openAutomatic } from '../incidents/timeline';
import { advanceVisit, holdVisit } from '../visits/status';
import { dateLine, dateTimeText, hostLine } from './badge-text';
import { decodeImage, sha256, VisitFiles, dataDirOf } from './files';
import { firstNameOf } from './privacy';
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
        code: 'invalid_value',
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
 * Keeps what the visit needs of the ID document: its kind, the last 4 characters (for a person to check
 * the document against) and a salted hash of the normalised number (to tell whether the same document was
 * shown again) in the check-in's audit entry, and the document's photo in the visit's folder. The number
 * itself is never stored.
 */
function keepIdDocument(ctx: CallContext, input: ArrivalInput, files: VisitFiles): void {
  const { idDocumentKind, idDocumentNumber, idDocumentPhoto } = input.idDocument;
  if (!idDocumentKind || !idDocumentNumber) return;
  const normalised = normaliseIdNumber(idDocumentNumber);
  const photo = idDocumentPhoto ? decodeImage(idDocumentPhoto) : null;
  ctx.auditDetails.idDocument = {
    kind: idDocumentKind,
    last4: normalised.slice(-4),
    sha256: sha256(Buffer.from(`${input.site.id}:${normalised}`)),
    ...(photo ? { photoPath: files.write(`id-document.${photo.extension}`, photo.bytes) } : {}),
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

  const screening = screenPerson(
    db,
    site.id,
    { name: visitor.name, idNumber: input.idDocument.idDocumentNumber ?? null },
    ctx.now,
  );
  ctx.auditDetails.screening = screening.verdict;
  if (screening.verdict !== 'clear') {
    const incidentId = screening.verdict === 'deny' ? openScreeningIncident(ctx, visit, visitor) : null;
    ctx.emit('security.alert', {
      kind: 'watchlist',
      level: screening.verdict,
      visitId: visit.id,
      visitorName: visitor.name,
      incidentId,
      stationId: ctx.station.stationId,
      matches: screening.matches.map((m) => ({
        entryId: m.entryId,
        name: watchlistRepo.get(db, m.entryId)?.name ?? '',
        score: m.score,
      })),
    });
    // Security hears it through the server's channels too; the op names no watchlist entry or reason.
    recordChange(ctx, 'alert.watchlist', newId(), {
      visitId: visit.id,
      name: visitor.name,
      level: screening.verdict,
      source: 'kiosk',
    });
    if (screening.verdict === 'deny') {
      // Held for reception and security: the desk sees the visit awaiting it; the visitor sees only "reception".
      holdVisit(ctx, visit, 'watchlist');
      return { outcome: 'see_reception' };
    }
  }

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

/**
 * Whether one more person fits on site (the site setting `capacity`). The kiosk never admits over it:
 * that is the desk's decision (assertCapacity with its approval), so a full site sends the visitor there.
 */
export function withinCapacity(ctx: CallContext, siteId: string): boolean {
  try {
    assertCapacity(ctx, siteId, false);
    return true;
  } catch (error) {
    if (!(error instanceof ApiError && error.fields?.capacity)) throw error;
    ctx.auditDetails.overCapacity = true;
    return false;
  }
}

/** Checks a visit in now: status, pass valid to the end of the site's day, badge job. */
export function checkInNow(
  ctx: CallContext,
  a: {
    site: SiteRow;
    visit: VisitRow;
    visitor: VisitorRow;
    type: VisitorTypeRow | null;
    host: HostRow | null;
    language: Language;
    hostNotified: boolean;
  },
): KioskOutcome {
  if (a.host) sendPhotoForArrivalEmail(ctx, a.visit, a.visitor);
  advanceVisit(ctx, a.visit, 'checked_in', { checkedInAt: ctx.nowIso });
  const endOfDay = DateTime.fromJSDate(ctx.now).setZone(a.site.timezone).startOf('day').plus({ days: 1 });
  const pass = issuePass(ctx, {
    passId: newId(),
    visitId: a.visit.id,
    siteId: a.site.id,
    kind: 'visit',
    validFrom: ctx.now,
    validUntil: endOfDay.toJSDate(),
    zoneIds: 'all',
    multiEntry: true,
  });
  const badgeQueued = queueBadge(ctx, a, pass.token);
  return {
    outcome: 'checked_in',
    visitId: a.visit.id,
    passToken: pass.token,
    validUntil: pass.validUntil,
    firstName: firstNameOf(a.visitor.name),
    hostName: a.host?.name ?? null,
    hostNotified: a.hostNotified,
    badgeQueued,
  };
}

/** A typed signature counts when it is the visitor's name, whatever the case, accents and spacing. */
const sameName = (a: string, b: string) => foldForSearch(a) === foldForSearch(b);

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
  const signedAtText = dateTimeText(ctx.now, input.site.timezone, input.language);
  const signed = documents.map((doc) => {
    const signature = given.get(doc.id)!;
    const base = `${doc.key}-v${doc.version}`;
    const pdfPath = `${files.relativeDir}/${base}.signed.pdf`;
    const view = documentView(doc, input.language);
    const kept = keepSignature(files, base, signature);
    afterCommitRender(ctx, files.absolute(pdfPath), () =>
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

function notifyHost(
  ctx: CallContext,
  site: SiteRow,
  visit: VisitRow,
  visitor: VisitorRow,
  host: HostRow | null,
  awaitingApproval: boolean,
) {
  if (!host) return;
  const id = newId();
  notificationsRepo.insert(ctx.station.db, {
    id,
    siteId: site.id,
    kind: 'visitor.arrived',
    hostId: host.id,
    visitId: visit.id,
    payload: { visitorName: visitor.name, company: visitor.company, awaitingApproval, at: ctx.nowIso },
    status: 'pending',
    createdAt: ctx.nowIso,
  });
  ctx.auditDetails.notificationId = id;
  ctx.emit('notification.created', {
    notificationId: id,
    kind: 'visitor.arrived',
    hostId: host.id,
    visitId: visit.id,
  });
}

/** The incident security works a kiosk deny match in (synced like every incident). */
function openScreeningIncident(ctx: CallContext, visit: VisitRow, visitor: VisitorRow): string {
  return openAutomatic(ctx, {
    kind: 'watchlist_hit',
    title: `Watchlist match at the kiosk: ${visitor.name}`,
    visitId: visit.id,
    visitorId: visitor.id,
    details: { source: 'kiosk', stationId: ctx.station.stationId },
  });
}

/**
 * Queues the badge through the station's print queue (the job carries the content the print worker
 * renders); the PDF copy is rendered after commit into the visit's folder (document_path) for reprints
 * and the desk. Returns whether the badge can be expected from the printer now: not when no printer is
 * set up or the printer was last seen offline (one never tried yet may print). The job is queued either
 * way, so it prints when the printer is back or the desk sends it elsewhere.
 */
function queueBadge(
  ctx: CallContext,
  a: {
    site: SiteRow;
    visit: VisitRow;
    visitor: VisitorRow;
    type: VisitorTypeRow | null;
    host: HostRow | null;
    language: Language;
  },
  token: string,
): boolean {
  const files = new VisitFiles(dataDirOf(ctx.station.db), a.visit.id);
  const badge: BadgeContent = {
    name: a.visitor.name,
    company: a.visitor.company,
    hostLine: hostLine(a.host?.name ?? null, a.language),
    dateLine: dateLine(ctx.now, a.site.timezone, a.language),
    typeName: a.type ? (a.type.names[a.language] ?? a.type.names.en ?? '') : '',
    typeColor: a.type && /^#[0-9a-f]{6}$/i.test(a.type.color) ? a.type.color : '#64748b',
    siteName: a.site.name,
    photo: a.visitor.photoPath ? readPhoto(files, a.visitor.photoPath) : null,
    qrText: token,
  };
  const documentPath = `${files.relativeDir}/badge.pdf`;
  const jobId = enqueueBadge(ctx, { visitId: a.visit.id, badge, documentPath, holdWithoutPrinter: true })!;
  ctx.auditDetails.printJobId = jobId;
  afterCommitRender(ctx, files.absolute(documentPath), () => renderBadgePdf(badge, 'cr80'));
  // The printer the job went to: enqueueBadge sends the kiosk's badges to the default printer.
  const printer = defaultPrinter(readDevicesConfig(ctx.station.db))?.id ?? UNASSIGNED_PRINTER;
  const health = ctx.station.hardware.status().find((d) => d.id === printer);
  return printer !== UNASSIGNED_PRINTER && health?.connected !== false;
}

/**
 * The photo goes to the sync server only for the host's arrival e-mail, as a notice op (never merged into
 * the visitor's record, never sent to other stations); one too large for that is left out.
 */
function sendPhotoForArrivalEmail(ctx: CallContext, visit: VisitRow, visitor: VisitorRow) {
  if (!visitor.photoPath) return;
  const bytes = readPhoto(new VisitFiles(dataDirOf(ctx.station.db), visit.id), visitor.photoPath);
  if (!bytes) return;
  const type = visitor.photoPath.endsWith('.png') ? 'image/png' : 'image/jpeg';
  const dataUrl = `data:${type};base64,${bytes.toString('base64')}`;
  if (dataUrl.length > MAX_NOTICE_PHOTO_CHARS) return;
  recordChange(ctx, 'visit.photo', visit.id, { visitorId: visitor.id, dataUrl });
}

function readPhoto(files: VisitFiles, relative: string): Buffer | null {
  try {
    return readFileSync(files.absolute(relative));
  } catch {
    return null; // a badge without the photo beats no badge
  }
}
