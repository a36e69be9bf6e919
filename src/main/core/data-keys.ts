// The station's secrets that must never sit in its database (docs/privacy.md#keys): the key of ID-number
// digests (shared by every station of a site: the sync server hands it out at enrollment), the data key
// that encrypts the database and the visit files, and the sync credential (a text secret). One module reads and writes them, through a vault:
// owner-only files in <dataDir>/keys for the web host, the OS keychain (Electron safeStorage) in the
// desktop app (src/main/electron/key-vault.ts). An environment secret (GATEHOUSE_<NAME>_KEY, base64 of 32
// bytes) wins over both, for hosts that keep secrets outside the disk.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { assertOwnerOnly, decodeKey, KEY_LENGTH, writePrivateFile } from '../../node/key-files';
import { fileKeyFrom } from './sealed-files';

/** Where a station's keys are kept: a seam, so the desktop app can keep them in the OS keychain. */
export interface KeyVault {
  /** The key's bytes, or null when there is none yet. */
  read(name: KeyName): Buffer | null;
  /** Stores the key (replacing any before it). */
  write(name: KeyName, key: Buffer): void;
  /** A secret that is text (the sync credential), or null when there is none. */
  readSecret(name: SecretName): string | null;
  /** Stores a text secret (replacing any before it). */
  writeSecret(name: SecretName, value: string): void;
  /** Removes a stored key (a pending rotation's once it is done); nothing when there is none. */
  remove(name: KeyName): void;
  /** Whether the key comes from the environment (GATEHOUSE_<NAME>_KEY), which the station cannot change. */
  fromEnvironment(name: KeyName): boolean;
}

/** `data-next`: a new data key waiting for the next start to rekey everything (src/main/privacy/key-rotation.ts). */
export type KeyName = 'id-number' | 'data' | 'data-next';
export type SecretName = 'sync-credential';

export const KEYS_DIR = 'keys';

/** The environment variable that overrides a key, e.g. GATEHOUSE_ID_NUMBER_KEY. */
export const keyEnvVariable = (name: KeyName) => `GATEHOUSE_${name.toUpperCase().replace(/-/g, '_')}_KEY`;
/** The environment variable that overrides a text secret: GATEHOUSE_SYNC_CREDENTIAL. */
export const secretEnvVariable = (name: SecretName) => `GATEHOUSE_${name.toUpperCase().replace(/-/g, '_')}`;

/**
 * A vault of key files, <dataDir>/keys/<name>.key (base64, 0600 in a 0700 folder), for the web host, the
 * command line and tests. A transform seals the file's content (the desktop app passes safeStorage's).
 */
export function fileVault(
  dataDir: string,
  options: {
    env?: NodeJS.ProcessEnv;
    seal?: { encrypt(text: string): Buffer; decrypt(sealed: Buffer): string; suffix: string };
  } = {},
): KeyVault {
  const env = options.env ?? process.env;
  const fileOf = (name: KeyName | SecretName) =>
    path.join(dataDir, KEYS_DIR, `${name}.${options.seal?.suffix ?? 'key'}`);
  const readText = (file: string): string | null => {
    if (!existsSync(file)) return null;
    assertOwnerOnly(file);
    const raw = readFileSync(file);
    return options.seal ? options.seal.decrypt(raw) : raw.toString('utf8');
  };
  const writeText = (file: string, text: string) =>
    writePrivateFile(file, options.seal ? options.seal.encrypt(text) : text);
  return {
    read(name) {
      const fromEnv = env[keyEnvVariable(name)];
      if (fromEnv) return decodeKey(fromEnv, keyEnvVariable(name));
      const text = readText(fileOf(name));
      return text === null ? null : decodeKey(text, fileOf(name));
    },
    write(name, key) {
      writeText(fileOf(name), key.toString('base64'));
    },
    readSecret(name) {
      const value = (env[secretEnvVariable(name)] ?? readText(fileOf(name)))?.trim();
      return value ? value : null;
    },
    writeSecret(name, value) {
      writeText(fileOf(name), value);
    },
    remove(name) {
      rmSync(fileOf(name), { force: true });
    },
    fromEnvironment(name) {
      return Boolean(env[keyEnvVariable(name)]);
    },
  };
}

/** The key under that name, made (32 random bytes) and stored the first time. */
export function loadOrCreateKey(vault: KeyVault, name: KeyName): Buffer {
  const existing = vault.read(name);
  if (existing) return existing;
  vault.write(name, randomBytes(KEY_LENGTH));
  const stored = vault.read(name);
  if (!stored) throw new Error(`The ${name} key could not be stored.`);
  return stored;
}

/** The database key of the station database: HKDF-SHA256 of the data key, never the file key's bytes. */
export function databaseKeyFrom(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'gatehouse station database v1', 32));
}

