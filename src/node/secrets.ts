// PINs and passwords are stored only as scrypt hashes (memory-hard, OWASP parameters N=2^15, r=8, p=3),
// in a self-describing string `scrypt$N$r$p$salt$key`: the algorithm and its parameters travel with the
// hash (and with it when staff accounts sync between stations), so they can be raised later without
// breaking old hashes — a sign-in that matches an older hash stores a new one (`needsRehash`).
//
// Why scrypt from node:crypto and not argon2: argon2id would be the first choice for new code, but every
// argon2 package for Node is a native addon (or a WASM build several times slower than native scrypt),
// one more binary to rebuild for Electron and to pack; scrypt is in Node itself, memory-hard, and its
// async form already runs on libuv's thread pool. What matters here is that no hash runs on the event
// loop: gate scans and /healthz share it. Every hash goes through one small queue (`KDF_CONCURRENCY` at a
// time, the rest waiting in order), so a burst of sign-ins takes two of libuv's four threads, never the
// loop, and never the file and DNS work that needs the other two.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ApiError } from '../shared/errors';

export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

export const KDF_PARAMS: KdfParams = { N: 2 ** 15, r: 8, p: 3 };
/** Hashes computed at once; the others wait their turn. */
export const KDF_CONCURRENCY = 2;
const KEY_LENGTH = 32;
const maxmem = (o: KdfParams) => 256 * o.N * o.r + 1024 * 1024;

function encode(params: KdfParams, salt: Buffer, key: Buffer): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function decode(stored: string): { params: KdfParams; salt: Buffer; key: Buffer } | null {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key || rest.length) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Object.values(params).every((v) => Number.isInteger(v) && v > 0)) return null;
  return { params, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/**
 * A hash no secret matches (its key is all zeros, scrypt's output never is in practice), with today's
 * parameters: checked when nobody matches, so an unknown login costs what a wrong PIN costs.
 */
export const DECOY_HASH = encode(KDF_PARAMS, Buffer.alloc(16, 0x5a), Buffer.alloc(KEY_LENGTH));

// The queue: a count of running hashes and the callers waiting, first come first served.
let running = 0;
const waiting: Array<() => void> = [];
const stats = { runs: 0, maxInFlight: 0 };

/** How many hashes ran in this process and the most that ever ran at once (for tests and the bench). */
export const kdfStats = (): Readonly<typeof stats> => ({ ...stats });

/** Hashes waiting for a place in the queue (the sign-in guard refuses new work past a limit). */
export const kdfWaiting = (): number => waiting.length;

async function derive(secret: string, salt: Buffer, length: number, params: KdfParams): Promise<Buffer> {
  if (running >= KDF_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  stats.runs++;
  stats.maxInFlight = Math.max(stats.maxInFlight, running);
  try {
    const options: ScryptOptions = { ...params, maxmem: maxmem(params) };
    return await new Promise<Buffer>((resolve, reject) =>
      scrypt(secret.normalize('NFKC'), salt, length, options, (err, key) =>
        err ? reject(err) : resolve(key),
      ),
    );
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Hashes a secret with the current parameters (or given ones: tests make old-style hashes). */
export async function hashSecret(secret: string, params: KdfParams = KDF_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  return encode(params, salt, await derive(secret, salt, KEY_LENGTH, params));
}

/**
 * True when the secret matches the stored hash (constant-time comparison). An unreadable hash still costs
 * one KDF with the current parameters, so a broken or missing hash cannot be told apart by timing.
 */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parsed = decode(stored);
  const { params, salt, key } = parsed ?? decode(DECOY_HASH)!;
  const actual = await derive(secret, salt, key.length, params);
  return timingSafeEqual(actual, key) && parsed !== null;
}

/** Whether a stored hash was made with other parameters than today's (it is replaced at the next sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = decode(stored);
  return (
    !parsed ||
    parsed.params.N !== KDF_PARAMS.N ||
    parsed.params.r !== KDF_PARAMS.r ||
    parsed.params.p !== KDF_PARAMS.p ||
    parsed.key.length !== KEY_LENGTH
  );
}

/**
 * The hash columns of a staff account's new secret, at a desk or in the console alike: a PIN must have the
 * site's length (digits only is the schema's rule), a password is hashed as it is. The new secret is the
 * account's only one: the other kind is cleared, so a reset after a leak leaves no old PIN or password
 * working.
 */
export async function staffSecretColumns(
  secret: { kind: 'pin' | 'password'; value: string },
  pinLength: { min: number; max: number },
): Promise<{ pinHash: string | null; passwordHash: string | null }> {
  if (secret.kind === 'password') return { pinHash: null, passwordHash: await hashSecret(secret.value) };
  const { min, max } = pinLength;
  const short = secret.value.length < min;
  if (short || secret.value.length > max)
    throw new ApiError('invalid_input', `A PIN here has ${min} to ${max} digits.`, {
      'secret.value': {
        code: short ? 'too_short' : 'too_long',
        message: `A PIN has ${min} to ${max} digits.`,
        params: { min, max },
      },
    });
  return { pinHash: await hashSecret(secret.value), passwordHash: null };
}
