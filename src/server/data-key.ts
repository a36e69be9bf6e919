// The key of the sync server's embedded store (issue #15): the SQLite file is encrypted (AEGIS-256), as a
// station's is, under a key derived from the server's data key. The data key is GATEHOUSE_SERVER_DATA_KEY
// (base64 of 32 bytes), which wins, or the file keys/server-data.key in the data folder (the same, 0600 in
// a 0700 folder), made at the first start that finds neither. PostgreSQL deployments do not use it.
import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { decodeKey, KEY_LENGTH, readOwnerOnlyKey, writePrivateFile } from '../node/key-files';

export const SERVER_DATA_KEY_ENV = 'GATEHOUSE_SERVER_DATA_KEY';
/** Relative to the data folder. */
export const SERVER_DATA_KEY_FILE = path.join('keys', 'server-data.key');

/** How the server names its key when its database does not open with it. */
export const SERVER_KEY_NAME = `the sync server's data key (a different or lost ${SERVER_DATA_KEY_FILE} or ${SERVER_DATA_KEY_ENV}, or a damaged file)`;

/** Why GATEHOUSE_SERVER_DATA_KEY cannot be used, checked with the command line; null when unset or good. */
export function serverDataKeyProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env[SERVER_DATA_KEY_ENV];
  if (!value) return null;
  try {
    decodeKey(value, SERVER_DATA_KEY_ENV);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The database key of the server's store: HKDF-SHA256 of the data key, never the data key's own bytes. */
export function serverDatabaseKeyFrom(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'gatehouse server database v1', 32));
}

/**
 * The server's data key: the environment secret, else the key file (refused when others may read it),
 * else null, or with `create` a new random one written to the key file (`created`: remove it again if
 * what it was made for fails).
 */
export function serverDataKey(
  dataDir: string,
  options: { create: boolean; env?: NodeJS.ProcessEnv | undefined },
): { key: Buffer; created: string | null } | null {
  const env = options.env ?? process.env;
  const fromEnv = env[SERVER_DATA_KEY_ENV];
  if (fromEnv) return { key: decodeKey(fromEnv, SERVER_DATA_KEY_ENV), created: null };
  const file = path.join(dataDir, SERVER_DATA_KEY_FILE);
  if (existsSync(file)) return { key: readOwnerOnlyKey(file), created: null };
  if (!options.create) return null;
  writePrivateFile(file, randomBytes(KEY_LENGTH).toString('base64'));
  return { key: readOwnerOnlyKey(file), created: file };
}
