// QR code modules for a text, for every place that draws a pass: the badge PDF, the screen, label
// printers that take a bitmap. Environment-free (zxing's encoder is plain JavaScript).
import { EncodeHintType, QRCodeDecoderErrorCorrectionLevel, QRCodeEncoder } from '@zxing/library';

export interface QrMatrix {
  /** Modules per side, without the quiet zone (a margin of 4 modules the drawer must leave white). */
  size: number;
  /** True where a module is dark. */
  isDark(x: number, y: number): boolean;
  version: number;
}

/**
 * Encodes text at error-correction level M: a pass token then fits a version 7 symbol (45 modules), so
 * each module on a badge is large enough for a gate camera at arm's length, and 15 % of it may be lost.
 */
export function qrMatrix(text: string): QrMatrix {
  const hints = new Map([[EncodeHintType.CHARACTER_SET, 'UTF-8']]);
  const code = QRCodeEncoder.encode(text, QRCodeDecoderErrorCorrectionLevel.M, hints);
  const matrix = code.getMatrix();
  return {
    size: matrix.getWidth(),
    isDark: (x, y) => matrix.get(x, y) === 1,
    version: code.getVersion().getVersionNumber(),
  };
}
