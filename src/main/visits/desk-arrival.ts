// A check-in at the desk (walk-in, expected visit, "Register and check in", staff check-in) through the
// same arrival pipeline as the kiosk (visits/arrival.ts). The visitor type's rules the kiosk asks the
// visitor for — documents to sign, an ID, a photo, the host's approval — the receptionist confirms here
// (`confirmed`); one not confirmed refuses the check-in naming each missing rule, never skips it.
import { hostsRepo, visitorTypesRepo } from '../../db/repos/directory';
import { visitsRepo, type VisitRow } from '../../db/repos/visits';
import type { DeskRule } from '../../shared/api/visits';
import { canMoveVisit, languageSchema } from '../../shared/domain';
import { ApiError, type FieldProblem } from '../../shared/errors';
import type { CallContext } from '../core/context';
import { assertCapacity, requireSite } from '../core/site';
import { currentDocuments, idDocumentKept, signedBefore } from '../kiosk/arrival';
import { MIN_ID_NUMBER_LENGTH, normaliseIdNumber } from '../screening/normalise';
import type { IdDocumentKind } from '../../shared/api/kiosk';
import { checkInNow, notifyHost, screenArrival } from './arrival';
import { words } from './status';

const RULE_TEXT: Record<DeskRule, string> = {
  documents: 'the documents signed',
  id: 'an ID document checked',
  photo: 'a photo taken',
  approval: 'the host’s approval',
};

/** The rules of the visit's type this visit has not met yet (in the order the kiosk asks for them). */
export function unmetRules(ctx: CallContext, visit: VisitRow): DeskRule[] {
  const { db } = ctx.station;
  const type = visit.visitorTypeId ? visitorTypesRepo.get(db, visit.visitorTypeId) : undefined;
  if (!type) return [];
  const visitor = visitsRepo.visitor(db, visit.visitorId);
  const signed = signedBefore(db, visit.visitorId);
  const rules: DeskRule[] = [];
  if (currentDocuments(db, type.id).some((d) => !signed.has(d.id))) rules.push('documents');
  if (type.requiresId) rules.push('id');
  if (type.photo === 'required' && !visitor?.photoPath) rules.push('photo');
  // An approved visit (or one already decided) has its approval; an expected one of such a type has not.
  if (type.requiresApproval && (visit.status === 'expected' || visit.status === 'pending_approval'))
    rules.push('approval');
  return rules;
}

/**
 * Checks a visit in at the desk: the type's rules (confirmed by the receptionist), the watchlist (a deny
 * holds the visit and opens an incident; the visit comes back held, not on site), capacity (over it only
 * with overCapacity), then pass, badge job and host notice. Returns the visit's id.
 */
export function arriveAtDesk(
  ctx: CallContext,
  visitId: string,
  options: {
    confirmed: DeskRule[];
    overCapacity: boolean;
    /** An ID document the desk typed or scanned: it meets the type's ID rule and is screened. */
    idDocumentKind?: IdDocumentKind | undefined;
    idDocumentNumber?: string | undefined;
  },
): void {
  const { db } = ctx.station;
  const site = requireSite(ctx);
  const visit = visitsRepo.get(db, visitId);
  if (!visit || visit.siteId !== site.id) throw new ApiError('not_found', 'That visit does not exist.');
  ctx.auditDetails.visitId = visit.id;
  // A visit already on site or over is refused as such, before any rule is asked for.
  if (!canMoveVisit(visit.status, 'checked_in'))
    throw new ApiError('conflict', `This visit is ${words(visit.status)} and cannot become checked in.`);
  const idDocument = deskIdDocument(options.idDocumentKind, options.idDocumentNumber);
  const confirmed: DeskRule[] = idDocument ? [...options.confirmed, 'id'] : options.confirmed;
  const missing = unmetRules(ctx, visit).filter((rule) => !confirmed.includes(rule));
  if (missing.length > 0) {
    const fields: Record<string, FieldProblem> = {};
    for (const rule of missing)
      fields[`confirmed.${rule}`] = { code: 'required', message: `Confirm ${RULE_TEXT[rule]}.` };
    throw new ApiError(
      'invalid_input',
      `This visitor type needs ${missing.map((r) => RULE_TEXT[r]).join(', ')} before check-in; confirm each at the desk.`,
      fields,
    );
  }
  if (options.confirmed.length > 0) ctx.auditDetails.confirmedAtDesk = options.confirmed;
  if (idDocument)
    ctx.auditDetails.idDocument = idDocumentKept(
      db,
      ctx.station.keys,
      site.id,
      idDocument.kind,
      idDocument.number,
    );
  const visitor = visitsRepo.visitor(db, visit.visitorId)!;
  if (screenArrival(ctx, { visit, visitor, idNumber: idDocument?.number ?? null }, 'desk')) return;
  assertCapacity(ctx, site.id, options.overCapacity);
  const host = visit.hostId ? (hostsRepo.get(db, visit.hostId) ?? null) : null;
  const type = visit.visitorTypeId ? (visitorTypesRepo.get(db, visit.visitorTypeId) ?? null) : null;
  const language = languageSchema.catch('en').parse(site.defaultLanguage);
  notifyHost(ctx, site, visit, visitor, host, false);
  checkInNow(ctx, { site, visit, visitor, type, host, language, hostNotified: host !== null });
}

/** An ID document given at the desk: both its kind and a number long enough to tell documents apart. */
function deskIdDocument(kind: IdDocumentKind | undefined, number: string | undefined) {
  if (!kind && !number) return null;
  const fields: Record<string, FieldProblem> = {};
  if (!kind) fields.idDocumentKind = { code: 'required', message: 'Choose the kind of ID.' };
  if (!number) fields.idDocumentNumber = { code: 'required', message: 'Type the number of the ID.' };
  else if (normaliseIdNumber(number).length < MIN_ID_NUMBER_LENGTH)
    fields.idDocumentNumber = {
      code: 'invalid_format',
      message: `An ID number has at least ${MIN_ID_NUMBER_LENGTH} letters or digits.`,
    };
  if (Object.keys(fields).length > 0 || !kind || !number)
    throw new ApiError('invalid_input', 'The ID document is not complete.', fields);
  return { kind, number };
}
