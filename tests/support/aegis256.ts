// AEGIS-256 (draft-irtf-cfrg-aegis-aead) for tests/support/station-file.ts to read the pages of SQLite3
// Multiple Ciphers' `aegis` scheme itself: decryption (tag checked), the keystream, and encryption for
// checks. Hand-written, test-only: Node's crypto has no AEGIS; libsodium-wrappers (WASM) has
// crypto_aead_aegis256_* but is not a dependency here, and this code's output was checked against it (and
// against the draft's test vectors, tests/unit/aegis256.test.ts) when it was written. It follows the draft
// and SQLite3MC's portable C (src/aegis/aegis256/aegis256_common.h, softaes.c): a 16-byte block is four
// big-endian 32-bit words, one per AES column; AESRound is the standard T-tables. Slow (about 8 MB a
// second) and not constant-time: never for the product's own data path.

const SBOX = new Uint8Array(256);
const T0 = new Uint32Array(256);
const T1 = new Uint32Array(256);
const T2 = new Uint32Array(256);
const T3 = new Uint32Array(256);
{
  // The AES S-box: the inverse in GF(2^8) (walking p = 3^i and q = 3^-i together), then the affine map.
  const rotl8 = (x: number, s: number) => ((x << s) | (x >>> (8 - s))) & 0xff;
  let p = 1;
  let q = 1;
  do {
    p = p ^ ((p << 1) & 0xff) ^ (p & 0x80 ? 0x1b : 0);
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    SBOX[p] = q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4) ^ 0x63;
  } while (p !== 1);
  SBOX[0] = 0x63;
  for (let x = 0; x < 256; x++) {
    const s = SBOX[x]!;
    const s2 = ((s << 1) ^ (s & 0x80 ? 0x1b : 0)) & 0xff;
    // MixColumns' column (2s, s, s, 3s), big-endian; T1..T3 are its rotations for the shifted rows.
    const t = ((s2 << 24) | (s << 16) | (s << 8) | (s2 ^ s)) >>> 0;
    T0[x] = t;
    T1[x] = ((t >>> 8) | (t << 24)) >>> 0;
    T2[x] = ((t >>> 16) | (t << 16)) >>> 0;
    T3[x] = ((t >>> 24) | (t << 8)) >>> 0;
  }
}

/** The state: six blocks S0..S5, block i in words 4i..4i+3. */
type State = Uint32Array;

/** AESRound(S[a], S[k]) (one AES encryption round, S[k] the round key) into out[o..o+3]. */
function aesRound(s: State, a: number, k: number, out: Uint32Array, o: number): void {
  const w0 = s[4 * a]!;
  const w1 = s[4 * a + 1]!;
  const w2 = s[4 * a + 2]!;
  const w3 = s[4 * a + 3]!;
  out[o] = T0[w0 >>> 24]! ^ T1[(w1 >>> 16) & 255]! ^ T2[(w2 >>> 8) & 255]! ^ T3[w3 & 255]! ^ s[4 * k]!;
  out[o + 1] =
    T0[w1 >>> 24]! ^ T1[(w2 >>> 16) & 255]! ^ T2[(w3 >>> 8) & 255]! ^ T3[w0 & 255]! ^ s[4 * k + 1]!;
  out[o + 2] =
    T0[w2 >>> 24]! ^ T1[(w3 >>> 16) & 255]! ^ T2[(w0 >>> 8) & 255]! ^ T3[w1 & 255]! ^ s[4 * k + 2]!;
  out[o + 3] =
    T0[w3 >>> 24]! ^ T1[(w0 >>> 16) & 255]! ^ T2[(w1 >>> 8) & 255]! ^ T3[w2 & 255]! ^ s[4 * k + 3]!;
}

const next = new Uint32Array(24);

/** Update(M): S'0 = AESRound(S5, S0 ^ M), S'i = AESRound(S(i-1), Si) for i = 1..5. */
function update(s: State, m: Uint32Array): void {
  aesRound(s, 5, 0, next, 0);
  for (let i = 1; i < 6; i++) aesRound(s, i - 1, i, next, 4 * i);
  for (let j = 0; j < 4; j++) next[j] = next[j]! ^ m[j]!;
  s.set(next);
}

function words(bytes: Uint8Array, at = 0): Uint32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 16);
  return Uint32Array.of(view.getUint32(0), view.getUint32(4), view.getUint32(8), view.getUint32(12));
}

function xor(a: Uint32Array, b: Uint32Array): Uint32Array {
  return a.map((w, j) => w ^ b[j]!);
}

const C0 = words(Uint8Array.from([0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 121, 98]));
const C1 = words(Uint8Array.from([219, 61, 24, 85, 109, 194, 47, 241, 32, 17, 49, 66, 115, 181, 40, 221]));

