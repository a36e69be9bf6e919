// Station signing keys. Every station gets an Ed25519 key pair when it is set up: the private key stays in
// a file in the station's data dir (mode 0600, never logged, never in the database); the public key
// (SPKI, base64) and its key id travel to every station of the site, which keep them in a keyring to
// verify passes offline. Retiring a station's key makes every pass it signed invalid.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StationKind } from '../../shared/domain';

/** Bytes of SHA-256(SPKI) that identify a key inside a pass token. */
export const KEY_ID_BYTES = 8;
export const STATION_KEY_FILE = 'station-key.pem';

export interface StationKey {
  /** Never serialise or log this; it prints as an opaque KeyObject. */
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI DER, base64: what is stored in stations.public_key and synced. */
  publicKeySpki: string;
  /** Hex of the first KEY_ID_BYTES of SHA-256(SPKI DER): stations.key_id. */
  keyId: string;
}

export class KeyError extends Error {
  override name = 'KeyError';
}

function spkiDer(publicKey: KeyObject): Buffer {
  return publicKey.export({ type: 'spki', format: 'der' });
}

/** The key id of a public key (KeyObject or SPKI base64). */
export function keyIdOf(publicKey: KeyObject | string): string {
  const der = typeof publicKey === 'string' ? spkiDer(importPublicKey(publicKey)) : spkiDer(publicKey);
  return createHash('sha256').update(der).digest().subarray(0, KEY_ID_BYTES).toString('hex');
}

export function exportPublicKey(publicKey: KeyObject): string {
  return spkiDer(publicKey).toString('base64');
}

/** Parses an SPKI base64 public key; throws KeyError unless it is a well-formed Ed25519 key. */
export function importPublicKey(spkiBase64: string): KeyObject {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(spkiBase64)) throw new KeyError('public key is not base64');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new KeyError('public key is not a valid SPKI key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new KeyError('public key is not an Ed25519 key');
  return key;
}

function stationKeyFrom(privateKey: KeyObject): StationKey {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeySpki: exportPublicKey(publicKey), keyId: keyIdOf(publicKey) };
}

export function generateStationKey(): StationKey {
  return stationKeyFrom(generateKeyPairSync('ed25519').privateKey);
}

/**
 * The station's signing key from `<dataDir>/station-key.pem`, created on first use. The file is written
 * with mode 0600 (temp file + rename, so a crash never leaves half a key). Like ssh, a key file other
 * users can read is refused rather than used: it may already have leaked.
 */
export function loadOrCreateStationKey(dataDir: string): { key: StationKey; created: boolean } {
  const file = join(dataDir, STATION_KEY_FILE);
  if (!existsSync(file)) {
    const key = generateStationKey();
    const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, pem, { mode: 0o600, flag: 'wx' });
    chmodSync(tmp, 0o600); // the umask can only narrow the mode, but be explicit
    renameSync(tmp, file);
    return { key, created: true };
  }
  if (process.platform !== 'win32') {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) {
      throw new KeyError(
        `station key file ${file} is readable by other users (mode ${mode.toString(8)}); ` +
          'restrict it with chmod 600, or retire this key and set the station up again',
      );
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch {
    throw new KeyError(`station key file ${file} is not a valid private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new KeyError(`station key file ${file} is not Ed25519`);
  return { key: stationKeyFrom(privateKey), created: false };
}

export interface KeyringEntry {
  keyId: string;
  /** SPKI, base64 (stations.public_key). */
  publicKey: string;
  /** Set when the station's key was retired (stations.retired_at): its passes are refused. */
  retiredAt?: string | null;
  stationId?: string;
  /** The signing station's kind, which limits the passes it may sign (PASS_SIGNING); null: not known. */
  stationKind?: StationKind | null;
}

export interface KeyringKey {
  keyId: string;
  publicKey: KeyObject;
  retired: boolean;
  stationId?: string;
  stationKind: StationKind | null;
}

/** A keyring entry that could not be used, and why (a bad key from an older server, a corrupt row). */
export interface SkippedKey {
  keyId: string;
  stationId?: string;
  reason: string;
}

/**
 * The site's public keys by key id, parsed once so verifying a pass costs one signature check. An entry
 * that is not a valid Ed25519 key, or whose key id is not its fingerprint, is skipped and listed in
 * `skipped`: one bad key must never stop the gate from checking every other station's passes.
 */
export class Keyring {
  private readonly keys = new Map<string, KeyringKey>();
  readonly skipped: SkippedKey[] = [];

  constructor(entries: Iterable<KeyringEntry> = []) {
    for (const entry of entries) {
      try {
        this.add(entry);
      } catch (error) {
        if (!(error instanceof KeyError)) throw error;
        this.skipped.push({
          keyId: entry.keyId,
          ...(entry.stationId === undefined ? {} : { stationId: entry.stationId }),
          reason: error.message,
        });
      }
    }
  }

  /** Throws KeyError on a key that is not Ed25519 or whose key id does not match the key. */
  add(entry: KeyringEntry): void {
    const publicKey = importPublicKey(entry.publicKey);
    if (keyIdOf(publicKey) !== entry.keyId)
      throw new KeyError(`key id ${entry.keyId} does not match its public key`);
    this.keys.set(entry.keyId, {
      keyId: entry.keyId,
      publicKey,
      retired: entry.retiredAt != null,
      stationKind: entry.stationKind ?? null,
      ...(entry.stationId === undefined ? {} : { stationId: entry.stationId }),
    });
  }

  retire(keyId: string): void {
    const key = this.keys.get(keyId);
    if (key) key.retired = true;
  }

  get(keyId: string): KeyringKey | undefined {
    return this.keys.get(keyId);
  }

  get size(): number {
    return this.keys.size;
  }
}
