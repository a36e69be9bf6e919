// Watchlist management. Entries are never removed: expiring one sets its expiry to now, so who was on
// the list, why and until when stays answerable. The screening index follows every change by itself
// (watchlist_entries.local_rev triggers, src/main/screening/service.ts): no hook to call here.
import { watchlistRepo, type WatchlistRow } from '../../db/repos/watchlist';
import { visitsRepo } from '../../db/repos/visits';
import { staffRepo } from '../../db/repos/directory';
import { newId } from '../../shared/ids';
import { ORGANISATION_OWNER } from '../../shared/merge';
import { ApiError } from '../../shared/errors';
import { defineHandlers, type CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { requireSite } from '../core/site';
import { MIN_ID_NUMBER_LENGTH } from './normalise';
import { idNumberDigest } from './id-numbers';

function view(ctx: CallContext, row: WatchlistRow) {
  const addedByName = row.addedBy ? (staffRepo.get(ctx.station.db, row.addedBy)?.name ?? null) : null;
  return {
    id: row.id,
    name: row.name,
    aliases: row.aliases,
    dateOfBirth: row.dateOfBirth,
    // Only a keyed digest is kept: the desk sees that a number is on file, never the number.
    idNumber: row.idNumber ? ID_NUMBER_ON_FILE : null,
    reason: row.reason,
    level: row.level,
    expiresAt: row.expiresAt,
    addedByName,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    active: !row.deletedAt && (!row.expiresAt || row.expiresAt > ctx.nowIso),
    /** Whether this station may edit or expire it (an entry of another site or the organisation: no). */
    changeable: mayChange(ctx, row),
  };
}

function requireEntry(ctx: CallContext, id: string): WatchlistRow {
  const row = watchlistRepo.get(ctx.station.db, id);
  if (!row || row.deletedAt) throw new ApiError('not_found', 'That watchlist entry does not exist.');
  return row;
}

/**
 * Whether this station's site may change the entry: the site that added it, or any site for an entry made
 * before entries had owners. The server refuses the same (src/server/rules.ts ownerRefusal), so a change
 * refused there is refused here first, never acknowledged and then lost.
 */
const mayChange = (ctx: CallContext, row: WatchlistRow) =>
  row.ownerSiteId === null || row.ownerSiteId === requireSite(ctx).id;

function requireChangeable(ctx: CallContext, id: string): WatchlistRow {
  const row = requireEntry(ctx, id);
  if (!mayChange(ctx, row)) {
    throw new ApiError(
      'forbidden',
      row.ownerSiteId === ORGANISATION_OWNER
        ? "That entry is on the organisation's watchlist; only an administrator on the sync server can change it."
        : "That entry is on another site's watchlist; only that site's security staff can change it.",
    );
  }
  return row;
}

/** What the desk shows for an entry's ID number: kept as a digest, so only that there is one. */
export const ID_NUMBER_ON_FILE = '••••••';

/**
 * The keyed digest an entry keeps of an ID number (null: none given); a number too short to screen is
 * refused, so an entry never looks screened by a number it cannot match.
 */
function idNumberKept(ctx: CallContext, idNumber: string | null | undefined): string | null | undefined {
  if (idNumber === undefined || idNumber === null) return idNumber;
  const digest = idNumberDigest(ctx.station.keys, idNumber);
  if (!digest)
    throw new ApiError('invalid_input', 'That ID number is too short to screen.', {
      idNumber: {
        code: 'invalid_format',
        message: `An ID number has at least ${MIN_ID_NUMBER_LENGTH} letters or digits.`,
      },
    });
  return digest;
}

const iso = (time: string | null | undefined) => (time ? new Date(time).toISOString() : null);

interface NewEntry {
  name: string;
  aliases?: string[];
  dateOfBirth?: string | null | undefined;
  idNumber?: string | null | undefined;
  reason: string;
  level: 'deny' | 'alert';
  expiresAt?: string | null | undefined;
}

function addEntry(ctx: CallContext, entry: NewEntry, extra: Record<string, unknown> = {}) {
  const { localRev: _rev, ...row } = {
    id: newId(),
    name: entry.name,
    aliases: entry.aliases ?? [],
    dateOfBirth: entry.dateOfBirth ?? null,
    idNumber: idNumberKept(ctx, entry.idNumber) ?? null,
    reason: entry.reason,
    level: entry.level,
    expiresAt: iso(entry.expiresAt),
    addedBy: ctx.caller.userId,
    ownerSiteId: requireSite(ctx).id,
    deletedAt: null,
    createdAt: ctx.nowIso,
    updatedAt: ctx.nowIso,
    localRev: 0,
  };
  watchlistRepo.insert(ctx.station.db, row);
  recordChange(ctx, 'watchlist.upsert', row.id, row);
  Object.assign(ctx.auditDetails, { watchlistEntryId: row.id, ...extra });
  return view(ctx, requireEntry(ctx, row.id));
}

export const watchlistHandlers = defineHandlers({
  'watchlist.list': (input, ctx) => {
    const rows = watchlistRepo
      .listNewestFirst(ctx.station.db)
      .filter((r) => !r.deletedAt)
      .map((r) => view(ctx, r))
      .filter((e) => input.includeExpired || e.active);
    // Active first, newest first within each.
    return { entries: rows.sort((a, b) => Number(b.active) - Number(a.active)) };
  },

  'watchlist.add': (input, ctx) => addEntry(ctx, input),

  'watchlist.addFromVisit': (input, ctx) => {
    const site = requireSite(ctx);
    const visit = visitsRepo.get(ctx.station.db, input.visitId);
    if (!visit || visit.siteId !== site.id) throw new ApiError('not_found', 'That visit does not exist.');
    const visitor = visitsRepo.visitor(ctx.station.db, visit.visitorId);
    if (!visitor) throw new ApiError('not_found', 'That visit has no visitor.');
    return addEntry(ctx, { ...input, name: visitor.name }, { visitId: visit.id });
  },

  'watchlist.update': (input, ctx) => {
    const entry = requireChangeable(ctx, input.entryId);
    const { entryId: _id, expiresAt, ...rest } = input;
    const patch = Object.fromEntries(
      Object.entries({ ...rest, idNumber: idNumberKept(ctx, rest.idNumber) }).filter(
        ([, v]) => v !== undefined,
      ),
    );
    const change = {
      ...patch,
      ...(expiresAt !== undefined ? { expiresAt: iso(expiresAt) } : {}),
      updatedAt: ctx.nowIso,
    };
    watchlistRepo.update(ctx.station.db, entry.id, change);
    recordChange(ctx, 'watchlist.upsert', entry.id, change);
    ctx.auditDetails.watchlistEntryId = entry.id;
    return view(ctx, requireEntry(ctx, entry.id));
  },

  'watchlist.expire': (input, ctx) => {
    const entry = requireChangeable(ctx, input.entryId);
    if (entry.expiresAt && entry.expiresAt <= ctx.nowIso) {
      throw new ApiError('conflict', 'That watchlist entry has already expired.');
    }
    const change = { expiresAt: ctx.nowIso, updatedAt: ctx.nowIso };
    watchlistRepo.update(ctx.station.db, entry.id, change);
    recordChange(ctx, 'watchlist.upsert', entry.id, change);
    ctx.auditDetails.watchlistEntryId = entry.id;
    return view(ctx, requireEntry(ctx, entry.id));
  },
});
