// The reception desk and the security search: find visits, decide on a host's behalf, walk-ins and
// pre-registration (single and CSV), capacity, and the desk's live lists.
import { DateTime } from 'luxon';
import Papa from 'papaparse';
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { deskRepo, type DeskVisitRow } from '../../db/repos/desk';
import { hostsRepo, visitorTypesRepo } from '../../db/repos/directory';
import type { SiteRow } from '../../db/repos/sites';
import { visitsRepo } from '../../db/repos/visits';
import { newId } from '../../db/ids';
import { inviteCodeFrom, visitorDetailsSchema } from '../../shared/api/desk';
import { canMoveVisit, type VisitStatus } from '../../shared/domain';
import { ApiError } from '../../shared/errors';
import { describeQueryProblem, parseVisitQuery, type VisitQuery } from '../../shared/query';
import { foldForSearch } from '../../shared/text';
import { defineHandlers, type CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { issueInvitePass } from '../passes/lifecycle';
import { assertCapacity, requireSite, siteSettings, siteToday } from '../core/site';

/** The UTC instant a local date of the site starts at. */
function startOfLocalDay(site: SiteRow, isoDate: string, plusDays = 0): string {
  return DateTime.fromISO(isoDate, { zone: site.timezone }).plus({ days: plusDays }).toUTC().toISO() ?? '';
}

/** Words of a value as FTS5 sees them: letters and digits only, so nothing typed can be FTS syntax. */
const ftsTokens = (value: string) => value.match(/[\p{L}\p{N}]+/gu) ?? [];

/** One FTS5 condition per value: the phrase, its last word a prefix ("ana ru" finds "Ana Ruiz"). */
export function ftsExpression(query: VisitQuery): string | null {
  const parts: string[] = [];
  const add = (column: string | null, values: string[]) => {
    for (const value of values) {
      const tokens = ftsTokens(value);
      if (tokens.length) parts.push(`${column ? `${column} : ` : ''}"${tokens.join(' ')}"*`);
    }
  };
  add(null, query.text);
  add('visitor', query.name);
  add('company', query.company);
  add('host', query.host);
  return parts.length ? parts.join(' AND ') : null;
}

const CURSOR = /^(.+)\|([0-9a-f-]{36})$/;

function readCursor(cursor: string | undefined) {
  if (!cursor) return null;
  const m = CURSOR.exec(cursor);
  if (!m) {
    throw new ApiError('invalid_input', 'That page of results is not valid; search again.', {
      cursor: { code: 'invalid_format', message: 'Not a cursor this station gave.' },
    });
  }
  return { expectedAt: m[1]!, id: m[2]! };
}

function findVisit(ctx: CallContext, visitId: string) {
  const site = requireSite(ctx);
  const visit = visitsRepo.get(ctx.station.db, visitId);
  if (!visit || visit.siteId !== site.id) throw new ApiError('not_found', 'That visit does not exist.');
  return { site, visit };
}

function summary(ctx: CallContext, visitId: string): DeskVisitRow {
  const row = deskRepo.get(ctx.station.db, visitId);
  if (!row) throw new ApiError('not_found', 'That visit does not exist.');
  return row;
}

const plainSummary = ({ inviteCode: _code, ...row }: DeskVisitRow) => row;
const words = (status: string) => status.replace('_', ' ');

/** Moves a visit forward, recording it for sync and telling every screen. */
export function moveVisitTo(
  ctx: CallContext,
  visitId: string,
  to: VisitStatus,
  extra: { checkedInAt?: string; checkedOutAt?: string; checkOutMethod?: string } = {},
): DeskVisitRow {
  const { visit } = findVisit(ctx, visitId);
  if (!canMoveVisit(visit.status, to)) {
    throw new ApiError('conflict', `This visit is ${words(visit.status)} and cannot become ${words(to)}.`);
  }
  visitsRepo.update(ctx.station.db, visitId, { status: to, ...extra, updatedAt: ctx.nowIso });
  recordChange(ctx, 'visit.status', visitId, { status: to, ...extra });
  ctx.emit('visit.changed', { visitId, status: to });
  ctx.auditDetails.visitId = visitId;
  return summary(ctx, visitId);
}

function requireHost(ctx: CallContext, site: SiteRow, hostId: string, field = 'hostId') {
  const host = hostsRepo.get(ctx.station.db, hostId);
  if (!host || host.siteId !== site.id || !host.active) {
    throw new ApiError('invalid_input', 'That host is not in this site’s directory.', {
      [field]: { code: 'invalid_value', message: 'Unknown host.' },
    });
  }
  return host;
}

function requireVisitorType(ctx: CallContext, site: SiteRow, visitorTypeId: string) {
  const type = visitorTypesRepo.get(ctx.station.db, visitorTypeId);
  if (!type || type.siteId !== site.id || !type.active) {
    throw new ApiError('invalid_input', 'That visitor type does not exist at this site.', {
      visitorTypeId: { code: 'invalid_value', message: 'Unknown visitor type.' },
    });
  }
  return type;
}

function newInviteCode(ctx: CallContext): string {
  for (;;) {
    const code = inviteCodeFrom((size) => randomInt(size));
    if (!deskRepo.inviteCodeTaken(ctx.station.db, code)) return code;
  }
}

type VisitorDetails = z.output<typeof visitorDetailsSchema>;

/** Creates a visitor and their expected visit (with an invite code when asked) in the caller's transaction. */
function createVisit(
  ctx: CallContext,
  site: SiteRow,
  input: {
    visitor: VisitorDetails;
    hostId: string;
    visitorTypeId: string;
    expectedAt: string;
    notes?: string | undefined;
    invite: boolean;
  },
): string {
  const { db } = ctx.station;
  const visitor = {
    id: newId(),
    name: input.visitor.name,
    searchName: foldForSearch(input.visitor.name),
    company: input.visitor.company || null,
    email: input.visitor.email?.toLowerCase() ?? null,
    phone: input.visitor.phone ?? null,
    createdAt: ctx.nowIso,
    updatedAt: ctx.nowIso,
  };
  visitsRepo.insertVisitor(db, visitor);
  const visit = {
    id: newId(),
    siteId: site.id,
    visitorId: visitor.id,
    hostId: input.hostId,
    visitorTypeId: input.visitorTypeId,
    status: 'expected' as const,
    expectedAt: new Date(input.expectedAt).toISOString(),
    inviteCode: input.invite ? newInviteCode(ctx) : null,
    notes: input.notes ?? null,
    timezone: site.timezone,
    createdByStationId: ctx.station.stationId,
    createdAt: ctx.nowIso,
    updatedAt: ctx.nowIso,
  };
  visitsRepo.insert(db, visit);
  recordChange(ctx, 'visitor.upsert', visitor.id, visitor);
  recordChange(ctx, 'visit.create', visit.id, visit);
  ctx.emit('visit.changed', { visitId: visit.id, status: visit.status });
  return visit.id;
}

/** The signed invite pass of a new visit, for the QR the kiosk scans; returned once (only its hash is kept). */
const invitePassOf = (ctx: CallContext, visitId: string) =>
  issueInvitePass(ctx, visitsRepo.get(ctx.station.db, visitId)!).token;

// CSV pre-registration --------------------------------------------------------------------------------

const MAX_CSV_ROWS = 2000;
const csvEmail = z.email();
const csvPhone = visitorDetailsSchema.shape.phone.unwrap();

interface CsvPlan {
  line: number;
  visitor: VisitorDetails;
  hostId: string | null;
  hostName: string | null;
  expectedAt: string | null;
  notes: string | undefined;
  problems: { field: string; code: string; message: string }[];
}

function planCsv(
  ctx: CallContext,
  site: SiteRow,
  csv: string,
  defaults: { hostId?: string | undefined; expectedAt?: string | undefined },
): CsvPlan[] {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const columns = parsed.meta.fields ?? [];
  if (!columns.includes('name')) {
    throw new ApiError('invalid_input', 'The CSV needs a header row with a "name" column.', {
      csv: { code: 'invalid_format', message: 'No "name" column in the header row.' },
    });
  }
  if (parsed.data.length > MAX_CSV_ROWS) {
    throw new ApiError('invalid_input', `A CSV may hold at most ${MAX_CSV_ROWS} visitors.`, {
      csv: { code: 'too_big', message: `At most ${MAX_CSV_ROWS} rows.`, params: { max: MAX_CSV_ROWS } },
    });
  }
  const defaultHost = defaults.hostId ? requireHost(ctx, site, defaults.hostId, 'defaultHostId') : null;

  return parsed.data.map((row, index) => {
    const problems: CsvPlan['problems'] = [];
    const problem = (field: string, code: string, message: string) => problems.push({ field, code, message });
    const cell = (key: string) => (row[key] ?? '').trim();

    const name = cell('name');
    if (!name) problem('name', 'required', 'The name is missing.');
    else if (name.length > 120) problem('name', 'too_long', 'The name is longer than 120 characters.');
    const email = cell('email');
    if (email && !csvEmail.safeParse(email).success)
      problem('email', 'invalid_format', 'Not an email address.');
    const phone = cell('phone');
    if (phone && !csvPhone.safeParse(phone).success)
      problem('phone', 'invalid_format', 'Not a phone number.');
    const company = cell('company');
    if (company.length > 120) problem('company', 'too_long', 'The company is longer than 120 characters.');

    let host: { id: string; name: string } | null = defaultHost;
    const hostText = cell('host');
    if (hostText) {
      const found = deskRepo.hostByNameOrEmail(ctx.station.db, site.id, foldForSearch(hostText));
      const byEmail = found.length ? found : deskRepo.hostByNameOrEmail(ctx.station.db, site.id, hostText);
      if (byEmail.length === 1) host = byEmail[0]!;
      else if (byEmail.length > 1)
        problem('host', 'ambiguous', `More than one host is called "${hostText}".`);
      else problem('host', 'not_found', `No host "${hostText}" in this site's directory.`);
    } else if (!host) problem('host', 'required', 'No host column and no default host.');

    let expectedAt = defaults.expectedAt ? new Date(defaults.expectedAt).toISOString() : null;
    const expectedText = cell('expected');
    if (expectedText) {
      const local = DateTime.fromISO(expectedText.replace(' ', 'T'), { zone: site.timezone });
      if (local.isValid) expectedAt = local.toUTC().toISO();
      else
        problem('expected', 'invalid_format', `"${expectedText}" is not a date and time (2026-11-24 09:30).`);
    } else if (!expectedAt) problem('expected', 'required', 'No expected column and no default time.');
    // The invite pass is valid for the expected day, so a day that is over cannot be invited to.
    if (expectedAt && expectedAt < startOfLocalDay(site, siteToday(site, ctx.now)))
      problem('expected', 'too_small', 'That day is over; invite the visitor for today or later.');

    const notes = cell('notes') || undefined;
    return {
      line: index + 2,
      visitor: {
        name,
        ...(company ? { company } : {}),
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
      },
      hostId: host?.id ?? null,
      hostName: host?.name ?? null,
      expectedAt,
      notes: notes && notes.slice(0, 2000),
      problems,
    };
  });
}

// Handlers ----------------------------------------------------------------------------------------------

export const deskHandlers = defineHandlers({
  'visits.search': (input, ctx) => {
    const site = requireSite(ctx);
    const parsed = parseVisitQuery(input.query, siteToday(site, ctx.now));
    if (!parsed.ok) {
      const message = describeQueryProblem(parsed.problem);
      throw new ApiError('invalid_input', message, { query: { code: 'invalid_value', message } });
    }
    const q = parsed.query;
    const zoneIds = q.zone.length ? deskRepo.zoneIdsByName(ctx.station.db, site.id, q.zone) : null;
    const rows = deskRepo.search(ctx.station.db, {
      siteId: site.id,
      match: ftsExpression(q),
      statuses: q.statuses,
      from: q.dateFrom ? startOfLocalDay(site, q.dateFrom) : null,
      to: q.dateTo ? startOfLocalDay(site, q.dateTo, 1) : null,
      zoneIds,
      after: readCursor(input.cursor),
      limit: input.limit + 1,
    });
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      visits: page.map(plainSummary),
      nextCursor: rows.length > input.limit && last?.expectedAt ? `${last.expectedAt}|${last.id}` : null,
    };
  },

  'visits.decide': (input, ctx) => {
    const { visit } = findVisit(ctx, input.visitId);
    if (ctx.caller.role === 'host') {
      const ownHostId = ctx.caller.userId && deskRepo.hostIdOfStaff(ctx.station.db, ctx.caller.userId);
      if (!ownHostId || visit.hostId !== ownHostId)
        throw new ApiError('forbidden', 'A host may decide only on their own visitors.');
    }
    if (visit.status !== 'pending_approval') {
      throw new ApiError('conflict', `This visit is ${words(visit.status)}, not awaiting approval.`);
    }
    // The reason stays in this call's audit entry (its input), which the activity list shows.
    ctx.auditDetails.decision = input.decision;
    return plainSummary(moveVisitTo(ctx, visit.id, input.decision === 'approve' ? 'approved' : 'denied'));
  },

  'visits.changeHost': (input, ctx) => {
    const { site, visit } = findVisit(ctx, input.visitId);
    if (['checked_out', 'cancelled', 'denied', 'no_show'].includes(visit.status)) {
      throw new ApiError('conflict', `This visit is ${words(visit.status)}; its host can no longer change.`);
    }
    const host = requireHost(ctx, site, input.hostId);
    visitsRepo.update(ctx.station.db, visit.id, { hostId: host.id, updatedAt: ctx.nowIso });
    recordChange(ctx, 'visit.update', visit.id, { hostId: host.id });
    ctx.emit('visit.changed', { visitId: visit.id, status: visit.status });
    ctx.auditDetails.visitId = visit.id;
    ctx.auditDetails.previousHostId = visit.hostId;
    return plainSummary(summary(ctx, visit.id));
  },

  'visits.cancel': (input, ctx) => {
    const { visit } = findVisit(ctx, input.visitId);
    if (!['expected', 'approved', 'pending_approval'].includes(visit.status)) {
      throw new ApiError('conflict', `This visit is ${words(visit.status)} and cannot be cancelled.`);
    }
    return plainSummary(moveVisitTo(ctx, visit.id, 'cancelled'));
  },

  'visits.preRegister': (input, ctx) => {
    const site = requireSite(ctx);
    const host = requireHost(ctx, site, input.hostId);
    if (ctx.caller.role === 'host') {
      const ownHostId = ctx.caller.userId && deskRepo.hostIdOfStaff(ctx.station.db, ctx.caller.userId);
      if (ownHostId !== host.id)
        throw new ApiError('forbidden', 'A host may invite only their own visitors.');
    }
    requireVisitorType(ctx, site, input.visitorTypeId);
    const visitId = createVisit(ctx, site, { ...input, invite: true });
    ctx.auditDetails.visitId = visitId;
    return { ...summary(ctx, visitId), invitePass: invitePassOf(ctx, visitId) };
  },

  'visits.importCsv': (input, ctx) => {
    const site = requireSite(ctx);
    requireVisitorType(ctx, site, input.visitorTypeId);
    const plan = planCsv(ctx, site, input.csv, {
      hostId: input.defaultHostId,
      expectedAt: input.defaultExpectedAt,
    });
    const bad = plan.filter((row) => row.problems.length);
    const rows = plan.map((row) => ({
      line: row.line,
      name: row.visitor.name,
      hostName: row.hostName,
      expectedAt: row.expectedAt,
      problems: row.problems,
      inviteCode: null as string | null,
      invitePass: null as string | null,
    }));
    ctx.auditDetails.rows = plan.length;
    if (input.dryRun) return { dryRun: true, rows, imported: 0 };
    if (bad.length) {
      throw new ApiError(
        'invalid_input',
        `${bad.length} of the ${plan.length} rows cannot be imported (first: line ${bad[0]!.line}); nothing was imported.`,
        { csv: { code: 'invalid_value', message: `Check line ${bad[0]!.line}.` } },
      );
    }
    const visitIds = plan.map((row, i) => {
      const visitId = createVisit(ctx, site, {
        visitor: row.visitor,
        hostId: row.hostId!,
        visitorTypeId: input.visitorTypeId,
        expectedAt: row.expectedAt!,
        notes: row.notes,
        invite: true,
      });
      rows[i]!.inviteCode = deskRepo.get(ctx.station.db, visitId)?.inviteCode ?? null;
      rows[i]!.invitePass = invitePassOf(ctx, visitId);
      return visitId;
    });
    ctx.auditDetails.visitIds = visitIds;
    return { dryRun: false, rows, imported: visitIds.length };
  },

  'visits.walkIn': (input, ctx) => {
    const site = requireSite(ctx);
    requireHost(ctx, site, input.hostId);
    requireVisitorType(ctx, site, input.visitorTypeId);
    assertCapacity(ctx, site.id, input.overCapacity);
    const visitId = createVisit(ctx, site, { ...input, expectedAt: ctx.nowIso, invite: false });
    ctx.auditDetails.walkIn = true;
    return plainSummary(moveVisitTo(ctx, visitId, 'checked_in', { checkedInAt: ctx.nowIso }));
  },

  'visits.admit': (input, ctx) => {
    const { site } = findVisit(ctx, input.visitId);
    assertCapacity(ctx, site.id, input.overCapacity);
    return plainSummary(moveVisitTo(ctx, input.visitId, 'checked_in', { checkedInAt: ctx.nowIso }));
  },

  'desk.onSite': (_input, ctx) => {
    const site = requireSite(ctx);
    const now = ctx.now.getTime();
    const people = deskRepo.onSite(ctx.station.db, site.id).map((row) => ({
      ...plainSummary(row),
      dwellMinutes: row.checkedInAt
        ? Math.max(0, Math.floor((now - Date.parse(row.checkedInAt)) / 60_000))
        : 0,
    }));
    return { people, capacity: siteSettings(ctx.station.db, site.id).capacity };
  },

  'desk.pending': (_input, ctx) => {
    const site = requireSite(ctx);
    let rows = deskRepo.pending(ctx.station.db, site.id);
    if (ctx.caller.role === 'host') {
      const ownHostId = ctx.caller.userId && deskRepo.hostIdOfStaff(ctx.station.db, ctx.caller.userId);
      rows = rows.filter((r) => ownHostId && r.host?.id === ownHostId);
    }
    return { visits: rows.map(plainSummary) };
  },

  'desk.activity': (input, ctx) => {
    requireSite(ctx);
    const rows = deskRepo.activity(ctx.station.db, input.limit).map((row) => {
      const details = JSON.parse(row.details) as {
        visitId?: string;
        input?: { visitId?: string; reason?: string };
      };
      return {
        row,
        visitId: details.visitId ?? details.input?.visitId ?? null,
        reason: details.input?.reason ?? null,
      };
    });
    const names = deskRepo.visitorNames(
      ctx.station.db,
      rows.flatMap((r) => (r.visitId ? [r.visitId] : [])),
    );
    return {
      entries: rows.map(({ row, visitId, reason }) => ({
        at: row.at,
        action: row.action,
        actorName: row.actor_name,
        role: row.role,
        visitId,
        visitorName: visitId ? (names.get(visitId) ?? null) : null,
        reason,
      })),
    };
  },
});
