// The lobby kiosk's handlers (src/shared/api/kiosk.ts). A visitor at a kiosk is anonymous: every answer
// here is shaped so it tells them only about themselves. The arrival itself (rules, files, screening,
// approval, pass, badge, host notification) is in src/main/kiosk/arrival.ts.
import { DateTime } from 'luxon';
import { newId } from '../../shared/ids';
import { hostsRepo, visitorTypesRepo, type VisitorTypeRow } from '../../db/repos/directory';
import { passesRepo } from '../../db/repos/passes';
import type { SiteRow } from '../../db/repos/sites';
import { visitsRepo, type VisitRow } from '../../db/repos/visits';
import type { KioskAnswer, KioskOutcome } from '../../shared/api/kiosk';
import { ApiError } from '../../shared/errors';
import { foldForSearch, localName } from '../../shared/text';
import { defineHandlers, type CallContext } from '../core/context';
import { arrive, checkInNow, currentDocuments, documentView, signedBefore, withinCapacity } from './arrival';
import { notifyHost } from '../visits/arrival';
import { VisitFiles } from './files';
import { searchHosts } from './host-search';
import { firstNameAndInitial, firstNameOf, maskContact } from './privacy';
import { recordChange } from '../core/outbox';
import { movePass } from '../passes/lifecycle';
import { checkPass } from '../passes/service';
import { createVisit, requireHost, requireVisitorType } from '../visits/register';
import { advanceVisit } from '../visits/status';
import { requireSite, siteSettings } from '../core/site';
import { requireWaitToken, waitTokenFor } from './wait-token';
import { scannedText } from './scans';

/** Runs an arrival, removing the files it wrote if anything after them fails (the transaction rolls back). */
const NO_EMAIL = 'This station has no sync server, so it cannot send e-mail.';

/**
 * When a pass e-mail asked for now would leave: the sync server sends it, so a station without one never
 * could (undefined); an enrolled one sends it now if the server answered at the last sync, else once back.
 */
function passEmailDelivery(sync: CallContext['station']['sync']): 'now' | 'when_online' | undefined {
  if (!sync.enrolled()) return undefined;
  return sync.status().online ? 'now' : 'when_online';
}

function withFiles(
  ctx: CallContext,
  visitId: string,
  run: (files: VisitFiles) => KioskOutcome,
): KioskOutcome {
  const files = VisitFiles.of(ctx.station, visitId);
  try {
    return run(files);
  } catch (error) {
    files.discard();
    throw error;
  }
}

/** A check-in's outcome as this kiosk screen is told it: a waiting visit with its wait token. */
function answer(ctx: CallContext, outcome: KioskOutcome): KioskAnswer {
  return outcome.outcome === 'waiting_for_approval'
    ? { ...outcome, waitToken: waitTokenFor(ctx.station, outcome.visitId) }
    : outcome;
}

/**
 * A type a delivery can use: it asks nothing of the person — no photo, ID document, approval or document to
 * sign. Its questions (a carrier) are not asked in the two taps; the walk-in check-in still asks them.
 */
function isDeliveryType(ctx: CallContext, type: VisitorTypeRow): boolean {
  return (
    type.photo === 'none' &&
    !type.requiresId &&
    !type.requiresApproval &&
    currentDocuments(ctx.station.db, type.id).length === 0
  );
}

type InviteState = 'valid' | 'not_found' | 'not_yet_valid' | 'expired' | 'used';

/**
 * The visit an invite text names: a scanned invite pass (GH1:…) or a short code typed or scanned (also
 * inside a link, …?code=AB12CD), and whether it may be used now.
 */
function resolveInvite(
  ctx: CallContext,
  site: SiteRow,
  text: string,
): { state: InviteState; visit?: VisitRow } {
  const { db } = ctx.station;
  const trimmed = scannedText(ctx.station, text).trim();
  let visit: VisitRow | undefined;
  let window: { from: Date; until: Date } | undefined;
  if (/^GH\d+:/.test(trimmed)) {
    const checked = checkPass(db, trimmed, { siteId: site.id, zoneId: null, now: ctx.now });
    // Only a pass whose signature checked out names a visit (checked.pass is absent otherwise).
    if (checked.row?.kind === 'invite' && 'pass' in checked && checked.pass) {
      visit = visitsRepo.get(db, checked.row.visitId);
      window = { from: new Date(checked.row.validFrom), until: new Date(checked.row.validUntil) };
    }
  } else {
    const code = (/[?&]code=([A-Za-z0-9-]+)/.exec(trimmed)?.[1] ?? trimmed)
      .replace(/[\s-]/g, '')
      .toUpperCase();
    visit = visitsRepo.byInviteCode(db, site.id, code);
  }
  if (!visit || visit.siteId !== site.id) return { state: 'not_found' };
  if (visit.status === 'checked_in' || visit.status === 'checked_out') return { state: 'used', visit };
  // A held visit waits for the desk's decision: its invite cannot be used again until then.
  if (!['expected', 'approved'].includes(visit.status) || visit.hold) return { state: 'expired', visit };
  if (!window) {
    const day = DateTime.fromISO(visit.expectedAt ?? visit.createdAt)
      .setZone(site.timezone)
      .startOf('day');
    window = { from: day.toJSDate(), until: day.plus({ days: 1 }).toJSDate() };
  }
  if (ctx.now < window.from) return { state: 'not_yet_valid', visit };
  if (ctx.now >= window.until) return { state: 'expired', visit };
  return { state: 'valid', visit };
}