function init(key: Uint8Array, nonce: Uint8Array): State {
  if (key.length !== 32 || nonce.length !== 32) throw new Error('AEGIS-256 takes a 32-byte key and nonce.');
  const k0 = words(key, 0);
  const k1 = words(key, 16);
  const k0n0 = xor(k0, words(nonce, 0));
  const k1n1 = xor(k1, words(nonce, 16));
  const s = new Uint32Array(24);
  [k0n0, k1n1, C1, C0, xor(k0, C0), xor(k1, C1)].forEach((block, i) => s.set(block, 4 * i));
  for (let i = 0; i < 4; i++) for (const m of [k0, k1, k0n0, k1n1]) update(s, m);
  return s;
}

/** The keystream word j of the current block: S1 ^ S4 ^ S5 ^ (S2 & S3). */
const z = (s: State, j: number) => s[4 + j]! ^ s[16 + j]! ^ s[20 + j]! ^ (s[8 + j]! & s[12 + j]!);

/**
 * Enc (or Dec) of every 16-byte block, the last one zero-padded (DecPartial when decrypting: the padding's
 * keystream bytes are not absorbed): the output, the state updated with the plaintext.
 */
function crypt(s: State, input: Uint8Array, direction: 'encrypt' | 'decrypt'): Buffer {
  const out = Buffer.alloc(input.length);
  const padded = new Uint8Array(16);
  for (let at = 0; at < input.length; at += 16) {
    const len = Math.min(16, input.length - at);
    padded.fill(0);
    padded.set(input.subarray(at, at + len));
    const x = words(padded);
    const y = Buffer.alloc(16);
    for (let j = 0; j < 4; j++) y.writeUInt32BE((x[j]! ^ z(s, j)) >>> 0, 4 * j);
    y.copy(out, at, 0, len);
    if (direction === 'encrypt') update(s, x);
    else update(s, words(y.fill(0, len)));
  }
  return out;
}

/** Finalize: the 256-bit tag, (S0 ^ S1 ^ S2) || (S3 ^ S4 ^ S5), after seven updates with the lengths. */
function tag256(s: State, adBytes: number, messageBytes: number): Buffer {
  const lengths = Buffer.alloc(16);
  lengths.writeBigUInt64LE(BigInt(adBytes) * 8n, 0);
  lengths.writeBigUInt64LE(BigInt(messageBytes) * 8n, 8);
  const t = xor(words(lengths), s.subarray(12, 16));
  for (let i = 0; i < 7; i++) update(s, t);
  const tag = Buffer.alloc(32);
  for (let j = 0; j < 4; j++) {
    tag.writeUInt32BE((s[j]! ^ s[4 + j]! ^ s[8 + j]!) >>> 0, 4 * j);
    tag.writeUInt32BE((s[12 + j]! ^ s[16 + j]! ^ s[20 + j]!) >>> 0, 16 + 4 * j);
  }
  return tag;
}

/**
 * AEGIS-256 decryption without associated data, with the 32-byte tag checked (throws when it does not
 * match: a wrong key, nonce or page number, or a damaged ciphertext).
 */
export function aegis256Decrypt(
  ciphertext: Uint8Array,
  tag: Uint8Array,
  nonce: Uint8Array,
  key: Uint8Array,
): Buffer {
  const s = init(key, nonce);
  const plain = crypt(s, ciphertext, 'decrypt');
  if (!tag256(s, 0, ciphertext.length).equals(tag)) throw new Error('AEGIS-256: the tag does not match.');
  return plain;
}

/** The first `length` bytes of the keystream (SQLite3MC's aegis256_stream: the encryption of zeros). */
export function aegis256Stream(length: number, nonce: Uint8Array, key: Uint8Array): Buffer {
  const s = init(key, nonce);
  const out = Buffer.alloc(Math.ceil(length / 16) * 16);
  const zero = new Uint32Array(4);
  for (let at = 0; at < out.length; at += 16) {
    for (let j = 0; j < 4; j++) out.writeUInt32BE(z(s, j) >>> 0, at + 4 * j);
    update(s, zero);
  }
  return out.subarray(0, length);
}

/** AEGIS-256 encryption without associated data (for this module's own checks): ciphertext and tag. */
export function aegis256Encrypt(
  message: Uint8Array,
  nonce: Uint8Array,
  key: Uint8Array,
): { ciphertext: Buffer; tag: Buffer } {
  const s = init(key, nonce);
  const ciphertext = crypt(s, message, 'encrypt');
  return { ciphertext, tag: tag256(s, 0, message.length) };
}
