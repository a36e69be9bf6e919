// Watchlist ID numbers are kept only as keyed digests (src/main/core/data-keys.ts). A watchlist entry
// written by an older release, or pulled from a station that still runs one, holds the number itself:
// at start the station replaces it with its digest, in the row and in any op still waiting to be pushed,
// so the number leaves neither this disk nor, from here, the network. (See docs/privacy.md#id-numbers.)
import type { Db } from '../../db/open';
import { settingsRepo } from '../../db/repos/settings';
import { isIdNumberDigest, type StationKeys } from '../core/data-keys';
import { MIN_ID_NUMBER_LENGTH, normaliseIdNumber } from './normalise';

/**
 * The keyed digest of an ID document number (normalised: letters and digits, upper case, so
 * "l898-902 c3" and "L898902C3" are one document), or null for a number too short to screen.
 */
export function idNumberDigest(keys: Pick<StationKeys, 'hmacIdNumber'>, number: string): string | null {
  const normalised = normaliseIdNumber(number);
  return normalised.length < MIN_ID_NUMBER_LENGTH ? null : keys.hmacIdNumber(normalised);
}

/** Set once this station holds the organisation's ID-number key from its sync server. */
const FROM_SERVER = 'idNumberKey.fromServer';

const digestOf = (keys: StationKeys, value: unknown): unknown =>
  typeof value === 'string' && !isIdNumberDigest(value) ? idNumberDigest(keys, value) : value;

/** Replaces every clear watchlist ID number (rows and pending watchlist ops) with its digest; returns how many rows. */
export function digestWatchlistIdNumbers(db: Db, keys: StationKeys): number {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const rows = sqlite
      .prepare(
        `SELECT id, id_number AS idNumber FROM watchlist_entries
         WHERE id_number IS NOT NULL AND id_number NOT LIKE 'hmac1:%'`,
      )
      .all() as { id: string; idNumber: string }[];
    const update = sqlite.prepare('UPDATE watchlist_entries SET id_number = ? WHERE id = ?');
    for (const row of rows) update.run(digestOf(keys, row.idNumber), row.id);
    const ops = sqlite
      .prepare(
        `SELECT op_id AS opId, payload FROM outbox_ops WHERE type = 'watchlist.upsert'
         AND json_extract(payload, '$.idNumber') IS NOT NULL AND json_extract(payload, '$.idNumber') NOT LIKE 'hmac1:%'`,
      )
      .all() as { opId: string; payload: string }[];
    const put = sqlite.prepare('UPDATE outbox_ops SET payload = ? WHERE op_id = ?');
    for (const op of ops) {
      const payload = JSON.parse(op.payload) as Record<string, unknown>;
      put.run(JSON.stringify({ ...payload, idNumber: digestOf(keys, payload.idNumber) }), op.opId);
    }
    return rows.length;
  })();
}

/**
 * At start: digests clear watchlist numbers once the key is the one to keep — this station's own while it
 * is not enrolled, the organisation's once the server sent it. An enrolled station that still waits for
 * it (enrolled before servers handed keys out) keeps them until its next pull brings the key.
 */
export function digestIfKeySettled(db: Db, keys: StationKeys, enrolled: boolean): void {
  if (!enrolled || settingsRepo.get<boolean>(db, 'station', FROM_SERVER)) digestWatchlistIdNumbers(db, keys);
}

/** The key the sync server sent (at enrollment or with a pull): kept, marked, and clear numbers digested. */
export function adoptServerIdNumberKey(db: Db, keys: StationKeys, key: string, nowIso: string): void {
  keys.adoptIdNumberKey(key);
  if (!settingsRepo.get<boolean>(db, 'station', FROM_SERVER))
    settingsRepo.set(db, 'station', FROM_SERVER, true, nowIso);
  digestWatchlistIdNumbers(db, keys);
}
