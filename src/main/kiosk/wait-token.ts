// The wait token of a visit waiting for its host's approval at a kiosk: this station's Ed25519 signature
// over the visit id. Only the answer to the check-in carries it (to the kiosk screen that made it), and
// kiosk.visitStatus / kiosk.finishApproved ask for it, so an anonymous caller who learns a visit id cannot
// watch that visit or finish it and walk away with its pass. Deterministic: it survives a restart and
// needs no storage; another station's key gives another token.
import { sign, verify } from 'node:crypto';
import { ApiError } from '../../shared/errors';
import type { StationBase } from '../core/context';

const purpose = (station: StationBase, visitId: string) =>
  Buffer.from(`gatehouse kiosk wait\n${station.stationId}\n${visitId}`);

export function waitTokenFor(station: StationBase, visitId: string): string {
  return sign(null, purpose(station, visitId), station.passKey.privateKey).toString('base64url');
}

/** Refuses, as if the visit did not exist, unless the token is the one this station gave for it. */
export function requireWaitToken(station: StationBase, visitId: string, token: string): void {
  let valid: boolean;
  try {
    const signature = Buffer.from(token, 'base64url');
    valid =
      signature.length === 64 &&
      verify(null, purpose(station, visitId), station.passKey.publicKey, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new ApiError('not_found', 'That visit does not exist.');
}
