// Enrolling a station with the sync server: claim a one-time code, then record the site, the station's
// role and the credential locally. The setup screen (later) calls enrollStation; tests call it directly.
import type { Db } from '../../db/open';
import type { StationKeys } from '../core/data-keys';
import type { StationBase } from '../core/context';
import { appendAudit } from '../core/audit';
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
   * The bearer credential. Never in the station database (issue #15): it is kept in the station's key
   * vault (StationKeys.syncCredential: keys/sync-credential.key 0600, GATEHOUSE_SYNC_CREDENTIAL, or the
   * OS keychain in the desktop app); the database keeps the server's address only.
   */
  credential: string;
}

/** What the station database keeps of its sync server (an older release kept `credential` here too). */
interface StoredServer {
  serverUrl: string;
  credential?: string;
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
  keys: StationKeys,
): void {
  if (claim.stationId !== stationId) throw new Error('The server enrolled a different station id.');
  // The organisation's ID-number key, outside the database; entries kept with this station's own key
  // before enrollment are replaced by the server's watchlist at the first pull.
  if (claim.idNumberKey) adoptServerIdNumberKey(db, keys, claim.idNumberKey, nowIso);
  // The credential goes to the vault first: a crash before the database write leaves a station that is
  // not enrolled (no server address), never one enrolled without its credential.
  keys.storeSyncCredential(claim.credential);
  db.$client
    .transaction(() => {
      if (!sitesRepo.get(db, claim.site.id)) {
        sitesRepo.insert(db, { ...claim.site, createdAt: nowIso, updatedAt: nowIso });
      }
      stationsRepo.update(db, stationId, { siteId: claim.site.id, kind: claim.role, updatedAt: nowIso });
      settingsRepo.set(db, 'station', SERVER_KEY, { serverUrl } satisfies StoredServer, nowIso);
    })
    .immediate();
}

/** The sync server this station is enrolled with and its credential (from the vault), or undefined. */
export function syncServerSettings(
  station: Pick<StationBase, 'db' | 'keys'>,
): SyncServerSettings | undefined {
  const stored = settingsRepo.get<StoredServer>(station.db, 'station', SERVER_KEY);
  const credential = station.keys.syncCredential();
  return stored && credential ? { serverUrl: stored.serverUrl, credential } : undefined;
}

/**
 * Moves the credential an older release kept in the station database to the vault (issue #15), at
 * start: vault first, then the database row without it, audited (never the credential), in one
 * transaction with secure_delete on and the WAL checkpointed and truncated, so neither the database file
 * nor its WAL keeps the old value. Idempotent: a row without a credential is left alone.
 */
export function moveSyncCredentialToVault(
  db: Db,
  keys: StationKeys,
  stationId: string,
  nowIso: string,
): boolean {
  const stored = settingsRepo.get<StoredServer>(db, 'station', SERVER_KEY);
  if (!stored?.credential) return false;
  const vaulted = keys.syncCredential();
  if (vaulted !== stored.credential) keys.storeSyncCredential(stored.credential);
  const sqlite = db.$client;
  const secureDelete = sqlite.pragma('secure_delete', { simple: true }) as number;
  sqlite.pragma('secure_delete = ON');
  try {
    sqlite.transaction(() => {
      settingsRepo.set(
        db,
        'station',
        SERVER_KEY,
        { serverUrl: stored.serverUrl } satisfies StoredServer,
        nowIso,
      );
      appendAudit(db, {
        at: nowIso,
        stationId,
        actorId: null,
        role: 'station',
        action: 'sync.credentialMoved',
        outcome: 'ok',
        // Where it went, and whether a different one was already there (an environment secret wins).
        details: { to: 'vault', replacedDifferent: vaulted !== null && vaulted !== stored.credential },
      });
    })();
  } finally {
    sqlite.pragma(`secure_delete = ${secureDelete ? 'ON' : 'OFF'}`);
  }
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return true;
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
  host: { db: Db; stationId: string; now(): Date; keys: StationKeys },
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
