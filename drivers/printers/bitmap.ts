// 1-bit bitmaps for raster printers, with the pass QR code (src/shared/qr, the same encoder as the badge PDF) and a small built-in 5×7 font
// (A–Z, 0–9 and common punctuation; lower case prints as upper case, other characters as '?').
import { qrMatrix } from '../../src/shared/qr';

/** 1 bit per pixel stored one byte per pixel for clarity: 1 = black (printed), 0 = white. */
export interface Bitmap {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export function createBitmap(width: number, height: number): Bitmap {
  return { width, height, pixels: new Uint8Array(width * height) };
}

export function getPixel(bitmap: Bitmap, x: number, y: number): number {
  return bitmap.pixels[y * bitmap.width + x] ?? 0;
}

export function fillRect(bitmap: Bitmap, x: number, y: number, w: number, h: number, value = 1): void {
  for (let yy = Math.max(0, y); yy < Math.min(bitmap.height, y + h); yy++) {
    for (let xx = Math.max(0, x); xx < Math.min(bitmap.width, x + w); xx++)
      bitmap.pixels[yy * bitmap.width + xx] = value;
  }
}

/** Draw a QR code with `scale` pixels per module at (x, y); returns its size in pixels. */
export function drawQr(bitmap: Bitmap, data: string, x: number, y: number, scale: number): number {
  const matrix = qrMatrix(data);
  for (let my = 0; my < matrix.size; my++) {
    for (let mx = 0; mx < matrix.size; mx++) {
      if (matrix.isDark(mx, my)) fillRect(bitmap, x + mx * scale, y + my * scale, scale, scale);
    }
  }
  return matrix.size * scale;
}

// 5×7 glyphs, one number per row, bit 4 = leftmost column.
const FONT: Record<string, number[]> = {
  ' ': [0, 0, 0, 0, 0, 0, 0],
  A: [14, 17, 17, 31, 17, 17, 17],
  B: [30, 17, 17, 30, 17, 17, 30],
  C: [14, 17, 16, 16, 16, 17, 14],
  D: [30, 17, 17, 17, 17, 17, 30],
  E: [31, 16, 16, 30, 16, 16, 31],
  F: [31, 16, 16, 30, 16, 16, 16],
  G: [14, 17, 16, 23, 17, 17, 15],
  H: [17, 17, 17, 31, 17, 17, 17],
  I: [14, 4, 4, 4, 4, 4, 14],
  J: [7, 2, 2, 2, 2, 18, 12],
  K: [17, 18, 20, 24, 20, 18, 17],
  L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17],
  N: [17, 17, 25, 21, 19, 17, 17],
  O: [14, 17, 17, 17, 17, 17, 14],
  P: [30, 17, 17, 30, 16, 16, 16],
  Q: [14, 17, 17, 17, 21, 18, 13],
  R: [30, 17, 17, 30, 20, 18, 17],
  S: [15, 16, 16, 14, 1, 1, 30],
  T: [31, 4, 4, 4, 4, 4, 4],
  U: [17, 17, 17, 17, 17, 17, 14],
  V: [17, 17, 17, 17, 17, 10, 4],
  W: [17, 17, 17, 21, 21, 21, 10],
  X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 17, 10, 4, 4, 4],
  Z: [31, 1, 2, 4, 8, 16, 31],
  '0': [14, 17, 19, 21, 25, 17, 14],
  '1': [4, 12, 4, 4, 4, 4, 14],
  '2': [14, 17, 1, 2, 4, 8, 31],
  '3': [31, 2, 4, 2, 1, 17, 14],
  '4': [2, 6, 10, 18, 31, 2, 2],
  '5': [31, 16, 30, 1, 1, 17, 14],
  '6': [6, 8, 16, 30, 17, 17, 14],
  '7': [31, 1, 2, 4, 8, 8, 8],
  '8': [14, 17, 17, 14, 17, 17, 14],
  '9': [14, 17, 17, 15, 1, 2, 12],
  '-': [0, 0, 0, 31, 0, 0, 0],
  '.': [0, 0, 0, 0, 0, 12, 12],
  ',': [0, 0, 0, 0, 12, 4, 8],
  ':': [0, 12, 12, 0, 12, 12, 0],
  "'": [4, 4, 8, 0, 0, 0, 0],
  '/': [0, 1, 2, 4, 8, 16, 0],
  '&': [12, 18, 20, 8, 21, 18, 13],
  '@': [14, 17, 1, 13, 21, 21, 14],
  '(': [2, 4, 8, 8, 8, 4, 2],
  ')': [8, 4, 2, 2, 2, 4, 8],
  '?': [14, 17, 1, 2, 4, 0, 4],
};

/** Width in pixels of `text` drawn at `scale` (6 columns per character: 5 + 1 spacing). */
export function textWidth(text: string, scale: number): number {
  return [...text].length * 6 * scale;
}

/** Draw text with the built-in font; returns the width drawn. Accents are dropped (É → E). */
export function drawText(bitmap: Bitmap, text: string, x: number, y: number, scale: number): number {
  const plain = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .toUpperCase();
  let cx = x;
  for (const char of plain) {
    const glyph = FONT[char] ?? FONT['?']!;
    glyph.forEach((row, gy) => {
      for (let gx = 0; gx < 5; gx++) {
        if (row & (1 << (4 - gx))) fillRect(bitmap, cx + gx * scale, y + gy * scale, scale, scale);
      }
    });
    cx += 6 * scale;
  }
  return cx - x;
}

/** Cut text to fit maxWidth, with a trailing '.' when shortened. */
export function fitText(text: string, scale: number, maxWidth: number): string {
  const chars = [...text];
  const max = Math.floor(maxWidth / (6 * scale));
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '.';
}
