// The arrival pipeline every station shares once a visit row exists: watchlist screening (deny holds the
// visit for the desk and opens an incident; alert warns security), capacity, then the check-in itself —
// status, a pass valid to the end of the site's day, the badge job and the host's notice. The kiosk
// (kiosk/arrival.ts, after the visitor's own documents, ID and photo) and the desk (desk-arrival.ts,
// after the receptionist confirms them) both end here, so no station checks anyone in past a rule
// another enforces. Runs inside the calling method's write transaction.
import { DateTime } from 'luxon';
import type { HostRow, VisitorTypeRow } from '../../db/repos/directory';
import type { SiteRow } from '../../db/repos/sites';
import type { VisitorRow, VisitRow } from '../../db/repos/visits';
import { notificationsRepo } from '../../db/repos/notifications';
import { watchlistRepo } from '../../db/repos/watchlist';
import type { KioskOutcome } from '../../shared/api/kiosk';
import type { Language } from '../../shared/domain';
import { newId } from '../../shared/ids';
import { MAX_NOTICE_PHOTO_CHARS } from '../../shared/sync';
import { ApiError } from '../../shared/errors';
import { renderBadgePdf, type BadgeContent } from '../badges/badge-pdf';
import type { CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { assertCapacity, siteDateContext } from '../core/site';
import { defaultPrinter, readDevicesConfig } from '../hardware/config';
import { enqueueBadge, UNASSIGNED_PRINTER } from '../hardware/print-queue';
import { openAutomatic } from '../incidents/timeline';
import { dateLine, hostLine } from '../kiosk/badge-text';
import { readVisitFileOrNull, VisitFiles } from '../kiosk/files';
import { firstNameOf } from '../kiosk/privacy';
import { afterCommitRender } from '../kiosk/renders';
import { issuePass } from '../passes/service';
import { screenPerson } from '../screening/service';
import { idNumberDigest } from '../screening/id-numbers';
import { advanceVisit, holdVisit } from './status';

/** Who arrives where, for whom, as what: what the check-in, its badge and its notice are made of. */
interface Arriving {
  site: SiteRow;
  visit: VisitRow;
  visitor: VisitorRow;
  type: VisitorTypeRow | null;
  host: HostRow | null;
  language: Language;
}

/** The station an arrival happens at, as named in incidents and the watchlist alert. */
export type ArrivalStation = 'kiosk' | 'desk' | 'gate';

/**
 * Screens the visitor against the site's watchlist. A match tells security (event, alert op); a deny
 * also opens an incident and holds the visit for the desk — then it returns true and the arrival stops.
 */
export function screenArrival(
  ctx: CallContext,
  a: { visit: VisitRow; visitor: VisitorRow; idNumber: string | null },
  source: ArrivalStation,
): boolean {
  const { db } = ctx.station;
  const { visit, visitor } = a;
  // The watchlist keeps ID numbers as keyed digests only: the number is screened by its digest.
  const idNumber = a.idNumber ? idNumberDigest(ctx.station.keys, a.idNumber) : null;
  const screening = screenPerson(db, visit.siteId, { name: visitor.name, idNumber }, ctx.now);
  ctx.auditDetails.screening = screening.verdict;
  if (screening.verdict !== 'clear') {
    const incidentId =
      screening.verdict === 'deny' ? openScreeningIncident(ctx, visit, visitor, source) : null;
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
      source,
    });
    if (screening.verdict === 'deny') {
      // Held for reception and security: the desk sees the visit awaiting it; the visitor sees only "reception".
      holdVisit(ctx, visit, 'watchlist');
      return true;
    }
  }
  return false;
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
export function checkInNow(ctx: CallContext, a: Arriving & { hostNotified: boolean }): KioskOutcome {
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

export function notifyHost(
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

/** The incident security works a deny match in (synced like every incident). */
function openScreeningIncident(
  ctx: CallContext,
  visit: VisitRow,
  visitor: VisitorRow,
  source: ArrivalStation,
): string {
  return openAutomatic(ctx, {
    kind: 'watchlist_hit',
    title: `Watchlist match at the ${source}: ${visitor.name}`,
    visitId: visit.id,
    visitorId: visitor.id,
    details: { source, stationId: ctx.station.stationId },
  });
}

/**
 * Queues the badge through the station's print queue (the job carries the content the print worker
 * renders); the PDF copy is rendered after commit into the visit's folder (document_path) for reprints
 * and the desk. Returns whether the badge can be expected from the printer now: not when no printer is
 * set up or the printer was last seen offline (one never tried yet may print). The job is queued either
 * way, so it prints when the printer is back or the desk sends it elsewhere.
 */
export function queueBadge(ctx: CallContext, a: Arriving, token: string): boolean {
  const files = VisitFiles.of(ctx.station, a.visit.id);
  const badge: BadgeContent = {
    name: a.visitor.name,
    company: a.visitor.company,
    hostLine: hostLine(a.host?.name ?? null, a.language),
    dateLine: dateLine(ctx.now, siteDateContext(ctx.station.db, a.site, a.language)),
    typeName: a.type ? (a.type.names[a.language] ?? a.type.names.en ?? '') : '',
    typeColor: a.type && /^#[0-9a-f]{6}$/i.test(a.type.color) ? a.type.color : '#64748b',
    siteName: a.site.name,
    photo: a.visitor.photoPath ? readVisitFileOrNull(ctx.station, a.visitor.photoPath) : null,
    qrText: token,
  };
  const documentPath = `${files.relativeDir}/badge.pdf`;
  const jobId = enqueueBadge(ctx, { visitId: a.visit.id, badge, documentPath, holdWithoutPrinter: true })!;
  ctx.auditDetails.printJobId = jobId;
  afterCommitRender(ctx, files, documentPath, () => renderBadgePdf(badge, 'cr80'));
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
  const bytes = readVisitFileOrNull(ctx.station, visitor.photoPath);
  if (!bytes) return;
  const type = visitor.photoPath.endsWith('.png') ? 'image/png' : 'image/jpeg';
  const dataUrl = `data:${type};base64,${bytes.toString('base64')}`;
  if (dataUrl.length > MAX_NOTICE_PHOTO_CHARS) return;
  recordChange(ctx, 'visit.photo', visit.id, { visitorId: visitor.id, dataUrl });
}
