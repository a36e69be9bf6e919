// The station's secrets that must never sit in its database (docs/privacy.md#keys): the key of ID-number
// digests (shared by every station of a site: the sync server hands it out at enrollment) and the data key
// that encrypts the database and the visit files. One module reads and writes them, through a vault:
// owner-only files in <dataDir>/keys for the web host, the OS keychain (Electron safeStorage) in the
// desktop app (src/main/electron/key-vault.ts). An environment secret (GATEHOUSE_<NAME>_KEY, base64 of 32
// bytes) wins over both, for hosts that keep secrets outside the disk.
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where a station's keys are kept: a seam, so the desktop app can keep them in the OS keychain. */
export interface KeyVault {
  /** The key's bytes, or null when there is none yet. */
  read(name: KeyName): Buffer | null;
  /** Stores the key (replacing any before it). */
  write(name: KeyName, key: Buffer): void;
}

export type KeyName = 'id-number' | 'data';

export const KEYS_DIR = 'keys';
export const KEY_LENGTH = 32;

/** The environment variable that overrides a key, e.g. GATEHOUSE_ID_NUMBER_KEY. */
export const keyEnvVariable = (name: KeyName) => `GATEHOUSE_${name.toUpperCase().replace(/-/g, '_')}_KEY`;

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_LENGTH) throw new Error(`${where} is not a ${KEY_LENGTH}-byte key in base64.`);
  return key;
}

/** Writes a file owner-only in an owner-only folder, atomically (a crash leaves the old key or the new one). */
export function writePrivateFile(file: string, content: string | Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(path.dirname(file), 0o700);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600); // the umask can only narrow the mode, but be explicit
  renameSync(tmp, file);
}

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
  const fileOf = (name: KeyName) => path.join(dataDir, KEYS_DIR, `${name}.${options.seal?.suffix ?? 'key'}`);
  return {
    read(name) {
      const fromEnv = env[keyEnvVariable(name)];
      if (fromEnv) return decodeKey(fromEnv, keyEnvVariable(name));
      const file = fileOf(name);
      if (!existsSync(file)) return null;
      const raw = readFileSync(file);
      return decodeKey(options.seal ? options.seal.decrypt(raw) : raw.toString('utf8'), file);
    },
    write(name, key) {
      const text = key.toString('base64');
      writePrivateFile(fileOf(name), options.seal ? options.seal.encrypt(text) : text);
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

/** What an ID number's digest starts with: a keyed HMAC-SHA256, version 1 (older rows: see isLegacyDigest). */
export const ID_DIGEST_PREFIX = 'hmac1:';

/**
 * The keyed digest of an already normalised ID document number (src/main/screening/id-numbers.ts
 * normalises and checks the length). Without the key, a copy of the database gives no way to test candidates.
 */
export function hmacIdNumber(key: Buffer, normalised: string): string {
  return ID_DIGEST_PREFIX + createHmac('sha256', key).update(normalised, 'utf8').digest('hex');
}

export const isIdNumberDigest = (value: string) => value.startsWith(ID_DIGEST_PREFIX);

/** The keys of a running station, read once at start; the ID-number key can be replaced at enrollment. */
export class StationKeys {
  private idKey: Buffer;
  /** Counts changes of the ID-number key (indexes of digests made with an older one are rebuilt). */
  version = 1;

  constructor(private readonly vault: KeyVault) {
    this.idKey = loadOrCreateKey(vault, 'id-number');
  }

  /** The keyed digest of a normalised ID number (callers: idNumberDigest in src/main/screening/id-numbers.ts). */
  hmacIdNumber(normalised: string): string {
    return hmacIdNumber(this.idKey, normalised);
  }

  /** The site's ID-number key as the sync server handed it out (enrollment); stored and used from now on. */
  adoptIdNumberKey(base64: string): void {
    const key = decodeKey(base64, 'The ID-number key from the sync server');
    if (key.equals(this.idKey)) return;
    this.vault.write('id-number', key);
    this.idKey = key;
    this.version += 1;
  }

  /** The data key (database and visit files), made the first time. */
  dataKey(): Buffer {
    return loadOrCreateKey(this.vault, 'data');
  }
}
