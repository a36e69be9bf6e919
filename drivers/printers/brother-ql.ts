// Brother QL raster (QL-7xx/8xx over USB or TCP 9100), 62 mm continuous tape.
// Job: 200 × 00 (invalidate), 1B 40 (initialise), 1B 69 61 01 (raster mode), 1B 69 7A … (media info),
// 1B 69 4D 40 (auto cut), 1B 69 41 01 (cut every label), 1B 69 4B 08 (cut at end), 1B 69 64 23 00
// (35-dot feed margin), 4D 00 (no compression), one 67 00 5A <90 bytes> per 720-pixel line, 1A (print).
// The head prints each line right to left, so rows are mirrored; the 696 printable pixels of 62 mm
// tape sit 12 pixels in from each edge of the 720-pixel line.
import { badgeLines, parseBadge, type Badge } from './badge';
import { qrMatrix } from '../../src/shared/qr';
import { createBitmap, drawQr, drawText, fitText, getPixel, type Bitmap } from './bitmap';

export const QL_LINE_PIXELS = 720;
export const QL_LINE_BYTES = QL_LINE_PIXELS / 8;
export const QL_62MM = { widthMm: 62, printablePixels: 696, offset: 12, mediaType: 0x0a } as const;

export function brotherQlRaster(bitmap: Bitmap): Uint8Array {
  if (bitmap.width > QL_62MM.printablePixels) {
    throw new RangeError(
      `62 mm tape prints at most ${QL_62MM.printablePixels} pixels per line, got ${bitmap.width}`,
    );
  }
  if (bitmap.height < 1) throw new RangeError('nothing to print: the bitmap has no lines');
  const lines = bitmap.height;
  const out: number[] = [];
  out.push(...new Array(200).fill(0x00));
  out.push(0x1b, 0x40);
  out.push(0x1b, 0x69, 0x61, 0x01);
  // Media info: valid flags (recover 0x80 | width 0x04 | kind 0x02), continuous tape, 62 mm, length 0,
  // raster line count (32-bit little endian), first page, 0.
  out.push(0x1b, 0x69, 0x7a, 0x86, QL_62MM.mediaType, QL_62MM.widthMm, 0x00);
  out.push(lines & 0xff, (lines >> 8) & 0xff, (lines >> 16) & 0xff, (lines >>> 24) & 0xff, 0x00, 0x00);
  out.push(0x1b, 0x69, 0x4d, 0x40);
  out.push(0x1b, 0x69, 0x41, 0x01);
  out.push(0x1b, 0x69, 0x4b, 0x08);
  out.push(0x1b, 0x69, 0x64, 0x23, 0x00);
  out.push(0x4d, 0x00);
  for (let y = 0; y < lines; y++) {
    const row = new Uint8Array(QL_LINE_BYTES);
    for (let x = 0; x < bitmap.width; x++) {
      if (!getPixel(bitmap, x, y)) continue;
      const position = QL_LINE_PIXELS - 1 - (QL_62MM.offset + x); // mirrored
      row[position >> 3]! |= 0x80 >> (position & 7);
    }
    out.push(0x67, 0x00, QL_LINE_BYTES, ...row);
  }
  out.push(0x1a);
  return Uint8Array.from(out);
}

export class BrotherQlDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrotherQlDecodeError';
  }
}

export interface BrotherQlJob {
  bitmap: Bitmap;
  media: { type: number; widthMm: number; lengthMm: number; lines: number } | null;
  rasterMode: boolean;
  /** Command names in order, for byte-level checks. */
  commands: string[];
  printed: boolean;
}

/**
 * Rebuild the printed bitmap (696 printable pixels wide) from a raster job, as a printer would read it.
 * Throws BrotherQlDecodeError on anything it does not understand.
 */
