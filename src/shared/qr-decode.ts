// Reads QR codes out of pixels (camera frames, photos) with ZXing-C++ compiled to WebAssembly (npm
// zxing-wasm), for the kiosk and gate cameras and for the decode evaluation. The WebAssembly file is never
// fetched from the package's default CDN: whoever loads the decoder says where the file is (the renderer
// a URL the station serves, Node the bytes from node_modules).
import {
  prepareZXingModule,
  readBarcodes,
  type ReaderOptions,
  type ZXingModuleOverrides,
} from 'zxing-wasm/reader';

/** RGBA pixels, as a canvas's getImageData gives them. */
export interface QrPixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

const FIRST_PASS: ReaderOptions = { formats: ['QRCode'], maxNumberOfSymbols: 1, tryHarder: true };

/**
 * The reads tried on a frame, in order, until one finds a valid symbol: ZXing-C++'s default local-average
 * binarizer, then a global-histogram one, which reads low-contrast and unevenly lit codes the first misses
 * (bench `decode`: 122 → 125 of zxing-cpp's 137 sample photos).
 */
export const QR_READ_PASSES: readonly ReaderOptions[] = [
  FIRST_PASS,
  { ...FIRST_PASS, binarizer: 'GlobalHistogram' },
];

/**
 * Loads the WebAssembly module once: `locateFile` (a URL of the station's own) or `wasmBinary` (the bytes).
 * Refuses overrides that would leave the module to its default CDN address.
 */
export async function loadQrDecoder(overrides: ZXingModuleOverrides): Promise<void> {
  if (!overrides.locateFile && !overrides.wasmBinary)
    throw new Error('loadQrDecoder needs locateFile or wasmBinary: the decoder is never fetched from a CDN');
  await prepareZXingModule({ overrides, fireImmediately: true });
}

/** The text of the QR code in the image, or null when none reads. Call loadQrDecoder first. */
export async function decodeQr(
  image: QrPixels,
  passes: readonly ReaderOptions[] = QR_READ_PASSES,
): Promise<string | null> {
  for (const options of passes) {
    // zxing-wasm takes any { data, width, height } as ImageData (there is no ImageData class in Node).
    const [found] = (await readBarcodes(image as ImageData, options)).filter((r) => r.isValid);
    if (found) return found.text;
  }
  return null;
}
