// Passes as the station uses them: issued inside a write transaction (only the token's hash is stored),
// checked offline against the keyring of the site's stations.
import type { Db } from '../../db/open';
import { passesRepo, type PassRow } from '../../db/repos/passes';
import { syncRepo } from '../../db/repos/sync';
import type { PassStatus } from '../../shared/domain';
import type { CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { passSigningRefusal } from '../../shared/authorship';
import { ApiError } from '../../shared/errors';
import { stationsRepo } from '../../db/repos/sites';
import { Keyring } from '../core/keys';
import { issuePassToken, tokenHash, verifyPass, type PassClaims, type PassVerdict } from './token';

export interface IssuedPass {
  passId: string;
  /** The signed token for the QR code: shown and printed, never stored. */
  token: string;
  validUntil: string;
}

/**
 * Issues a pass for a visit, signed once with this station's key; call inside the visit's write handler.
 * (Every symbol reads with the cameras' zxing-wasm decoder: src/main/passes/pass-symbols.test.ts.)
 */
export function issuePass(ctx: CallContext, claims: PassClaims & { visitId: string }): IssuedPass {
  const { passKey, db, stationId } = ctx.station;
  // Never sign what the site's gates would refuse from this kind of station.
  const kind = stationsRepo.get(db, stationId)?.kind;
  const refusal = kind ? passSigningRefusal(kind, claims) : null;
  if (refusal) throw new ApiError('forbidden', refusal);
  const token = issuePassToken(claims, passKey);
  const row = {
    id: claims.passId,
    visitId: claims.visitId,
    siteId: claims.siteId,
    tokenHash: tokenHash(token),
    kind: claims.kind,
    status: 'active' as const,
    validFrom: claims.validFrom.toISOString(),
    validUntil: claims.validUntil.toISOString(),
    zoneIds: claims.zoneIds === 'all' ? [] : [...claims.zoneIds],
    multiEntry: claims.multiEntry,
    issuedByStationId: stationId,
    keyId: passKey.keyId,
    createdAt: ctx.nowIso,
    updatedAt: ctx.nowIso,
  };
  passesRepo.insert(db, row);
  recordChange(ctx, 'pass.issue', row.id, row);
  ctx.auditDetails.passId = row.id;
  return { passId: row.id, token, validUntil: row.validUntil };
}

const keyrings = new WeakMap<Db, Map<string, { fingerprint: string; keyring: Keyring }>>();

/** The site's keyring, rebuilt only when a station key was added or retired. */
export function siteKeyring(db: Db, siteId: string): Keyring {
  const keys = passesRepo.siteKeys(db, siteId);
  const fingerprint = keys.map((k) => `${k.keyId}:${k.retiredAt ?? ''}:${k.stationKind ?? ''}`).join(',');
  const perSite = keyrings.get(db) ?? new Map();
  keyrings.set(db, perSite);
  const cached = perSite.get(siteId);
  if (cached?.fingerprint === fingerprint) return cached.keyring;
  const keyring = new Keyring(
    keys.map((k) => ({
      keyId: k.keyId!,
      publicKey: k.publicKey!,
      retiredAt: k.retiredAt,
      stationId: k.stationId,
      stationKind: k.stationKind,
    })),
  );
  // Said once per rebuild: the passes of that station are refused as unknown_key until it is enrolled again.
  for (const bad of keyring.skipped)
    console.warn(`Station key ${bad.keyId} (station ${bad.stationId ?? '?'}) skipped: ${bad.reason}`);
  perSite.set(siteId, { fingerprint, keyring });
  return keyring;
}

export type CheckedPass = PassVerdict & { row?: PassRow };

/** Checks scanned text as a pass of this site (and zone, where a gate opens one), offline. */
export function checkPass(
  db: Db,
  text: string,
  options: { siteId: string; zoneId: string | null; now: Date },
): CheckedPass {
  let row: PassRow | undefined;
  const verdict = verifyPass(text, {
    keyring: siteKeyring(db, options.siteId),
    siteId: options.siteId,
    zoneId: options.zoneId,
    now: options.now,
    lookupStatus: (passId) => {
      row = passesRepo.get(db, passId);
      // A pass this station has not received yet may already be known revoked: a revocation pulled ahead
      // of the sync backlog is merged before the pass itself arrives (src/main/sync/engine.ts applyPage).
      return (
        row?.status ??
        (syncRepo.entity(db, 'pass', passId)?.status as PassStatus | null | undefined) ??
        undefined
      );
    },
  });
  return row ? { ...verdict, row } : verdict;
}
