// The pass-signing key a station brings to its enrollment claim. Every station of the site will verify
// passes with it offline, so the server checks it before storing or fanning out anything: an Ed25519 SPKI
// key, its key id the fingerprint stations derive (the first 8 bytes of SHA-256 over the SPKI DER, as in
// src/main/core/keys.ts), the key and its id given together.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** Bytes of SHA-256(SPKI) in a key id, as the stations derive it. */
const KEY_ID_BYTES = 8;

/** Why a claimed key cannot be used, in one sentence; null when it can. */
export function claimedKeyProblem(publicKey: string | undefined, keyId: string | undefined): string | null {
  if (publicKey === undefined && keyId === undefined) return null;
  if (publicKey === undefined || keyId === undefined)
    return 'Send the public key and its key id together, or neither.';
  if (!/^[0-9a-f]{16}$/.test(keyId)) return 'The key id must be 16 lower-case hex digits.';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(publicKey)) return 'The public key must be SPKI DER in base64.';
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
  } catch {
    return 'The public key is not a valid SPKI public key.';
  }
  if (key.asymmetricKeyType !== 'ed25519') return 'The public key must be an Ed25519 key.';
  const der = key.export({ type: 'spki', format: 'der' });
  const fingerprint = createHash('sha256').update(der).digest().subarray(0, KEY_ID_BYTES).toString('hex');
  if (fingerprint !== keyId) return 'The key id is not the fingerprint of the public key.';
  return null;
}
