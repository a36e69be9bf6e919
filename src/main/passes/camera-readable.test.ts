import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { cameraReadable } from './camera-readable';
import { keyIdOf } from '../core/keys';
import { issuePassToken } from './token';

describe('camera readability of pass symbols', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = { privateKey, keyId: keyIdOf(publicKey) };
  const token = () =>
    issuePassToken(
      {
        passId: newId(),
        siteId: newId(),
        kind: 'visit',
        validFrom: new Date('2026-11-22T08:00:00Z'),
        validUntil: new Date('2026-11-23T00:00:00Z'),
        zoneIds: 'all',
        multiEntry: true,
      },
      signer,
    );

  it('finds the symbols zxing-js cannot read, and most can be read', () => {
    const results = Array.from({ length: 200 }, () => cameraReadable(token()));
    const readable = results.filter(Boolean).length;
    // The check must be able to say no (zxing-js misses some valid symbols) and mostly says yes.
    expect(readable).toBeGreaterThan(150);
    expect(readable).toBeLessThan(200);
  });
});
