// Suite `decode` (issue 18 item 4): the camera decoders side by side in one run on zxing-cpp's sample
// photographs (bench/data/qr-samples/README.md), per sample folder: photos read and mean ms per photo for
// @zxing/library (the old renderer decoder) and zxing-wasm (the renderer's decoder now); then the same on
// the project's own distorted badge photos (bench/data/badge-photos, metrics prefixed badge_). Each photo
// is decoded 5 times for the time.
import {
  badgePhotosDir,
  evaluateDecoders,
  formatDecodeTable,
  qrSamplesDir,
  type DecodeCategory,
} from '../decode/evaluate';

export async function decodeSuite(): Promise<Record<string, number>> {
  const samples = qrSamplesDir();
  if (!samples) throw new Error('QR sample photographs not found: see bench/data/qr-samples/README.md');
  const badges = badgePhotosDir();
  if (!badges) throw new Error('Badge photos not found: see bench/data/badge-photos/README.md');
  const metrics: Record<string, number> = {};
  for (const [set, dir] of [
    ['', samples],
    ['badge_', badges],
  ] as const)
    addRows(metrics, set, await evaluateDecoders(dir, 5));
  return metrics;
}

function addRows(metrics: Record<string, number>, set: string, rows: DecodeCategory[]): void {
  console.log(formatDecodeTable(rows));
  for (const r of rows) {
    const key = set + r.category.replaceAll('-', '_');
    metrics[`${key}_photos`] = r.photos;
    metrics[`${key}_read_zxing_js`] = r.zxingJs;
    metrics[`${key}_read_zxing_wasm`] = r.zxingWasm;
    metrics[`${key}_ms_per_photo_zxing_js`] = Math.round(r.zxingJsMs * 100) / 100;
    metrics[`${key}_ms_per_photo_zxing_wasm`] = Math.round(r.zxingWasmMs * 100) / 100;
  }
}
