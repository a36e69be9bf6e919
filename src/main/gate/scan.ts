// The gate's decision on one scan, and its record. Everything here is synchronous and runs in one
// IMMEDIATE transaction (the gate.scan call's write), so two scans of the same pass can never both pass
// anti-passback; the relay pulse (asynchronous) comes after the commit, in the handler.
import { newId } from '../../shared/ids';
import type { Db } from '../../db/open';
import { hostsRepo } from '../../db/repos/directory';
import { passesRepo, type PassRow } from '../../db/repos/passes';
import { visitsRepo, type VisitRow } from '../../db/repos/visits';
import { zonesRepo } from '../../db/repos/sites';
import type { GateConfig, GateRefusalReason, GateVerdict } from '../../shared/api/gate';
import type { PassRefusal } from '../../shared/api/passes';
import { canMoveVisit, type GateDirection } from '../../shared/domain';
import type { CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { checkPass } from '../passes/service';
import type { DecodedPass } from '../passes/token';
import { screenPerson } from '../screening/service';
import type { ScreeningResult } from '../screening/watchlist';
import { openAutomatic } from '../incidents/timeline';
import { movePass } from '../passes/lifecycle';
import { siteSettings } from '../core/site';
import { advanceVisit } from '../visits/status';
import { withinCapacity } from '../visits/arrival';
import { unmetRules } from '../visits/desk-arrival';
import { gateEventsRepo, type GateEventRow } from '../../db/repos/gate';

/** The verdict before the relay has been asked. */
export type Decision = Omit<GateVerdict, 'relay' | 'relayError'>;

/**
 * Refusals that do not keep anyone in: a pass that is used up, out of time or for another zone still lets
 * its holder leave. Forged, foreign and revoked passes are refused at the exit too (a guard can override).
 */
const EXIT_ALLOWS = new Set<PassRefusal>(['used', 'expired', 'not_yet_valid', 'wrong_zone']);

export function zoneOf(db: Db, zoneId: string | null): GateVerdict['zone'] {
  if (!zoneId) return null;
  return zonesRepo.get(db, zoneId) ?? null;
}

interface Holder {
  visit?: VisitRow;
  visitor?: { name: string; company: string | null; photoPath: string | null };
}

function holderOf(db: Db, visitId: string | null | undefined): Holder {
  const visit = visitId ? visitsRepo.get(db, visitId) : undefined;
  if (!visit) return {};
  const row = visitsRepo.visitor(db, visit.visitorId);
  if (!row) return { visit };
  const { name, company, photoPath } = row;
  return { visit, visitor: { name, company, photoPath } };
}

/** What the screen shows about the person and the pass. */
function describe(
  db: Db,
  holder: Holder,
  pass: { decoded?: DecodedPass; row?: PassRow },
): Pick<Decision, 'visitor' | 'host' | 'pass' | 'visitId'> {
  const { visit, visitor } = holder;
  const host = visit?.hostId ? hostsRepo.get(db, visit.hostId) : undefined;
  const { decoded, row } = pass;
  const id = decoded?.passId ?? row?.id;
  return {
    visitor: visitor
      ? { name: visitor.name, company: visitor.company, hasPhoto: Boolean(visitor.photoPath) }
      : null,
    host: host ? { name: host.name, department: host.department } : null,
    pass: id
      ? {
          id,
          kind: decoded?.kind ?? row!.kind,
          status: row ? (passesRepo.get(db, row.id)?.status ?? row.status) : null,
          validUntil: decoded?.validUntil.toISOString() ?? row!.validUntil,
          multiEntry: decoded?.multiEntry ?? row!.multiEntry,
        }
      : null,
    visitId: visit?.id ?? row?.visitId ?? null,
  };
}

function watchlistView(result: ScreeningResult): NonNullable<Decision['watchlist']> {
  return {
    verdict: result.verdict,
    matches: result.matches.map((m) => ({
      entryId: m.entryId,
      // The watchlist entry's name (or the alias that matched), as security wrote it.
      name:
        m.evidence.flatMap((e) => (e.field === 'name' || e.field === 'alias' ? [e.value] : []))[0] ?? null,
      level: m.level,
      reason: m.reason,
      score: m.score,
    })),
  };
}

/**
 * Refusals security should look into, each opened as an incident: a forged or foreign pass, a revoked one,
 * a badge passed back to someone outside, a deny match; the same refusal again within 15 minutes joins
 * the open incident. Ordinary ones (out of time, used up, wrong zone) are only recorded.
 */
const INCIDENT_REASONS = new Set<GateRefusalReason>([
  'bad_signature',
  'unknown_key',
  'retired_key',
  'wrong_site',
  'beyond_signer',
  'revoked',
  'anti_passback',
  'watchlist_deny',
]);

/** Opens the incident for a gate decision security should review (synced like every incident). */
function openGateIncident(
  ctx: CallContext,
  kind: 'scan_refused' | 'watchlist_hit' | 'override',
  decision: Pick<Decision, 'visitId' | 'visitor' | 'reason' | 'direction'>,
  details: Record<string, unknown>,
  note: string | null = null,
): void {
  const what = {
    scan_refused: 'Refused at the gate',
    watchlist_hit: 'Watchlist alert at the gate',
    override: 'Gate override',
  }[kind];
  const reason = decision.reason ? ` (${decision.reason})` : '';
  openAutomatic(ctx, {
    kind,
    title: `${what}${reason}${decision.visitor ? `: ${decision.visitor.name}` : ''}`,
    visitId: decision.visitId,
    note,
    details: { ...details, direction: decision.direction, stationId: ctx.station.stationId },
    // Refusals repeat (a forged badge tried again and again); overrides and watchlist hits never coalesce.
    coalesce: kind === 'scan_refused',
  });
}

/** Why an invite pass may not check its visitor in here, or null when it may. */
function inviteRefusal(
  ctx: CallContext,
  siteId: string,
  visit: VisitRow | undefined,
): GateRefusalReason | null {
  if (!siteSettings(ctx.station.db, siteId).gateChecksInInvites) return 'check_in_first';
  // A visit this station has not synced cannot be checked in here; the desk or kiosk can.
  if (!visit) return 'check_in_first';
  if (visit.status === 'checked_in') return null;
  if (!canMoveVisit(visit.status, 'checked_in')) return 'visit_not_on_site';
  // A visit held for the desk's decision (site full, watchlist) goes to the desk, even an approved one.
  if (visit.hold) return 'check_in_first';
  // The arrival pipeline's rules (visits/arrival.ts): a visit whose type still needs documents signed, an
  // ID checked, a photo or the host's approval goes to the kiosk or the desk, which ask for them; so
  // does one the site has no room for (the desk decides over capacity).
  if (unmetRules(ctx, visit).length > 0) return 'check_in_first';
  if (!withinCapacity(ctx, siteId)) return 'check_in_first';
  return null;
}

interface RecordInput {
  direction: GateDirection;
  granted: boolean;
  reason: string;
  passId: string | null;
  visitId: string | null;
  overrideBy: string | null;
}

/** Writes the gate event, its outbox op (gate events sync) and returns its row. */
function recordGateEvent(ctx: CallContext, siteId: string, input: RecordInput): GateEventRow {
  const row: GateEventRow = {
    id: newId(),
    siteId,
    stationId: ctx.station.stationId,
    occurredAt: ctx.nowIso,
    ...input,
  };
  gateEventsRepo.insert(ctx.station.db, row);
  recordChange(ctx, 'gate.event', row.id, row);
  return row;
}

function announce(ctx: CallContext, decision: Decision): void {
  ctx.emit('gate.decision', {
    eventId: decision.eventId,
    granted: decision.granted,
    reason: decision.reason,
    direction: decision.direction,
    override: decision.override,
    visitorName: decision.visitor?.name ?? null,
  });
  if (decision.watchlist?.verdict === 'alert' && decision.visitId && decision.visitor) {
    // Security hears it through the server's channels too (a deny is heard from its refused gate event).
    recordChange(ctx, 'alert.watchlist', newId(), {
      visitId: decision.visitId,
      name: decision.visitor.name,
      level: 'alert',
      source: 'gate',
    });
    ctx.emit('security.alert', {
      kind: 'watchlist',
      level: 'alert',
      visitId: decision.visitId,
      visitorName: decision.visitor.name,
      incidentId: null,
      stationId: ctx.station.stationId,
      matches: decision.watchlist.matches.map((m) => ({
        entryId: m.entryId,
        name: m.name ?? '',
        score: m.score,
      })),
    });
  }
}

/** Decides on a scanned text at this gate and records the decision (details for the call's audit entry). Call in the write. */
export function decideScan(
  ctx: CallContext,
  siteId: string,
  config: GateConfig,
  text: string,
  direction: GateDirection,
): Decision {
  const { db } = ctx.station;
  const entry = direction === 'entry';
  const checked = checkPass(db, text, { siteId, zoneId: entry ? config.zoneId : null, now: ctx.now });
  let reason: GateRefusalReason | null =
    checked.ok || (!entry && EXIT_ALLOWS.has(checked.reason)) ? null : checked.reason;
  // Claims are trusted only once the signature is verified (checked.pass is present only then).
  const decoded = checked.pass;
  const row = decoded ? checked.row : undefined;
  const holder = holderOf(db, row?.visitId);
  let exitWithoutEntry = false;
  let checkedIn = false;
  let watchlist: Decision['watchlist'] = null;

  if (!reason && decoded) {
    const last = gateEventsRepo.lastGranted(db, decoded.passId);
    if (entry) {
      // The gate's own record counts even before the pass's "used" status has synced here.
      if (!decoded.multiEntry && gateEventsRepo.hasEntered(db, decoded.passId)) reason = 'used';
      else if (last?.direction === 'entry') reason = 'anti_passback';
    } else if (last?.direction !== 'entry') {
      exitWithoutEntry = true;
    }
  }
  if (!reason && decoded && entry) {
    if (decoded.kind === 'invite') reason = inviteRefusal(ctx, siteId, holder.visit);
    else if (holder.visit && holder.visit.status !== 'checked_in') reason = 'visit_not_on_site';
  }
  // A deny outranks "check in first": security hears of it at the gate, not only later at the desk.
  if ((!reason || reason === 'check_in_first') && entry && holder.visitor) {
    const result = screenPerson(db, siteId, { name: holder.visitor.name }, ctx.now);
    watchlist = watchlistView(result);
    if (result.verdict === 'deny') reason = 'watchlist_deny';
  }

  const granted = reason === null;
  const event = recordGateEvent(ctx, siteId, {
    direction,
    granted,
    reason: reason ?? (exitWithoutEntry ? 'exit_without_entry' : 'ok'),
    passId: decoded?.passId ?? null,
    visitId: row?.visitId ?? null,
    overrideBy: null,
  });
  if (
    granted &&
    entry &&
    decoded?.kind === 'invite' &&
    holder.visit &&
    holder.visit.status !== 'checked_in'
  ) {
    // Checks the invite's visit in, as the desk would (forward only, recorded for sync).
    advanceVisit(ctx, holder.visit, 'checked_in', { checkedInAt: ctx.nowIso });
    checkedIn = true;
  }
  if (row && granted && entry && !row.multiEntry) movePass(ctx, row, 'used');
  // A pass found out of time is marked expired, so the desk sees it too (forward only; revoked stays).
  if (row && checked.ok === false && checked.reason === 'expired') movePass(ctx, row, 'expired');

  const decision: Decision = {
    eventId: event.id,
    granted,
    reason,
    override: false,
    direction,
    at: ctx.nowIso,
    zone: zoneOf(db, config.zoneId),
    ...describe(db, holder, { ...(decoded ? { decoded } : {}), ...(row ? { row } : {}) }),
    checkedIn,
    exitWithoutEntry,
    watchlist,
  };
  if (reason && INCIDENT_REASONS.has(reason)) {
    openGateIncident(ctx, 'scan_refused', decision, { eventId: event.id });
  } else if (watchlist?.verdict === 'alert') {
    openGateIncident(ctx, 'watchlist_hit', decision, { eventId: event.id });
  }
  Object.assign(ctx.auditDetails, {
    eventId: event.id,
    granted,
    reason,
    direction,
    passId: decision.pass?.id ?? null,
    visitId: decision.visitId,
    checkedIn,
    exitWithoutEntry,
    watchlist: watchlist?.verdict ?? null,
  });
  announce(ctx, decision);
  return decision;
}

/** Records a guard's override of a refused gate event (details for the call's audit entry). Call in the write. */
export function recordOverride(
  ctx: CallContext,
  config: GateConfig,
  refused: GateEventRow,
  guardId: string,
  note: string,
): Decision {
  const { db } = ctx.station;
  const row = refused.passId ? passesRepo.get(db, refused.passId) : undefined;
  const holder = holderOf(db, refused.visitId);
  const event = recordGateEvent(ctx, refused.siteId, {
    direction: refused.direction,
    granted: true,
    reason: refused.reason,
    passId: refused.passId,
    visitId: refused.visitId,
    overrideBy: guardId,
  });
  if (row && refused.direction === 'entry' && !row.multiEntry) movePass(ctx, row, 'used');
  const decision: Decision = {
    eventId: event.id,
    granted: true,
    reason: refused.reason as GateRefusalReason,
    override: true,
    direction: refused.direction,
    at: ctx.nowIso,
    zone: zoneOf(db, config.zoneId),
    ...describe(db, holder, row ? { row } : {}),
    checkedIn: false,
    exitWithoutEntry: false,
    watchlist: null,
  };
  openGateIncident(
    ctx,
    'override',
    decision,
    { eventId: event.id, refusedEventId: refused.id, guardId },
    note,
  );
  Object.assign(ctx.auditDetails, {
    eventId: event.id,
    refusedEventId: refused.id,
    refusedReason: refused.reason,
    reason: note,
    passId: refused.passId,
    visitId: refused.visitId,
  });
  announce(ctx, decision);
  return decision;
}
