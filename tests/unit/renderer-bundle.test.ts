// Issue 18 item 5: a kiosk's first screen waits for no decoder. The renderer is built here and the gzipped
// JavaScript index.html loads is measured (bench/bundle.ts): at most 250 KB, with no QR decoder inside; the
// camera decoder and its WebAssembly are chunks of their own, loaded by the screens that scan.
import { beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_FIRST_SCREEN_GZIP_LIMIT, buildRenderer, type RendererBundle } from '../../bench/bundle';

describe('renderer bundle split by station kind', () => {
  let bundle: RendererBundle;
  beforeAll(async () => {
    bundle = await buildRenderer();
  }, 300_000);

  it('the kiosk first screen is at most 250 KB of gzipped JavaScript', () => {
    expect(bundle.firstScreen.length).toBeGreaterThan(0);
    expect(bundle.firstScreenGzipBytes).toBeGreaterThan(0);
    expect(bundle.firstScreenGzipBytes).toBeLessThanOrEqual(KIOSK_FIRST_SCREEN_GZIP_LIMIT);
  });

  it('holds the kiosk welcome screen and no QR decoder (neither zxing-wasm nor @zxing/library)', () => {
    const first = bundle.chunks.filter((c) => bundle.firstScreen.includes(c.file));
    const text = first.map((c) => c.text).join('\n');
    expect(text).toContain('kiosk.welcome.lead');
    expect(text).not.toContain('zxing_reader');
    // Class names of @zxing/library's QR code, kept by the minifier; they live in later chunks.
    expect(text).not.toMatch(/FinderPattern|QRCodeDecoderErrorCorrectionLevel/);
  });

  it('ships the decoder WebAssembly as an asset of its own, referenced by a later chunk only', () => {
    const wasm = bundle.assets.filter((f) => /zxing_reader-[\w-]+\.wasm$/.test(f));
    expect(wasm).toHaveLength(1);
    const referencing = bundle.chunks.filter((c) => c.text.includes(wasm[0]!.replace('assets/', '')));
    expect(referencing.length).toBeGreaterThan(0);
    for (const c of referencing) expect(bundle.firstScreen).not.toContain(c.file);
  });
});
