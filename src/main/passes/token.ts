// Pass tokens: what a badge's QR code carries. A token is "GH1:" + Base45 of a compact binary record signed
// with the issuing station's Ed25519 key, so any station of the site can check it offline with the site's
// keyring. The database keeps only tokenHash(token), never the token.
//
// Binary layout (version 1), all integers big-endian:
//   0      u8      version (1)
//   1..16  16 B    pass id (UUID bytes)
//   17..20 4 B     site tag  = SHA-256("gatehouse/site/" + site id)[0..4]
//   21..24 u32     valid from, unix seconds
//   25..28 u32     valid until, unix seconds (exclusive)
//   29     u8      flags: 1 multi-entry, 2 invite pass, 4 all zones; other bits must be 0
//   30     u8      zone count n (0..MAX_ZONES; 0 when "all zones")
//   31..   4n B    zone tags = SHA-256("gatehouse/zone/" + zone id)[0..4]
//   ..     8 B     key id = SHA-256(SPKI of the signing key)[0..8]
//   ..     64 B    Ed25519 signature over every byte before it
// Tags are 4 bytes instead of 16-byte ids to keep the QR code small; they are inside the signed part, so a
// collision could at worst mislabel a refusal, never let a forged pass in (zone tags are checked for
// collisions when a zone is created — see zoneTagCollision).
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { PASS_REFUSAL_REASONS } from '../../shared/api/passes';
import { passSigningRefusal } from '../../shared/authorship';
import type { PassStatus } from '../../shared/domain';
import { decodeBase45, encodeBase45 } from './base45';
import { KEY_ID_BYTES, type Keyring } from '../core/keys';

export const TOKEN_PREFIX = 'GH1:';
export const TOKEN_VERSION = 1;
/** More zones than this do not fit a badge comfortably: issue an all-zones pass instead. */
export const MAX_ZONES = 16;

const TAG_BYTES = 4;
const SIGNATURE_BYTES = 64;
const HEADER_BYTES = 31;
const FLAG_MULTI_ENTRY = 1;
const FLAG_INVITE = 2;
const FLAG_ALL_ZONES = 4;
const KNOWN_FLAGS = FLAG_MULTI_ENTRY | FLAG_INVITE | FLAG_ALL_ZONES;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_U32 = 0xffff_ffff;

export type PassKind = 'visit' | 'invite';

/** What the issuing station signs. */
export interface PassClaims {
  passId: string;
  siteId: string;
  validFrom: Date;
  /** Exclusive: the pass is refused from this instant on. */
  validUntil: Date;
  zoneIds: readonly string[] | 'all';
  multiEntry: boolean;
  kind: PassKind;
}

/** What a token says, once decoded. Zones are tags: compare with zoneTag(zoneId). */
export interface DecodedPass {
  passId: string;
  siteTag: string;
  validFrom: Date;
  validUntil: Date;
  zoneTags: readonly string[] | 'all';
  multiEntry: boolean;
  kind: PassKind;
  keyId: string;
}

export interface PassSigner {
  privateKey: KeyObject;
  keyId: string;
}

export class PassTokenError extends Error {
  override name = 'PassTokenError';
}

function tag(domain: string, id: string): string {
  return createHash('sha256')
    .update(`gatehouse/${domain}/${id.toLowerCase()}`)
    .digest()
    .subarray(0, TAG_BYTES)
    .toString('hex');
}

export const siteTag = (siteId: string): string => tag('site', siteId);
export const zoneTag = (zoneId: string): string => tag('zone', zoneId);

/** True when a new zone's tag equals an existing zone's: the zone service must then pick another id. */
export function zoneTagCollision(newZoneId: string, existingZoneIds: Iterable<string>): boolean {
  const t = zoneTag(newZoneId);
  for (const id of existingZoneIds)
    if (id.toLowerCase() !== newZoneId.toLowerCase() && zoneTag(id) === t) return true;
  return false;
}

