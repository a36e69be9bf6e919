import { randomUUID } from 'node:crypto';
import { QRCodeDecoderErrorCorrectionLevel, QRCodeEncoder } from '@zxing/library';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PassStatus } from '../../shared/domain';
import { decodeBase45, encodeBase45 } from './base45';
import { Keyring, generateStationKey } from '../core/keys';
import {
  PassTokenError,
  TOKEN_PREFIX,
  issuePassToken,
  tokenHash,
  verifyPass,
  zoneTag,
  zoneTagCollision,
  type PassClaims,
  type PassRefusalReason,
  type VerifyPassOptions,
} from './token';

const siteId = '0190a0b0-0000-7000-8000-000000000001';
const otherSiteId = '0190a0b0-0000-7000-8000-000000000002';
const lobby = '0190a0b0-0000-7000-8000-0000000000a1';
const lab = '0190a0b0-0000-7000-8000-0000000000a2';
const roof = '0190a0b0-0000-7000-8000-0000000000a3';

const station = generateStationKey();
const retiredStation = generateStationKey();
const strangerStation = generateStationKey(); // a key the site has never heard of
const otherSiteStation = generateStationKey();
const keyring = new Keyring([
  { keyId: station.keyId, publicKey: station.publicKeySpki },
  { keyId: retiredStation.keyId, publicKey: retiredStation.publicKeySpki, retiredAt: '2025-01-01T00:00:00Z' },
]);

const morning = new Date('2025-06-02T08:00:00Z');
const evening = new Date('2025-06-02T18:00:00Z');
const noon = new Date('2025-06-02T12:00:00Z');

function claims(overrides: Partial<PassClaims> = {}): PassClaims {
  return {
    passId: '0190a0b0-1111-7000-8000-00000000beef',
    siteId,
    validFrom: morning,
    validUntil: evening,
    zoneIds: [lobby, lab],
    multiEntry: false,
    kind: 'visit',
    ...overrides,
  };
}

function options(overrides: Partial<VerifyPassOptions> = {}): VerifyPassOptions {
  return { keyring, siteId, zoneId: lab, now: noon, lookupStatus: () => 'active', ...overrides };
}

const reasonOf = (text: string, o: Partial<VerifyPassOptions> = {}): PassRefusalReason | 'ok' => {
  const verdict = verifyPass(text, options(o));
  return verdict.ok ? 'ok' : verdict.reason;
};

/** The token's binary record, and a way to turn a changed record back into text. */
const bytesOf = (token: string) => Buffer.from(decodeBase45(token.slice(TOKEN_PREFIX.length))!);
const textOf = (bytes: Uint8Array) => TOKEN_PREFIX + encodeBase45(bytes);

// Faults a changed bit may cause: anything but a valid pass, and never a reason about time or status.
const INTEGRITY_REASONS = ['not_a_pass', 'malformed', 'unknown_key', 'bad_signature'];

