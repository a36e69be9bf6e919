// Test support: read a QR code back out of a bitmap, the way a gate scanner would.
import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import type { Bitmap } from './bitmap';

export function decodeQr(bitmap: Bitmap): string {
  const luminance = new Uint8ClampedArray(bitmap.width * bitmap.height);
  for (let i = 0; i < luminance.length; i++) luminance[i] = bitmap.pixels[i] ? 0 : 255;
  const source = new RGBLuminanceSource(luminance, bitmap.width, bitmap.height);
  return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
}