/** True when the pass opens the zone. */
export function opensZone(pass: Pick<DecodedPass, 'zoneTags'>, zoneId: string): boolean {
  return pass.zoneTags === 'all' || pass.zoneTags.includes(zoneTag(zoneId));
}

/**
 * The token inside a scanned text: scanners may add a CR, LF or tab. Spaces are kept, because the space is
 * a Base45 character and may end a token.
 */
function scannedToken(text: string): string {
  return text.replace(/^[\r\n\t\0]+|[\r\n\t\0]+$/g, '');
}

/** SHA-256 (hex) of a token as scanned (a scanner's line ending ignored): the only form ever stored. */
export function tokenHash(text: string): string {
  return createHash('sha256').update(scannedToken(text)).digest('hex');
}

function assertUuid(id: string, field: string): void {
  if (!UUID.test(id)) throw new PassTokenError(`${field} must be a UUID`);
}

function uuidText(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function unixSeconds(date: Date, field: string): number {
  const s = Math.floor(date.getTime() / 1000);
  if (!Number.isInteger(s) || s < 0 || s > MAX_U32) throw new PassTokenError(`${field} is not a valid time`);
  return s;
}

/** Signs the claims with the station's key; throws PassTokenError on claims that cannot be encoded. */
export function issuePassToken(claims: PassClaims, signer: PassSigner): string {
  const from = unixSeconds(claims.validFrom, 'validFrom');
  const until = unixSeconds(claims.validUntil, 'validUntil');
  if (until <= from) throw new PassTokenError('validUntil must be after validFrom');
  const allZones = claims.zoneIds === 'all';
  const zoneIds = claims.zoneIds === 'all' ? [] : [...new Set(claims.zoneIds.map((z) => z.toLowerCase()))];
  assertUuid(claims.passId, 'passId');
  assertUuid(claims.siteId, 'siteId');
  zoneIds.forEach((id) => assertUuid(id, 'zoneIds'));
  if (zoneIds.length > MAX_ZONES) throw new PassTokenError(`a pass lists at most ${MAX_ZONES} zones`);
  if (!/^[0-9a-f]{16}$/.test(signer.keyId)) throw new PassTokenError('keyId must be 16 hex digits');

  const body = Buffer.alloc(HEADER_BYTES + TAG_BYTES * zoneIds.length + KEY_ID_BYTES);
  body[0] = TOKEN_VERSION;
  body.write(claims.passId.replace(/-/g, ''), 1, 'hex');
  body.write(siteTag(claims.siteId), 17, 'hex');
  body.writeUInt32BE(from, 21);
  body.writeUInt32BE(until, 25);
  body[29] =
    (claims.multiEntry ? FLAG_MULTI_ENTRY : 0) |
    (claims.kind === 'invite' ? FLAG_INVITE : 0) |
    (allZones ? FLAG_ALL_ZONES : 0);
  body[30] = zoneIds.length;
  zoneIds.forEach((id, i) => body.write(zoneTag(id), HEADER_BYTES + TAG_BYTES * i, 'hex'));
  body.write(signer.keyId, body.length - KEY_ID_BYTES, 'hex');
  const signature = sign(null, body, signer.privateKey);
  return TOKEN_PREFIX + encodeBase45(Buffer.concat([body, signature]));
}

interface ParsedToken {
  pass: DecodedPass;
  signed: Buffer;
  signature: Buffer;
}

/** Decodes a token without checking its signature; null when it is not exactly a version-1 record. */
function parseToken(bytes: Buffer): ParsedToken | null {
  if (bytes.length < HEADER_BYTES + KEY_ID_BYTES + SIGNATURE_BYTES) return null;
  const version = bytes[0];
  const flags = bytes[29]!;
  const zoneCount = bytes[30]!;
  const allZones = (flags & FLAG_ALL_ZONES) !== 0;
  if (version !== TOKEN_VERSION || (flags & ~KNOWN_FLAGS) !== 0) return null;
  if (zoneCount > MAX_ZONES || (allZones && zoneCount > 0)) return null;
  const signedLength = HEADER_BYTES + TAG_BYTES * zoneCount + KEY_ID_BYTES;
  if (bytes.length !== signedLength + SIGNATURE_BYTES) return null;
  const zoneTags: string[] = [];
  for (let i = 0; i < zoneCount; i++) {
    const start = HEADER_BYTES + TAG_BYTES * i;
    zoneTags.push(bytes.toString('hex', start, start + TAG_BYTES));
  }
  return {
    pass: {
      passId: uuidText(bytes.subarray(1, 17)),
      siteTag: bytes.toString('hex', 17, 21),
      validFrom: new Date(bytes.readUInt32BE(21) * 1000),
      validUntil: new Date(bytes.readUInt32BE(25) * 1000),
      zoneTags: allZones ? 'all' : zoneTags,
      multiEntry: (flags & FLAG_MULTI_ENTRY) !== 0,
      kind: flags & FLAG_INVITE ? 'invite' : 'visit',
      keyId: bytes.toString('hex', signedLength - KEY_ID_BYTES, signedLength),
    },
    signed: bytes.subarray(0, signedLength),
    signature: bytes.subarray(signedLength),
  };
}

// The reasons a scan is refused are part of the API (the gate shows them), so they are declared there.
export { PASS_REFUSAL_REASONS };
export type PassRefusalReason = (typeof PASS_REFUSAL_REASONS)[number];

export interface VerifyPassOptions {
  keyring: Keyring;
  /** This station's site. */
  siteId: string;
  /** The zone this gate opens, or null where no zone is checked (the desk looking a pass up). */
  zoneId: string | null;
  now: Date;
  /** The pass's status in the local database; undefined for a pass this station has not synced yet. */
  lookupStatus: (passId: string) => PassStatus | undefined;
}

export type PassVerdict =
  | { ok: true; pass: DecodedPass }
  /** `pass` is present only once the signature has been verified: never show unverified claims. */
  | { ok: false; reason: PassRefusalReason; pass?: DecodedPass };

const refuse = (reason: PassRefusalReason, pass?: DecodedPass): PassVerdict =>
  pass ? { ok: false, reason, pass } : { ok: false, reason };

/**
 * Checks a scanned text offline. Never throws for any text (only lookupStatus may). The order of the
 * checks decides which reason a pass with several faults gets: nothing unsigned is trusted except to pick
 * the key; a revoked pass is reported as revoked whatever else is wrong with it.
 */
export function verifyPass(text: string, options: VerifyPassOptions): PassVerdict {
  const scanned = scannedToken(text);
  if (!scanned.startsWith(TOKEN_PREFIX)) return refuse(/^GH\d+:/.test(scanned) ? 'malformed' : 'not_a_pass');
  const bytes = decodeBase45(scanned.slice(TOKEN_PREFIX.length));
  const parsed = bytes && parseToken(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  if (!parsed) return refuse('malformed');
  const { pass, signed, signature } = parsed;
  const ourSite = pass.siteTag === siteTag(options.siteId);

  const key = options.keyring.get(pass.keyId);
  // Another site's pass is signed by a key we do not know; say "wrong site", the more useful reason.
  if (!key) return refuse(ourSite ? 'unknown_key' : 'wrong_site');
  if (!verify(null, signed, key.publicKey, signature)) return refuse('bad_signature');
  if (key.retired) return refuse('retired_key', pass);
  if (!ourSite) return refuse('wrong_site', pass);
  if (key.stationKind && passSigningRefusal(key.stationKind, pass)) return refuse('beyond_signer', pass);

  const status = options.lookupStatus(pass.passId);
  if (status === 'revoked') return refuse('revoked', pass);
  const now = options.now.getTime();
  if (now < pass.validFrom.getTime()) return refuse('not_yet_valid', pass);
  if (now >= pass.validUntil.getTime() || status === 'expired') return refuse('expired', pass);
  if (options.zoneId !== null && !opensZone(pass, options.zoneId)) return refuse('wrong_zone', pass);
  if (status === 'used') return refuse('used', pass);
  return { ok: true, pass };
}