export function decodeBrotherQl(bytes: Uint8Array): BrotherQlJob {
  const rows: Uint8Array[] = [];
  const commands: string[] = [];
  let media: BrotherQlJob['media'] = null;
  let rasterMode = false;
  let printed = false;
  let i = 0;
  const need = (n: number, what: string) => {
    if (i + n > bytes.length) throw new BrotherQlDecodeError(`truncated ${what} at byte ${i}`);
  };
  while (i < bytes.length && !printed) {
    const b = bytes[i]!;
    if (b === 0x00) {
      if (commands.at(-1) !== 'invalidate') commands.push('invalidate');
      i++;
    } else if (b === 0x1b) {
      need(2, 'ESC command');
      if (bytes[i + 1] === 0x40) {
        commands.push('initialise');
        i += 2;
        continue;
      }
      if (bytes[i + 1] !== 0x69) throw new BrotherQlDecodeError(`unknown ESC command at byte ${i}`);
      need(3, 'ESC i command');
      const sub = bytes[i + 2]!;
      const lengths: Record<number, [string, number]> = {
        0x61: ['raster-mode', 1],
        0x7a: ['media-info', 10],
        0x4d: ['auto-cut', 1],
        0x41: ['cut-every', 1],
        0x4b: ['expanded-mode', 1],
        0x64: ['margin', 2],
        0x53: ['status-request', 0],
      };
      const known = lengths[sub];
      if (!known) throw new BrotherQlDecodeError(`unknown ESC i ${sub.toString(16)} at byte ${i}`);
      need(3 + known[1], known[0]);
      const args = bytes.subarray(i + 3, i + 3 + known[1]);
      if (sub === 0x61) rasterMode = args[0] === 0x01;
      if (sub === 0x7a) {
        media = {
          type: args[1]!,
          widthMm: args[2]!,
          lengthMm: args[3]!,
          lines: (args[4]! | (args[5]! << 8) | (args[6]! << 16) | (args[7]! << 24)) >>> 0,
        };
      }
      commands.push(known[0]);
      i += 3 + known[1];
    } else if (b === 0x4d) {
      need(2, 'compression');
      if (bytes[i + 1] !== 0x00) throw new BrotherQlDecodeError('compressed raster is not supported');
      commands.push('no-compression');
      i += 2;
    } else if (b === 0x67) {
      need(3, 'raster line');
      const length = bytes[i + 2]!;
      if (bytes[i + 1] !== 0x00 || length !== QL_LINE_BYTES) {
        throw new BrotherQlDecodeError(`raster line at byte ${i} must be 67 00 5A, got length ${length}`);
      }
      need(3 + length, 'raster line');
      rows.push(bytes.slice(i + 3, i + 3 + length));
      i += 3 + length;
    } else if (b === 0x5a) {
      rows.push(new Uint8Array(QL_LINE_BYTES)); // blank line shorthand
      i++;
    } else if (b === 0x1a || b === 0x0c) {
      commands.push(b === 0x1a ? 'print-last' : 'print');
      printed = b === 0x1a;
      i++;
    } else {
      throw new BrotherQlDecodeError(`unknown command byte ${b.toString(16)} at byte ${i}`);
    }
  }
  const bitmap = createBitmap(QL_62MM.printablePixels, rows.length);
  rows.forEach((row, y) => {
    for (let x = 0; x < QL_62MM.printablePixels; x++) {
      const position = QL_LINE_PIXELS - 1 - (QL_62MM.offset + x);
      if (row[position >> 3]! & (0x80 >> (position & 7))) bitmap.pixels[y * bitmap.width + x] = 1;
    }
  });
  return { bitmap, media, rasterMode, commands, printed };
}

/**
 * A badge laid out for 62 mm tape, 696 × 400 pixels (≈ 59 × 34 mm at 300 dpi): text on the left in the
 * built-in font (upper case, accents dropped), QR code on the right with a 4-module quiet zone.
 */
export function badgeBitmap(input: Badge): Bitmap {
  const badge = parseBadge(input);
  const bitmap = createBitmap(QL_62MM.printablePixels, 400);
  const modules = qrMatrix(badge.qr).size;
  const scale = Math.max(2, Math.floor(220 / modules));
  const qrSize = modules * scale;
  const qrX = bitmap.width - qrSize - 4 * scale;
  drawQr(bitmap, badge.qr, qrX, Math.floor((bitmap.height - qrSize) / 2), scale);
  const textWidthAvailable = qrX - 4 * scale - 16;
  const [name = '', ...rest] = badgeLines(badge);
  drawText(bitmap, fitText(name, 4, textWidthAvailable), 16, 40, 4);
  rest.forEach((line, i) => drawText(bitmap, fitText(line, 3, textWidthAvailable), 16, 110 + i * 34, 3));
  return bitmap;
}

export function brotherQlBadge(badge: Badge): Uint8Array {
  return brotherQlRaster(badgeBitmap(badge));
}