/** What an ID number's digest starts with: a keyed HMAC-SHA256, version 1 (older rows: see isLegacyDigest). */
export const ID_DIGEST_PREFIX = 'hmac1:';

/**
 * The keyed digest of an already normalised ID document number (src/main/screening/id-numbers.ts
 * normalises and checks the length). Without the key, a copy of the database gives no way to test candidates.
 */
export function hmacIdNumber(key: Buffer, normalised: string): string {
  return ID_DIGEST_PREFIX + createHmac('sha256', key).update(normalised, 'utf8').digest('hex');
}

/** What an audit digest (StationKeys.auditDigest) starts with. */
export const AUDIT_DIGEST_PREFIX = 'audit1:';

export const isIdNumberDigest = (value: string) => value.startsWith(ID_DIGEST_PREFIX);

/** The keys of a running station, read once at start; the ID-number key can be replaced at enrollment. */
export class StationKeys {
  private idKey: Buffer;
  /** Counts changes of the ID-number key (indexes of digests made with an older one are rebuilt). */
  version = 1;

  private credential: string | null | undefined;

  constructor(private readonly vault: KeyVault) {
    this.idKey = loadOrCreateKey(vault, 'id-number');
  }

  /** The keyed digest of a normalised ID number (callers: idNumberDigest in src/main/screening/id-numbers.ts). */
  hmacIdNumber(normalised: string): string {
    return hmacIdNumber(this.idKey, normalised);
  }

  /**
   * A keyed digest for the audit log of something typed that must not sit there in clear (a sign-in name
   * that matches no account may be a mistyped PIN): HMAC-SHA256 under a key derived from the site's
   * ID-number key, so one typed text gives one digest at every station of the site, and a copy of the log
   * gives no way to test candidates.
   */
  auditDigest(text: string): string {
    const key = createHmac('sha256', this.idKey).update('gatehouse audit digest v1', 'utf8').digest();
    return AUDIT_DIGEST_PREFIX + createHmac('sha256', key).update(text, 'utf8').digest('hex');
  }

  /** The site's ID-number key as the sync server handed it out (enrollment); stored and used from now on. */
  adoptIdNumberKey(base64: string): void {
    const key = decodeKey(base64, 'The ID-number key from the sync server');
    if (key.equals(this.idKey)) return;
    this.vault.write('id-number', key);
    this.idKey = key;
    this.version += 1;
  }

  /** The station's bearer credential for the sync server, or null when it is not enrolled. */
  syncCredential(): string | null {
    // Read once: every recorded op asks whether the station is enrolled, and a vault read is a file read
    // (or a keychain call). This object is the credential's only writer while the station runs.
    if (this.credential === undefined) this.credential = this.vault.readSecret('sync-credential');
    return this.credential;
  }

  /** Stores the sync credential the server gave at enrollment (src/main/sync/enroll.ts). */
  storeSyncCredential(credential: string): void {
    this.vault.writeSecret('sync-credential', credential);
    this.credential = credential.trim() || null;
  }

  /** The data key (database and visit files), made the first time. */
  dataKey(): Buffer {
    return loadOrCreateKey(this.vault, 'data');
  }

  /** Whether a data key is stored (an encrypted database must not get a new, different one). */
  hasDataKey(): boolean {
    return this.vault.read('data') !== null;
  }

  /** The key of the station database (src/db/open.ts): derived from the data key. */
  databaseKey(): Buffer {
    return databaseKeyFrom(this.dataKey());
  }

  private visitFiles: Buffer | undefined;

  /**
   * Starts a rotation of the data key: a new key is stored as `data-next`, and the next start rekeys the
   * database and reseals every visit file with it (finishDataKeyRotation). False when one is already
   * pending. Callers refuse first when dataKeyFromEnvironment: whoever sets GATEHOUSE_DATA_KEY changes it.
   */
  startDataKeyRotation(): boolean {
    if (this.vault.read('data-next')) return false;
    this.vault.write('data-next', randomBytes(KEY_LENGTH));
    return true;
  }

  /** Whether the data key is GATEHOUSE_DATA_KEY, which the station cannot replace. */
  dataKeyFromEnvironment(): boolean {
    return this.vault.fromEnvironment('data');
  }

  /** The new data key of a rotation not finished yet, or null. */
  pendingDataKey(): Buffer | null {
    return this.vault.read('data-next');
  }

  /** Ends a rotation once everything is rekeyed: the new key becomes the data key (a crash before is redone). */
  adoptPendingDataKey(): void {
    const next = this.vault.read('data-next');
    if (!next) return;
    this.vault.write('data', next);
    this.vault.remove('data-next');
    this.visitFiles = undefined;
  }

  /** The key that seals visit files (src/main/kiosk/files.ts): derived from the data key, read once. */
  fileKey(): Buffer {
    this.visitFiles ??= fileKeyFrom(this.dataKey());
    return this.visitFiles;
  }
}
