// Reads QR codes back out of rendered output, the way a scanner would see a printed badge.
import {
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  BarcodeFormat,
  RGBLuminanceSource,
} from '@zxing/library';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';

/** Decodes the QR code in an RGBA image; throws when none is found. */
export function decodeQrFromRgba(data: Uint8Array, width: number, height: number): string {
  const luminance = new Uint8ClampedArray(width * height);
  for (let i = 0; i < width * height; i++) {
    luminance[i] = (data[i * 4]! * 299 + data[i * 4 + 1]! * 587 + data[i * 4 + 2]! * 114) / 1000;
  }
  const reader = new MultiFormatReader();
  reader.setHints(
    new Map<DecodeHintType, unknown>([
      [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE]],
      [DecodeHintType.TRY_HARDER, true],
    ]),
  );
  const source = new RGBLuminanceSource(luminance, width, height);
  return reader.decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
}

export function decodeQrFromPng(png: Buffer): string {
  const image = PNG.sync.read(png);
  return decodeQrFromRgba(image.data, image.width, image.height);
}

/** Renders the first page of a PDF with poppler's pdftoppm (as a printer would) and decodes its QR. */
export function decodeQrFromPdf(pdf: Buffer, dpi = 300): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-pdf-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', [
      '-r',
      String(dpi),
      '-png',
      '-singlefile',
      path.join(dir, 'in.pdf'),
      path.join(dir, 'page'),
    ]);
    return decodeQrFromPng(readFileSync(path.join(dir, 'page.png')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF, extracted with poppler's pdftotext. */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString();
}
