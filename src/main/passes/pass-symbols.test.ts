// Every pass the station signs is one the kiosk and gate cameras read (issue 18 item 4), so a pass is
// signed once: no more signing again under a new id until the old zxing-js decoder happened to read it.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { describe, expect, it } from 'vitest';
import { readAsCamera } from '../../../tests/support/qr-camera';
import { qrFrame } from '../../../tests/support/y4m';
import { keyIdOf } from '../core/keys';
import { issuePassToken } from './token';

/** What the old camera decoder (@zxing/library, as the renderer ran it) read from the same frame. */
function zxingJsReads(text: string, width: number, height: number, moduleSize: number): boolean {
  try {
    const source = new RGBLuminanceSource(
      Uint8ClampedArray.from(qrFrame(text, width, height, moduleSize)),
      width,
      height,
    );
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText() === text;
  } catch {
    return false;
  }
}

describe('camera readability of pass symbols', () => {
  // A fixed key and fixed ids: Ed25519 signatures are deterministic, so the same 200 symbols are checked on
  // every run and the count below cannot change by chance (random ones were all readable once in a while).
  const privateKey = createPrivateKey({
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      d: 'oci2dRP9JivKIL7oGrfpBTKA-VHKi4jesnvmNROcyko',
      x: '-cvvLaeDMi3dazqs-H8I3jXzEVn-FHwteda0GnbVl78',
    },
    format: 'jwk',
  });
  const signer = { privateKey, keyId: keyIdOf(createPublicKey(privateKey)) };
  const id = (n: number) => `0190a000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
  const token = (n: number) =>
    issuePassToken(
      {
        passId: id(1000 + n),
        siteId: id(1),
        kind: 'visit',
        validFrom: new Date('2026-11-22T08:00:00Z'),
        validUntil: new Date('2026-11-23T00:00:00Z'),
        zoneIds: 'all',
        multiEntry: true,
      },
      signer,
    );

  it('the camera decoder reads all 200 passes in a 640×480 frame, where zxing-js missed some', async () => {
    let wasm = 0;
    let js = 0;
    for (let n = 0; n < 200; n++) {
      if ((await readAsCamera(token(n))) === token(n)) wasm++;
      if (zxingJsReads(token(n), 640, 480, 6)) js++;
    }
    expect(wasm).toBe(200);
    expect(js).toBeLessThan(200); // the reason passes were re-signed before
  }, 60_000);

  it('and with small modules (3 pixels, a badge farther from the camera) in a 1280×720 frame', async () => {
    for (let n = 0; n < 50; n++) expect(await readAsCamera(token(n), 1280, 720, 3)).toBe(token(n));
  }, 60_000);
});
