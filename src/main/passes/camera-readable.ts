// The kiosk and gate cameras decode passes with zxing-js, whose decoder misses roughly one valid QR
// symbol in ten whatever the image quality (zbar reads them all). Since a pass's symbol is fixed by its
// signed content, the station checks each new token the way the cameras will read it and, when zxing-js
// cannot, signs the pass again under a new id, so no visitor is handed a badge the camera cannot scan.
import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { qrMatrix } from '../../shared/qr';

const QUIET = 4;
const SCALE = 4;

/** True when zxing-js decodes the token's QR symbol, drawn cleanly, back to the same token. */
export function cameraReadable(token: string): boolean {
  const qr = qrMatrix(token);
  const side = (qr.size + 2 * QUIET) * SCALE;
  const pixels = new Uint8ClampedArray(side * side).fill(255);
  for (let y = 0; y < qr.size; y++) {
    for (let x = 0; x < qr.size; x++) {
      if (!qr.isDark(x, y)) continue;
      for (let dy = 0; dy < SCALE; dy++) {
        const row = ((QUIET + y) * SCALE + dy) * side + (QUIET + x) * SCALE;
        pixels.fill(0, row, row + SCALE);
      }
    }
  }
  try {
    const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, side, side)));
    return new QRCodeReader().decode(bitmap).getText() === token;
  } catch {
    return false;
  }
}