function approvalState(ctx: CallContext, site: SiteRow, visit: VisitRow) {
  const timeout = siteSettings(ctx.station.db, site.id).approvalTimeoutSeconds;
  const waited = (ctx.now.getTime() - new Date(visit.updatedAt).getTime()) / 1000;
  const secondsLeft = Math.max(0, Math.ceil(timeout - waited));
  // A held visit (the site filled up, a watchlist match) waits for the desk, even an approved one.
  if (visit.hold) return { state: 'see_reception' as const, secondsLeft: 0 };
  if (visit.status === 'approved') return { state: 'approved' as const, secondsLeft };
  if (visit.status === 'pending_approval' && secondsLeft > 0)
    return { state: 'waiting' as const, secondsLeft };
  // Timed out (the desk still sees it pending), denied or anything else: reception takes over.
  return { state: 'see_reception' as const, secondsLeft: 0 };
}

function siteVisit(ctx: CallContext, site: SiteRow, visitId: string): VisitRow {
  const visit = visitsRepo.get(ctx.station.db, visitId);
  if (!visit || visit.siteId !== site.id) throw new ApiError('not_found', 'That visit does not exist.');
  return visit;
}

/** Whether an e-mail (any case) or a phone number (compared by its digits) is this visitor's. */
function hasContact(visitor: { email: string | null; phone: string | null }, contact: string): boolean {
  const digits = (s: string | null) => (s ?? '').replace(/\D/g, '');
  return contact.includes('@')
    ? visitor.email !== null && visitor.email === contact.trim().toLowerCase()
    : digits(contact).length >= 6 && digits(visitor.phone) === digits(contact);
}

/**
 * The visit on site of the one visitor with exactly this full name (but for accents and case) and this
 * e-mail or phone (a phone compared by its digits) — what a visitor without their badge proves at
 * check-out. A name alone finds nobody: it would let anyone check out everyone.
 */
function onSiteByNameAndContact(ctx: CallContext, site: SiteRow, name: string, contact: string) {
  const { db } = ctx.station;
  const folded = foldForSearch(name);
  for (const row of visitsRepo.onSiteByName(db, site.id, folded.split(' '), 50)) {
    if (foldForSearch(row.name) !== folded) continue;
    const visit = visitsRepo.get(db, row.visitId)!;
    const visitor = visitsRepo.visitor(db, visit.visitorId)!;
    if (hasContact(visitor, contact)) return { visit, visitor };
  }
  return undefined;
}

