// Visit files at rest (issue #15 item 4, not wired in yet: see docs/privacy.md#encryption-at-rest-and-keys):
// photos, signatures and signed PDFs sealed with AES-256-GCM under a key derived (HKDF-SHA256) from the
// station's data key (StationKeys.dataKey, src/main/core/data-keys.ts). A sealed file is
// "GHE1" | 12-byte nonce | ciphertext | 16-byte tag; its relative path is the additional data, so a file
// moved to another visit's name does not open. A file without the magic is a plain file from before.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const MAGIC = Buffer.from('GHE1');
const NONCE = 12;
const TAG = 16;

/** The file key: HKDF-SHA256 of the data key, so the database key and the file key are never the same bytes. */
export function fileKeyFrom(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'gatehouse visit files v1', 32));
}

export const isSealed = (bytes: Buffer) => bytes.subarray(0, MAGIC.length).equals(MAGIC);

/** Seals a file's bytes; `name` (its path relative to the data folder) is bound to the ciphertext. */
export function seal(fileKey: Buffer, name: string, plain: Buffer): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', fileKey, nonce);
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, nonce, body, cipher.getAuthTag()]);
}

/**
 * The plain bytes of a sealed file (a plain file from before sealing comes back as it is). Throws on a
 * wrong key, another name or any change to the file: GCM authenticates every byte.
 */
export function unseal(fileKey: Buffer, name: string, stored: Buffer): Buffer {
  if (!isSealed(stored)) return stored;
  if (stored.length < MAGIC.length + NONCE + TAG) throw new Error(`${name} is not a whole sealed file.`);
  const nonce = stored.subarray(MAGIC.length, MAGIC.length + NONCE);
  const decipher = createDecipheriv('aes-256-gcm', fileKey, nonce);
  decipher.setAAD(Buffer.from(name, 'utf8'));
  decipher.setAuthTag(stored.subarray(stored.length - TAG));
  return Buffer.concat([
    decipher.update(stored.subarray(MAGIC.length + NONCE, stored.length - TAG)),
    decipher.final(),
  ]);
}
