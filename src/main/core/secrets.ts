// PINs and passwords are stored only as scrypt hashes (memory-hard, OWASP parameters N=2^15, r=8, p=3).
// The parameters travel inside the hash string so they can be raised later without breaking old hashes.
import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;
const maxmem = (o: { N: number; r: number; p: number }) => 256 * o.N * o.r + 1024 * 1024;

function encode(params: typeof PARAMS, salt: Buffer, key: Buffer): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Hashes a secret off the main thread (use when creating or changing a PIN or password). */
export function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const options: ScryptOptions = { ...PARAMS, maxmem: maxmem(PARAMS) };
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(encode(PARAMS, salt, key)),
    ),
  );
}

/**
 * Hashes a secret on the calling thread, for write handlers, which must be synchronous (an admin setting a
 * PIN: rare, and the extra tens of milliseconds are the point of scrypt).
 */
export function hashSecretSync(secret: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(secret.normalize('NFKC'), salt, KEY_LENGTH, { ...PARAMS, maxmem: maxmem(PARAMS) });
  return encode(PARAMS, salt, key);
}

/** True when the secret matches the stored hash; constant-time comparison. */
export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const expected = Buffer.from(key, 'base64');
  const actual = scryptSync(secret.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    ...params,
    maxmem: maxmem(params),
  });
  return timingSafeEqual(actual, expected);
}
