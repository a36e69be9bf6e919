// The zxing-wasm QR decoder (src/shared/qr-decode.ts) in Node: the WebAssembly bytes come from
// node_modules, as the station serves the same file to its renderer; nothing is fetched.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadQrDecoder } from '../../src/shared/qr-decode';

let loaded: Promise<void> | undefined;

/** Loads the decoder once per process; later calls wait for the same load. */
export function loadQrDecoderInNode(): Promise<void> {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
  loaded ??= loadQrDecoder({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.length) });
  return loaded;
}
