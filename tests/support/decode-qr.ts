// Reads QR codes back out of rendered output, the way a scanner would see a printed badge.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Renders the first page of a PDF with poppler's pdftoppm, as a badge printer would (dots or none, no
 * grey), and reads its QR code with zbar, an independent decoder like a hardware scanner's. (zxing-js
 * misses roughly one valid symbol in ten, so it would make a badge test fail at random.)
 */
export function decodeQrFromPdf(pdf: Buffer, dpi = 300): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-pdf-'));
  try {
    writeFileSync(path.join(dir, 'in.pdf'), pdf);
    const args = ['-r', String(dpi), '-aa', 'no', '-aaVector', 'no', '-png', '-singlefile'];
    execFileSync('pdftoppm', [...args, path.join(dir, 'in.pdf'), path.join(dir, 'page')]);
    return decodeQrWithZbar(path.join(dir, 'page.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the one QR code in an image file, read by zbarimg (Debian package zbar-tools). */
export function decodeQrWithZbar(imageFile: string): string {
  const out = execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', imageFile], {
    stdio: ['ignore', 'pipe', 'ignore'], // zbar complains on stderr when there is no D-Bus
  });
  return out.toString('utf8').replace(/\n$/, '');
}

/** The text of a PDF, extracted with poppler's pdftotext. */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString();
}
