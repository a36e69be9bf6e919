// A pass or invite code as a kiosk or gate camera sees it, read by the renderer's decoder (zxing-wasm):
// the code drawn into a camera-sized grey frame (tests/support/y4m.ts) and decoded as the screen's canvas
// pixels would be.
import { decodeQr } from '../../src/shared/qr-decode';
import { loadQrDecoderInNode } from './qr-wasm';
import { qrFrame } from './y4m';

/** The text the camera decoder reads from `text`'s QR code in a width×height frame, or null. */
export async function readAsCamera(text: string, width = 640, height = 480, moduleSize = 6) {
  await loadQrDecoderInNode();
  const grey = qrFrame(text, width, height, moduleSize);
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < grey.length; i++) data.set([grey[i]!, grey[i]!, grey[i]!, 255], i * 4);
  return decodeQr({ data, width, height });
}
