// Keys kept in owner-only files (0600 in a 0700 folder), as base64 of 32 bytes: the station's key vault
// (src/main/core/data-keys.ts) and the sync server's data key (src/server/data-key.ts) write and read them
// here.
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const KEY_LENGTH = 32;

/** The key in base64 text (a file's content or an environment secret); `where` names it in the error. */
export function decodeKey(text: string, where: string): Buffer {
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
 * Refuses a key file that other users may read or write (like ssh): it may have leaked, and using it would
 * hide that. Nothing is changed either way.
 */
export function assertOwnerOnly(file: string, chmodHint = `chmod 600 ${file}`): void {
  const mode = statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new Error(
      `The key file ${file} may be read by other users (mode ${mode.toString(8).padStart(3, '0')}). Nothing was changed: make it owner-only (${chmodHint}), and replace the key if others may have copied it.`,
    );
}

/** Reads an owner-only key file (assertOwnerOnly). */
export function readOwnerOnlyKey(file: string, chmodHint = `chmod 600 ${file}`): Buffer {
  assertOwnerOnly(file, chmodHint);
  return decodeKey(readFileSync(file, 'utf8'), file);
}
