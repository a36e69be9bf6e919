// Enrolling a station with the sync server: claim a one-time code, then record the site, the station's
// role and the credential locally. The setup screen (later) calls enrollStation; tests call it directly.
import type { Db } from '../../db/open';
import type { StationKeys } from '../core/data-keys';
import { adoptServerIdNumberKey } from '../screening/id-numbers';
import { settingsRepo } from '../../db/repos/settings';
import { sitesRepo, stationsRepo } from '../../db/repos/sites';
import {
  claimResponseSchema,
  firstAdminResponseSchema,
  syncErrorBodySchema,
  SyncError,
  type ClaimResponse,
} from '../../shared/sync';

const SERVER_KEY = 'sync.server';

export interface SyncServerSettings {
  serverUrl: string;
  /**
   * The bearer credential. Kept in the station database, which lives in the station's private data
   * directory; moving it to the OS keychain (Electron safeStorage) is listed as follow-up work.
   */
  credential: string;
}

/**
 * Records a claimed enrollment: the site (if new here), the station's site and role, the credential. In a
 * transaction of its own, or as part of the caller's (sync.enroll's write).
 */
export function applyEnrollment(
  db: Db,
  stationId: string,
  claim: ClaimResponse,
  serverUrl: string,
  nowIso: string,
  keys?: StationKeys,
): void {
  if (claim.stationId !== stationId) throw new Error('The server enrolled a different station id.');
  // The organisation's ID-number key, outside the database; entries kept with this station's own key
  // before enrollment are replaced by the server's watchlist at the first pull.
  if (claim.idNumberKey && keys) adoptServerIdNumberKey(db, keys, claim.idNumberKey, nowIso);
  db.$client
    .transaction(() => {
      if (!sitesRepo.get(db, claim.site.id)) {
        sitesRepo.insert(db, { ...claim.site, createdAt: nowIso, updatedAt: nowIso });
      }
      stationsRepo.update(db, stationId, { siteId: claim.site.id, kind: claim.role, updatedAt: nowIso });
      settingsRepo.set(
        db,
        'station',
        SERVER_KEY,
        { serverUrl, credential: claim.credential } satisfies SyncServerSettings,
        nowIso,
      );
    })
    .immediate();
}

export function syncServerSettings(db: Db): SyncServerSettings | undefined {
  return settingsRepo.get<SyncServerSettings>(db, 'station', SERVER_KEY);
}

/** Claims an enrollment code at the server for this station; records nothing (see applyEnrollment). */
export async function claimEnrollment(
  stationId: string,
  serverUrl: string,
  code: string,
  extra: { name?: string; publicKey?: string; keyId?: string } = {},
): Promise<ClaimResponse> {
  const response = await fetch(new URL('/enroll/claim', serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, stationId, ...extra }),
  });
  const body: unknown = await response.json();
  if (!response.ok) {
    const error = syncErrorBodySchema.safeParse(body);
    throw error.success
      ? new SyncError(error.data.code, error.data.message)
      : new SyncError('internal', `Enrollment failed (${response.status}).`);
  }
  return claimResponseSchema.parse(body);
}

/** Claims an enrollment code at the server for this station and records the result. */
export async function enrollStation(
  host: { db: Db; stationId: string; now(): Date; keys?: StationKeys },
  serverUrl: string,
  code: string,
  extra: { name?: string; publicKey?: string; keyId?: string } = {},
): Promise<ClaimResponse> {
  const claim = await claimEnrollment(host.stationId, serverUrl, code, extra);
  applyEnrollment(host.db, host.stationId, claim, serverUrl, host.now().toISOString(), host.keys);
  return claim;
}

/** Exchanges the site's setup code at the server for the first admin account (the PIN only as its hash). */
export async function claimFirstAdmin(
  settings: SyncServerSettings,
  body: { code: string; name: string; login: string; pinHash: string },
): Promise<{ staffId: string }> {
  const response = await fetch(new URL('/sync/first-admin', settings.serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${settings.credential}` },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json();
  if (!response.ok) {
    const error = syncErrorBodySchema.safeParse(answer);
    throw error.success
      ? new SyncError(error.data.code, error.data.message)
      : new SyncError('internal', `The setup code could not be used (${response.status}).`);
  }
  return firstAdminResponseSchema.parse(answer);
}