export const kioskHandlers = defineHandlers({
  'kiosk.documents': (input, ctx) => {
    const site = requireSite(ctx);
    const type = requireVisitorType(ctx, site, input.visitorTypeId);
    return {
      documents: currentDocuments(ctx.station.db, type.id).map((d) => documentView(d, input.language)),
    };
  },

  'kiosk.findHosts': (input, ctx) => {
    const site = requireSite(ctx);
    const fullNameRequired = siteSettings(ctx.station.db, site.id).hideHostDirectory;
    return { hosts: searchHosts(ctx.station.db, site.id, input.query, fullNameRequired), fullNameRequired };
  },

  'kiosk.recognise': (input, ctx) => {
    requireSite(ctx);
    const rows = visitsRepo.recognise(
      ctx.station.db,
      { email: input.email?.toLowerCase(), phone: input.phone },
      3,
    );
    return {
      candidates: rows.map((r) => ({ visitorId: r.id, maskedContact: maskContact(r.email, r.phone) })),
    };
  },

  'kiosk.recall': (input, ctx) => {
    requireSite(ctx);
    const visitor = visitsRepo.visitor(ctx.station.db, input.visitorId);
    if (!visitor) throw new ApiError('not_found', 'We could not find that visitor.');
    return { visitorId: visitor.id, maskedContact: maskContact(visitor.email, visitor.phone) };
  },

  'kiosk.checkIn': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const type = requireVisitorType(ctx, site, input.visitorTypeId);
    const host = requireHost(ctx, site, input.hostId);
    const claimed = input.returningVisitorId ? visitsRepo.visitor(db, input.returningVisitorId) : undefined;
    if (input.returningVisitorId && !claimed) {
      throw new ApiError('invalid_input', 'That returning visitor does not exist.', {
        returningVisitorId: { code: 'invalid_value', message: 'Unknown visitor.' },
      });
    }
    // The same person only with the same full name and one of the same contacts: anyone else who names a
    // visitor id is a new visitor, and the stored record is left as it is.
    const { email, phone } = input.visitor;
    const returning =
      claimed &&
      foldForSearch(claimed.name) === foldForSearch(input.visitor.name) &&
      [email, phone].some((c) => c && hasContact(claimed, c))
        ? claimed
        : undefined;
    const { visit, visitor } = createVisit(ctx, site, {
      visitor: input.visitor,
      returning,
      hostId: host.id,
      visitorTypeId: type.id,
      expectedAt: ctx.nowIso,
      invite: false,
    });
    const outcome = withFiles(ctx, visit.id, (files) =>
      arrive(
        ctx,
        {
          site,
          visit,
          visitor,
          type,
          host,
          language: input.language,
          customFields: input.customFields,
          signatures: input.signatures,
          photo: input.photo,
          idDocument: input,
          needsApproval: type.requiresApproval,
        },
        files,
      ),
    );
    return answer(ctx, outcome);
  },

  'kiosk.delivery': (input, ctx) => {
    const site = requireSite(ctx);
    const type = requireVisitorType(ctx, site, input.visitorTypeId);
    if (!isDeliveryType(ctx, type)) {
      throw new ApiError(
        'invalid_input',
        'This visitor type asks more of the visitor than a delivery: please check in.',
        { visitorTypeId: { code: 'invalid_value', message: 'Not a delivery type.' } },
      );
    }
    const host = input.hostId ? requireHost(ctx, site, input.hostId) : null;
    // Nobody is named: the delivery is the type's name ("Delivery"), so screening has no person to check.
    const { visit, visitor } = createVisit(ctx, site, {
      visitor: { name: localName(type.names, site.defaultLanguage) },
      hostId: host?.id ?? null,
      visitorTypeId: type.id,
      expectedAt: ctx.nowIso,
      invite: false,
    });
    notifyHost(ctx, site, visit, visitor, host, false);
    checkInNow(ctx, {
      site,
      visit,
      visitor,
      type,
      host,
      language: input.language,
      hostNotified: host !== null,
    });
    ctx.auditDetails.visitId = visit.id;
    ctx.auditDetails.delivery = { forReception: host === null };
    return { hostName: host?.name ?? null, hostNotified: host !== null };
  },

  'kiosk.findInvite': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const { state, visit } = resolveInvite(ctx, site, input.invite);
    if (state !== 'valid' || !visit) return { status: state === 'valid' ? 'not_found' : state };
    const visitor = visitsRepo.visitor(db, visit.visitorId)!;
    const type = visit.visitorTypeId ? visitorTypesRepo.get(db, visit.visitorTypeId) : undefined;
    if (!type) return { status: 'not_found' };
    const host = visit.hostId ? hostsRepo.get(db, visit.hostId) : undefined;
    const signed = signedBefore(db, visitor.id);
    const missingFields = type.customFields.filter((f) => !visit.customFields[f.key]);
    return {
      status: 'valid',
      firstName: firstNameOf(visitor.name),
      hostName: host?.name ?? null,
      visitorTypeId: type.id,
      documents: currentDocuments(db, type.id)
        .filter((d) => !signed.has(d.id))
        .map((d) => documentView(d, input.language)),
      photo: visitor.photoPath && type.photo === 'required' ? 'optional' : type.photo,
      customFields: missingFields,
      idRequired: type.requiresId,
    };
  },

  'kiosk.checkInInvite': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const { state, visit } = resolveInvite(ctx, site, input.invite);
    if (state !== 'valid' || !visit) {
      throw new ApiError('conflict', `This invite cannot be used now (${state.replace(/_/g, ' ')}).`);
    }
    const visitor = visitsRepo.visitor(db, visit.visitorId)!;
    const type = visit.visitorTypeId ? visitorTypesRepo.get(db, visit.visitorTypeId) : undefined;
    if (!type) throw new ApiError('conflict', 'This invite has no visitor type; reception can help.');
    const host = visit.hostId ? (hostsRepo.get(db, visit.hostId) ?? null) : null;
    const outcome = withFiles(ctx, visit.id, (files) =>
      arrive(
        ctx,
        {
          site,
          visit,
          visitor,
          type,
          host,
          language: input.language,
          customFields: { ...visit.customFields, ...input.customFields },
          signatures: input.signatures,
          photo: input.photo,
          idDocument: input,
          // The invite was made by (or for) the host: that is their approval.
          needsApproval: false,
        },
        files,
      ),
    );
    return answer(ctx, outcome);
  },

  'kiosk.visitStatus': (input, ctx) => {
    const site = requireSite(ctx);
    requireWaitToken(ctx.station, input.visitId, input.waitToken);
    const visit = siteVisit(ctx, site, input.visitId);
    const host = visit.hostId ? hostsRepo.get(ctx.station.db, visit.hostId) : undefined;
    return { ...approvalState(ctx, site, visit), hostName: host?.name ?? null };
  },

  'kiosk.finishApproved': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    requireWaitToken(ctx.station, input.visitId, input.waitToken);
    const visit = siteVisit(ctx, site, input.visitId);
    if (approvalState(ctx, site, visit).state !== 'approved') {
      throw new ApiError('conflict', 'This visit has not been approved.');
    }
    const visitor = visitsRepo.visitor(db, visit.visitorId)!;
    const type = visit.visitorTypeId ? (visitorTypesRepo.get(db, visit.visitorTypeId) ?? null) : null;
    const host = visit.hostId ? (hostsRepo.get(db, visit.hostId) ?? null) : null;
    ctx.auditDetails.visitId = visit.id;
    // Approved, but the site filled up meanwhile: reception admits the visit over capacity, or not.
    if (!withinCapacity(ctx, site.id)) return { outcome: 'see_reception' };
    // The host was told when the visitor arrived and asked for approval.
    return answer(
      ctx,
      checkInNow(ctx, {
        site,
        visit,
        visitor,
        type,
        host,
        language: input.language,
        hostNotified: true,
      }),
    );
  },

  'kiosk.findForCheckOut': (input, ctx) => {
    const site = requireSite(ctx);
    const found = onSiteByNameAndContact(ctx, site, input.name, input.contact);
    return {
      people: found
        ? [{ displayName: firstNameAndInitial(found.visitor.name), since: found.visit.checkedInAt }]
        : [],
    };
  },

  'kiosk.emailPassDelivery': (_input, ctx) => ({
    delivery: passEmailDelivery(ctx.station.sync) ?? 'unavailable',
  }),

  'kiosk.emailPass': (input, ctx) => {
    const site = requireSite(ctx);
    const delivery = passEmailDelivery(ctx.station.sync);
    if (!delivery) throw new ApiError('not_configured', NO_EMAIL);
    const checked = checkPass(ctx.station.db, input.passToken, {
      siteId: site.id,
      zoneId: null,
      now: ctx.now,
    });
    if (!checked.ok || checked.row?.kind !== 'visit')
      throw new ApiError('not_found', 'That is not a valid pass for this site.');
    // An outbox op, so the request survives being offline and a restart; the sync server's notification
    // service sends the e-mail when the op arrives. It carries the token: the QR code is the token.
    recordChange(ctx, 'pass.email', newId(), {
      visitId: checked.row.visitId,
      passId: checked.row.id,
      email: input.email.toLowerCase(),
      language: input.language,
      validUntil: checked.row.validUntil,
      passToken: input.passToken,
    });
    ctx.auditDetails.visitId = checked.row.visitId;
    ctx.auditDetails.passId = checked.row.id;
    return { queued: true as const, delivery };
  },

  'kiosk.checkOut': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    let visit: VisitRow;
    if ('passToken' in input) {
      const token = scannedText(ctx.station, input.passToken);
      const checked = checkPass(db, token, { siteId: site.id, zoneId: null, now: ctx.now });
      if (!checked.ok || !checked.row)
        throw new ApiError('not_found', 'That is not a valid pass for this site.');
      visit = siteVisit(ctx, site, checked.row.visitId);
    } else {
      const found = onSiteByNameAndContact(ctx, site, input.name, input.contact);
      if (!found) throw new ApiError('not_found', 'We could not find you. Reception will check you out.');
      visit = found.visit;
    }
    if (visit.status !== 'checked_in') throw new ApiError('conflict', 'This visitor is not checked in.');
    advanceVisit(ctx, visit, 'checked_out', { checkedOutAt: ctx.nowIso, checkOutMethod: 'kiosk' });
    // The visit's passes stop opening gates when the visitor has left.
    for (const pass of passesRepo.forVisit(db, visit.id))
      if (pass.status === 'active') movePass(ctx, pass, 'expired');
    ctx.auditDetails.visitId = visit.id;
    const visitor = visitsRepo.visitor(db, visit.visitorId)!;
    return { firstName: firstNameOf(visitor.name) };
  },
});