describe('pass token round trip', () => {
  it('verifies and decodes every pass it issues, exactly as issued', () => {
    const zoneIds = [lobby, lab, roof];
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.integer({ min: 0, max: 2 ** 32 - 2 }),
        fc.integer({ min: 1, max: 400 * 86_400 }),
        fc.oneof(fc.constant('all' as const), fc.subarray(zoneIds, { minLength: 1 })),
        fc.boolean(),
        fc.constantFrom('visit' as const, 'invite' as const),
        (passId, fromSeconds, lengthSeconds, zones, multiEntry, kind) => {
          const validFrom = new Date(fromSeconds * 1000);
          const validUntil = new Date(Math.min(fromSeconds + lengthSeconds, 2 ** 32 - 1) * 1000);
          const token = issuePassToken(
            { passId, siteId, validFrom, validUntil, zoneIds: zones, multiEntry, kind },
            station,
          );
          const zoneId = zones === 'all' ? roof : zones[0]!;
          const verdict = verifyPass(token, options({ zoneId, now: validFrom }));
          expect(verdict).toEqual({
            ok: true,
            pass: {
              passId,
              siteTag: expect.stringMatching(/^[0-9a-f]{8}$/),
              validFrom,
              validUntil,
              zoneTags: zones === 'all' ? 'all' : zones.map(zoneTag),
              multiEntry,
              kind,
              keyId: station.keyId,
            },
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts the line ending a scanner adds, and hashes the token without it', () => {
    const token = issuePassToken(claims(), station);
    expect(reasonOf(`${token}\r\n`)).toBe('ok');
    expect(tokenHash(`${token}\r\n`)).toBe(tokenHash(token));
    expect(tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(token)).not.toBe(tokenHash(issuePassToken(claims(), generateStationKey())));
  });

  it('writes only alphanumeric-mode QR characters after the GH1: prefix', () => {
    const token = issuePassToken(claims({ zoneIds: 'all' }), station);
    expect(token).toMatch(/^GH1:[0-9A-Z $%*+\-./:]+$/);
  });
});

describe('tampering', () => {
  const tokens = [
    issuePassToken(claims(), station),
    issuePassToken(claims({ zoneIds: 'all', multiEntry: true, kind: 'invite' }), station),
    issuePassToken(claims({ zoneIds: [roof] }), station),
  ];

  it('refuses every single-bit flip of the signed record', () => {
    for (const token of tokens) {
      const bytes = bytesOf(token);
      for (let bit = 0; bit < bytes.length * 8; bit++) {
        const flipped = Buffer.from(bytes);
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        expect(INTEGRITY_REASONS, `bit ${bit}`).toContain(reasonOf(textOf(flipped)));
      }
    }
  });

  it('refuses every single-bit flip of the scanned text', () => {
    for (const token of tokens) {
      for (let i = 0; i < token.length; i++) {
        for (let bit = 0; bit < 7; bit++) {
          const changed =
            token.slice(0, i) + String.fromCharCode(token.charCodeAt(i) ^ (1 << bit)) + token.slice(i + 1);
          expect(INTEGRITY_REASONS, `char ${i} bit ${bit}`).toContain(reasonOf(changed));
        }
      }
    }
  });

  it('refuses a token cut short or with bytes added', () => {
    const token = tokens[0]!;
    const bytes = bytesOf(token);
    expect(reasonOf(textOf(bytes.subarray(0, bytes.length - 1)))).toBe('malformed');
    expect(reasonOf(textOf(Buffer.concat([bytes, Buffer.from([0])])))).toBe('malformed');
    expect(reasonOf(token.slice(0, -3))).toBe('malformed');
    expect(reasonOf(`${token}00`)).toBe('malformed');
  });
});

describe('garbage never throws', () => {
  const refusal = (text: string) => {
    const verdict = verifyPass(text, options());
    expect(verdict.ok).toBe(false);
    expect(verdict).not.toHaveProperty('pass');
  };

  it('refuses any text as not a pass', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        refusal(text);
        if (!text.replace(/^[\r\n\t\0]+/, '').startsWith('GH')) expect(reasonOf(text)).toBe('not_a_pass');
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses any bytes, raw or behind the prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        refusal(Buffer.from(bytes).toString('latin1'));
        refusal(textOf(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses well-shaped records with a known key id but no valid signature', () => {
    const header = bytesOf(issuePassToken(claims(), station));
    const signedLength = header.length - 64;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: signedLength + 64, maxLength: signedLength + 64 }), (random) => {
        const record = Buffer.from(random);
        header.copy(record, 0, 0, 31); // a valid header...
        header.copy(record, signedLength - 8, signedLength - 8, signedLength); // ...and our key id
        expect(reasonOf(textOf(record))).toBe('bad_signature');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses random text in the Base45 alphabet behind the prefix', () => {
    const alphabet = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 300 }), (chars) => {
        refusal(TOKEN_PREFIX + chars.join(''));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('each refusal reason', () => {
  const token = issuePassToken(claims(), station);

  it('not_a_pass: text that is not a Gatehouse pass', () => {
    expect(reasonOf('https://example.com/ticket/42')).toBe('not_a_pass');
    expect(reasonOf('')).toBe('not_a_pass');
    expect(reasonOf(token.toLowerCase())).toBe('not_a_pass');
  });

  it('malformed: the prefix of a pass with a broken or unknown-version body', () => {
    expect(reasonOf('GH1:')).toBe('malformed');
    expect(reasonOf('GH1:not base45 at all')).toBe('malformed');
    expect(reasonOf(`GH2:${token.slice(4)}`)).toBe('malformed');
    const record = bytesOf(token);
    record[0] = 2; // version
    expect(reasonOf(textOf(record))).toBe('malformed');
  });

  it('unknown_key: signed by a station the site does not know', () => {
    expect(reasonOf(issuePassToken(claims(), strangerStation))).toBe('unknown_key');
  });

  it('retired_key: signed by a station whose key was retired', () => {
    const verdict = verifyPass(issuePassToken(claims(), retiredStation), options());
    expect(verdict).toMatchObject({ ok: false, reason: 'retired_key', pass: { passId: claims().passId } });
  });

  it('retired_key: a key retired after the pass was issued', () => {
    const ring = new Keyring([{ keyId: station.keyId, publicKey: station.publicKeySpki }]);
    expect(reasonOf(token, { keyring: ring })).toBe('ok');
    ring.retire(station.keyId);
    expect(reasonOf(token, { keyring: ring })).toBe('retired_key');
  });

  it('bad_signature: claims changed after signing (a forged longer validity)', () => {
    const record = bytesOf(token);
    record.writeUInt32BE(record.readUInt32BE(25) + 86_400, 25);
    expect(reasonOf(textOf(record))).toBe('bad_signature');
  });

  it('bad_signature: a record signed by another key but naming ours', () => {
    const forged = bytesOf(
      issuePassToken(claims(), { privateKey: strangerStation.privateKey, keyId: station.keyId }),
    );
    expect(reasonOf(textOf(forged))).toBe('bad_signature');
  });

  it('wrong_site: a pass of another site, whether or not we know its key', () => {
    expect(reasonOf(issuePassToken(claims({ siteId: otherSiteId }), otherSiteStation))).toBe('wrong_site');
    expect(reasonOf(issuePassToken(claims({ siteId: otherSiteId }), station))).toBe('wrong_site');
    expect(reasonOf(token, { siteId: otherSiteId })).toBe('wrong_site');
  });

  it('not_yet_valid: before its validity window opens', () => {
    expect(reasonOf(token, { now: new Date(morning.getTime() - 1000) })).toBe('not_yet_valid');
    expect(reasonOf(token, { now: morning })).toBe('ok');
  });

  it('expired: from the end of its window on, or marked expired locally', () => {
    expect(reasonOf(token, { now: new Date(evening.getTime() - 1000) })).toBe('ok');
    expect(reasonOf(token, { now: evening })).toBe('expired');
    expect(reasonOf(token, { lookupStatus: () => 'expired' })).toBe('expired');
  });

  it('wrong_zone: at a gate of a zone the pass does not open; all-zones passes open every zone', () => {
    expect(reasonOf(token, { zoneId: roof })).toBe('wrong_zone');
    expect(reasonOf(token, { zoneId: null })).toBe('ok');
    expect(reasonOf(issuePassToken(claims({ zoneIds: 'all' }), station), { zoneId: roof })).toBe('ok');
    expect(reasonOf(issuePassToken(claims({ zoneIds: [] }), station), { zoneId: lobby })).toBe('wrong_zone');
  });

  it('revoked: marked revoked locally; revoked wins over every other status and fault of time or zone', () => {
    const revoked = () => 'revoked' as const;
    expect(reasonOf(token, { lookupStatus: revoked })).toBe('revoked');
    expect(reasonOf(token, { lookupStatus: revoked, now: evening })).toBe('revoked');
    expect(reasonOf(token, { lookupStatus: revoked, now: new Date(0) })).toBe('revoked');
    expect(reasonOf(token, { lookupStatus: revoked, zoneId: roof })).toBe('revoked');
  });

  it('used: a single-entry pass already used', () => {
    expect(reasonOf(token, { lookupStatus: () => 'used' })).toBe('used');
  });

  it('a pass not yet synced to this station is checked on its signature alone', () => {
    const seen: string[] = [];
    const lookupStatus = (passId: string): PassStatus | undefined => {
      seen.push(passId);
      return undefined;
    };
    expect(reasonOf(token, { lookupStatus })).toBe('ok');
    expect(seen).toEqual([claims().passId]);
  });

  it('never consults the status of a pass whose signature failed', () => {
    const record = bytesOf(token);
    record[5]! ^= 1;
    const lookupStatus = (): PassStatus => {
      throw new Error('looked up an unverified pass id');
    };
    expect(reasonOf(textOf(record), { lookupStatus })).toBe('bad_signature');
  });
});

describe('issuing', () => {
  it('refuses claims it cannot encode, with a specific message', () => {
    const issue = (c: Partial<PassClaims>) => () => issuePassToken(claims(c), station);
    expect(issue({ passId: 'visit-42' })).toThrow(new PassTokenError('passId must be a UUID'));
    expect(issue({ siteId: '' })).toThrow(/siteId must be a UUID/);
    expect(issue({ zoneIds: ['lab'] })).toThrow(/zoneIds must be a UUID/);
    expect(issue({ validUntil: morning })).toThrow(/validUntil must be after validFrom/);
    expect(issue({ validFrom: new Date(Number.NaN) })).toThrow(/validFrom is not a valid time/);
    expect(issue({ validUntil: new Date('2200-01-01T00:00:00Z') })).toThrow(/validUntil is not a valid time/);
    expect(issue({ zoneIds: Array.from({ length: 17 }, () => randomUUID()) })).toThrow(/at most 16 zones/);
    expect(() => issuePassToken(claims(), { privateKey: station.privateKey, keyId: 'abc' })).toThrow(/keyId/);
  });

  it('tells a zone id whose tag collides with an existing zone', () => {
    // Find two ids with the same 32-bit tag (a birthday search, about 2^16 ids).
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const id = `0190a0b0-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;
      const existing = seen.get(zoneTag(id));
      if (existing) pair = [existing, id];
      else seen.set(zoneTag(id), id);
    }
    expect(zoneTagCollision(pair[1], [lobby, pair[0]])).toBe(true);
    expect(zoneTagCollision(roof, [lobby, lab])).toBe(false);
    expect(zoneTagCollision(lab, [lobby, lab])).toBe(false); // the same zone again is not a collision
  });
});

describe('QR code size', () => {
  it('fits a version 7 QR code (45×45 modules) at error correction M with up to two zones', () => {
    const versionOf = (text: string, level: 'L' | 'M' | 'Q') =>
      QRCodeEncoder.encode(text, QRCodeDecoderErrorCorrectionLevel[level]).getVersion().getVersionNumber();
    const rows: string[] = [];
    for (const zoneIds of ['all', [lobby], [lobby, lab], [lobby, lab, roof]] as const) {
      const token = issuePassToken(claims({ zoneIds }), station);
      const base64url = TOKEN_PREFIX + bytesOf(token).toString('base64url');
      const zones = zoneIds === 'all' ? 'all' : zoneIds.length;
      const sizes = (text: string) =>
        (['L', 'M', 'Q'] as const).map((l) => `${l}=v${versionOf(text, l)}`).join(' ');
      rows.push(
        `zones ${zones}: Base45 ${token.length} chars ${sizes(token)}; base64url ${base64url.length} chars ${sizes(base64url)}`,
      );
      if (zoneIds === 'all' || zoneIds.length <= 2) expect(versionOf(token, 'M')).toBeLessThanOrEqual(7);
      expect(versionOf(token, 'M')).toBeLessThan(versionOf(base64url, 'M'));
    }
    console.log(`pass token QR sizes\n${rows.join('\n')}`);
  });
});
