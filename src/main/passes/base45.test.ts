import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase45, encodeBase45 } from './base45';

const text = (s: string) => encodeBase45(Buffer.from(s, 'utf8'));
const bytes = (s: string) => {
  const b = decodeBase45(s);
  return b && Buffer.from(b).toString('utf8');
};

describe('Base45 (RFC 9285)', () => {
  it('matches the RFC examples', () => {
    expect(text('AB')).toBe('BB8');
    expect(text('Hello!!')).toBe('%69 VD92EX0');
    expect(text('base-45')).toBe('UJCLQE7W581');
    expect(bytes('QED8WEX0')).toBe('ietf!');
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(decodeBase45(encodeBase45(b))).toEqual(b);
      }),
    );
  });

  it('refuses text that is not canonical Base45', () => {
    expect(decodeBase45('GGW')).toBeNull(); // 65536 does not fit two bytes
    expect(decodeBase45('U6')).toBeNull(); // 300 does not fit one byte
    expect(decodeBase45('A')).toBeNull(); // a lone character encodes nothing
    expect(decodeBase45('bb8')).toBeNull(); // lower case is not in the alphabet
    expect(decodeBase45('BB8\n')).toBeNull();
  });
});
