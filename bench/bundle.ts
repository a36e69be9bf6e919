// Issue 18 item 5: the JavaScript a kiosk loads before its first screen shows, gzipped. The renderer is
// built with the project's vite.config.ts into a folder of its own; the first screen's JavaScript is what
// index.html loads (its module script and the modulepreload links, i.e. the entry chunk and its static
// imports), which holds the kiosk's welcome screen. Everything else is loaded by import() when needed.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Issue 18: kiosk first screen ≤ 250 KB of gzipped JavaScript. */
export const KIOSK_FIRST_SCREEN_GZIP_LIMIT = 250 * 1024;

export interface RendererBundle {
  /** The files index.html loads, relative to the build folder. */
  firstScreen: string[];
  firstScreenGzipBytes: number;
  /** Every JavaScript file of the build, with its gzipped size. */
  chunks: Array<{ file: string; gzipBytes: number; text: string }>;
  /** Files of other kinds (the decoder's .wasm among them). */
  assets: string[];
}

const gzipSize = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;

/** Builds the renderer (production, no source maps) into a temporary folder and measures it. */
export async function buildRenderer(): Promise<RendererBundle> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-renderer-'));
  // Under vitest NODE_ENV is 'test', which would build React's development code: build as `vite build` does.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(REPO, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
    const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
    const firstScreen = [
      ...html.matchAll(/<script type="module"[^>]*src="\.\/([^"]+\.js)"/g),
      ...html.matchAll(/<link rel="modulepreload"[^>]*href="\.\/([^"]+\.js)"/g),
    ].map((m) => m[1]!);
    const files = readdirSync(path.join(outDir, 'assets')).map((f) => `assets/${f}`);
    const chunks = files
      .filter((f) => f.endsWith('.js'))
      .map((file) => {
        const bytes = readFileSync(path.join(outDir, file));
        return { file, gzipBytes: gzipSize(bytes), text: bytes.toString('utf8') };
      });
    const firstScreenGzipBytes = chunks
      .filter((c) => firstScreen.includes(c.file))
      .reduce((sum, c) => sum + c.gzipBytes, 0);
    return { firstScreen, firstScreenGzipBytes, chunks, assets: files.filter((f) => !f.endsWith('.js')) };
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    rmSync(outDir, { recursive: true, force: true });
  }
}
