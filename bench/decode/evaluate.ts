// Issue 18 item 4: QR read rate and time per photo of the two camera decoders, side by side on photos the
// project did not make: zxing-cpp's own test photographs (bench/data/qr-samples/README.md), one category
// per sample folder; and on the project's own distorted badge photos (bench/data/badge-photos), one
// category per distortion. @zxing/library is read as the renderer ran it (BrowserQRCodeReader: QRCodeReader on a
// HybridBinarizer, default hints, the canvas's luminance); zxing-wasm as it runs now (src/shared/qr-decode).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BinaryBitmap, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { PNG } from 'pngjs';
import { decodeQr, type QrPixels } from '../../src/shared/qr-decode';
import { loadQrDecoderInNode } from '../../tests/support/qr-wasm';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the photos are: $QR_SAMPLES_DIR, else the committed set in bench/data/qr-samples (its README). */
export function qrSamplesDir(): string | null {
  const candidates = [process.env.QR_SAMPLES_DIR, path.join(REPO, 'bench/data/qr-samples')];
  for (const dir of candidates)
    if (dir && existsSync(dir) && readdirSync(dir).some((d) => d.startsWith('qrcode-'))) return dir;
  return null;
}

export interface DecodeCategory {
  category: string;
  photos: number;
  zxingJs: number;
  zxingWasm: number;
  /** Mean milliseconds per photo, read or not. */
  zxingJsMs: number;
  zxingWasmMs: number;
}

interface Photo {
  category: string;
  file: string;
  pixels: QrPixels;
  expected: string;
}

/** Where the project's own distorted badge photos are (bench/data/badge-photos/README.md). */
export function badgePhotosDir(): string | null {
  const dir = path.join(REPO, 'bench/data/badge-photos');
  return existsSync(dir) ? dir : null;
}

/** The category folders of a photo set: every folder with photos in it, in name order. */
function categoriesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(path.join(dir, d.name)).some((f) => f.endsWith('.png')))
    .map((d) => d.name)
    .sort();
}

function loadPhotos(dir: string): Photo[] {
  const photos: Photo[] = [];
  for (const category of categoriesOf(dir)) {
    for (const file of readdirSync(path.join(dir, category))
      .filter((f) => f.endsWith('.png'))
      .sort()) {
      const png = PNG.sync.read(readFileSync(path.join(dir, category, file)));
      const expected = readFileSync(path.join(dir, category, file.replace(/\.png$/, '.txt')), 'utf8');
      photos.push({
        category,
        file,
        pixels: { data: new Uint8ClampedArray(png.data), width: png.width, height: png.height },
        expected,
      });
    }
  }
  return photos;
}

/** The grey levels a browser canvas gives zxing-js (its HTMLCanvasElementLuminanceSource). */
function luminance({ data, width, height }: QrPixels): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height);
  for (let i = 0; i < out.length; i++)
    out[i] = (306 * data[i * 4]! + 601 * data[i * 4 + 1]! + 117 * data[i * 4 + 2]! + 0x200) >> 10;
  return out;
}

function decodeWithZxingJs(pixels: QrPixels): string | null {
  try {
    const source = new RGBLuminanceSource(luminance(pixels), pixels.width, pixels.height);
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source))).getText();
  } catch {
    return null;
  }
}

/** Each photo decoded by both decoders (`rounds` times, for the time); figures per category and overall. */
export async function evaluateDecoders(dir: string, rounds = 1): Promise<DecodeCategory[]> {
  await loadQrDecoderInNode();
  const photos = loadPhotos(dir);
  const byCategory = new Map<string, DecodeCategory>();
  const empty = (category: string): DecodeCategory => ({
    category,
    photos: 0,
    zxingJs: 0,
    zxingWasm: 0,
    zxingJsMs: 0,
    zxingWasmMs: 0,
  });
  const total = empty('all');
  for (const photo of photos) {
    const row = byCategory.get(photo.category) ?? empty(photo.category);
    byCategory.set(photo.category, row);
    let jsText: string | null = null;
    let wasmText: string | null = null;
    let jsMs = 0;
    let wasmMs = 0;
    for (let r = 0; r < rounds; r++) {
      let start = performance.now();
      jsText = decodeWithZxingJs(photo.pixels);
      jsMs += performance.now() - start;
      start = performance.now();
      wasmText = await decodeQr(photo.pixels);
      wasmMs += performance.now() - start;
    }
    for (const target of [row, total]) {
      target.photos++;
      if (jsText === photo.expected) target.zxingJs++;
      if (wasmText === photo.expected) target.zxingWasm++;
      target.zxingJsMs += jsMs / rounds;
      target.zxingWasmMs += wasmMs / rounds;
    }
  }
  return [...byCategory.values(), total].map((row) => ({
    ...row,
    zxingJsMs: row.zxingJsMs / row.photos,
    zxingWasmMs: row.zxingWasmMs / row.photos,
  }));
}

/** The table the README carries. */
export function formatDecodeTable(rows: DecodeCategory[]): string {
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} % (${n}/${of})`;
  const lines = ['category      @zxing/library          zxing-wasm              ms/photo js → wasm'];
  for (const r of rows)
    lines.push(
      `${r.category.padEnd(14)}${pct(r.zxingJs, r.photos).padEnd(24)}${pct(r.zxingWasm, r.photos).padEnd(24)}` +
        `${r.zxingJsMs.toFixed(1)} → ${r.zxingWasmMs.toFixed(1)}`,
    );
  return lines.join('\n');
}
