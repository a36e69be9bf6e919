// Creating visits at the desk: a visitor and their expected visit (with an invite code and pass when
// asked), walk-ins, and the plan of a CSV pre-registration.
import { DateTime } from 'luxon';
import Papa from 'papaparse';
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { deskRepo } from '../../db/repos/desk';
import { hostsRepo, visitorTypesRepo } from '../../db/repos/directory';
import type { SiteRow } from '../../db/repos/sites';
import { visitsRepo, type VisitorRow, type VisitRow } from '../../db/repos/visits';
import { newId } from '../../shared/ids';
import { inviteCodeFrom, visitorDetailsSchema } from '../../shared/api/visits';
import { ApiError } from '../../shared/errors';
import { foldForSearch } from '../../shared/text';
import type { CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { issueInvitePass } from '../passes/lifecycle';
import { siteToday } from '../core/site';
import { startOfLocalDay } from './search';

export function requireHost(ctx: CallContext, site: SiteRow, hostId: string, field = 'hostId') {
  const host = hostsRepo.get(ctx.station.db, hostId);
  if (!host || host.siteId !== site.id || !host.active) {
    throw new ApiError('invalid_input', 'That host is not in this site’s directory.', {
      [field]: { code: 'invalid_value', message: 'Unknown host.' },
    });
  }
  return host;
}

/**
 * For a signed-in host, the host entry they are (hosts.staff_user_id), or null when none is linked: a
 * host sees and acts on their own visitors only. Undefined for every other role, which sees the site.
 */
export function callerHostId(ctx: CallContext): string | null | undefined {
  if (ctx.caller.role !== 'host') return undefined;
  return ctx.caller.userId ? deskRepo.hostIdOfStaff(ctx.station.db, ctx.caller.userId) : null;
}

/** Refuses a host acting for another host's visitor (`message` says what they tried). */
export function requireOwnHost(ctx: CallContext, hostId: string | null, message: string): void {
  const own = callerHostId(ctx);
  if (own !== undefined && (own === null || own !== hostId)) throw new ApiError('forbidden', message);
}

export function requireVisitorType(ctx: CallContext, site: SiteRow, visitorTypeId: string) {
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

/**
 * Creates a visitor (or updates a returning one with what they gave now) and their expected visit, with an
 * invite code when asked, in the caller's transaction. The one place a visit is made: the desk's
 * registration, pre-registration, CSV import and walk-ins, and the kiosk's walk-ins.
 */
export function createVisit(
  ctx: CallContext,
  site: SiteRow,
  input: {
    visitor: VisitorDetails;
    /** A returning visitor the kiosk recognised: their record is updated instead of a new one made. */
    returning?: VisitorRow | undefined;
    /** Null only for a delivery left for reception (kiosk.delivery). */
    hostId: string | null;
    visitorTypeId: string;
    expectedAt: string;
    notes?: string | undefined;
    invite: boolean;
  },
): { visit: VisitRow; visitor: VisitorRow } {
  const { db } = ctx.station;
  const given = input.visitor;
  const { returning } = input;
  const visitor: VisitorRow = returning
    ? {
        ...returning,
        name: given.name,
        searchName: foldForSearch(given.name),
        company: given.company ?? returning.company,
        email: given.email?.toLowerCase() ?? returning.email,
        phone: given.phone ?? returning.phone,
        updatedAt: ctx.nowIso,
      }
    : {
        id: newId(),
        name: given.name,
        searchName: foldForSearch(given.name),
        company: given.company || null,
        email: given.email?.toLowerCase() ?? null,
        phone: given.phone ?? null,
        photoPath: null,
        anonymisedAt: null,
        createdAt: ctx.nowIso,
        updatedAt: ctx.nowIso,
      };
  if (returning) visitsRepo.updateVisitor(db, visitor.id, visitor);
  else visitsRepo.insertVisitor(db, visitor);
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
  // Only the fields set now: a time sent as null would be kept by the merge as the first check-in time.
  recordChange(ctx, 'visit.create', visit.id, visit);
  ctx.emit('visit.changed', { visitId: visit.id, status: visit.status });
  return { visit: visitsRepo.get(db, visit.id)!, visitor };
}

/** The signed invite pass of a new visit, for the QR the kiosk scans; returned once (only its hash is kept). */
export const invitePassOf = (ctx: CallContext, visit: VisitRow) => issueInvitePass(ctx, visit).token;

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

export function planCsv(
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
        problem(
          'expected',
          'invalid_format',
          `"${expectedText}" is not a date and time; write it as YYYY-MM-DD HH:MM.`,
        );
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
