// The test-only AEGIS-256 of tests/support/aegis256.ts (which reads the station database's pages in the
// security tests) against the test vectors of draft-irtf-cfrg-aegis-aead: a wrong reader would decrypt
// to noise, and a test that looks for leftover personal data in that noise would pass without looking.
import { describe, expect, it } from 'vitest';
import { aegis256Decrypt, aegis256Encrypt, aegis256Stream } from '../support/aegis256';

const hex = (s: string) => Buffer.from(s, 'hex');
const KEY = hex('1001' + '00'.repeat(30));
const NONCE = hex('100002' + '00'.repeat(29));

describe('AEGIS-256 (test support)', () => {
  it('gives the draft test vectors 1 and 2 (a 16-byte message, and none)', () => {
    const one = aegis256Encrypt(Buffer.alloc(16), NONCE, KEY);
    expect(one.ciphertext.toString('hex')).toBe('754fc3d8c973246dcc6d741412a4b236');
    expect(one.tag.toString('hex')).toBe('1181a1d18091082bf0266f66297d167d2e68b845f61a3b0527d31fc7b7b89f13');
    expect(aegis256Encrypt(Buffer.alloc(0), NONCE, KEY).tag.toString('hex')).toBe(
      '6a348c930adbd654896e1666aad67de989ea75ebaa2b82fb588977b1ffec864a',
    );
    expect(aegis256Decrypt(one.ciphertext, one.tag, NONCE, KEY)).toEqual(Buffer.alloc(16));
  });

  it('decrypts a message of any length back, refuses a wrong tag, and its stream encrypts zeros', () => {
    const message = Buffer.from('Marguerite Oyelaran, visiting floor 3. '.repeat(7)); // not a multiple of 16
    const { ciphertext, tag } = aegis256Encrypt(message, NONCE, KEY);
    expect(aegis256Decrypt(ciphertext, tag, NONCE, KEY)).toEqual(message);
    const wrong = Buffer.from(tag);
    wrong[31] = wrong[31]! ^ 1;
    expect(() => aegis256Decrypt(ciphertext, wrong, NONCE, KEY)).toThrow(/tag does not match/);
    expect(aegis256Stream(50, NONCE, KEY)).toEqual(aegis256Encrypt(Buffer.alloc(50), NONCE, KEY).ciphertext);
  });
});
