// Takes docs/kiosk.png for the README: the kiosk welcome of a fresh demo station at 1280×800, in
// Debian's Chromium. Needs the renderer built (`npx vite build`). Run: npx tsx scripts/screenshot.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startStation } from '../src/main/station';
import { createWebHost } from '../src/main/web/server';

const out = fileURLToPath(new URL('../docs/kiosk.png', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-screenshot-'));
const station = await startStation({ dataDir, demo: true, preset: { kind: 'kiosk' } });
const app = await createWebHost(station);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await page.goto(url);
  await page.getByRole('heading', { name: /^Welcome to / }).waitFor();
  await page.screenshot({ path: out });
  console.log(`Saved ${path.relative(process.cwd(), out)}`);
} finally {
  await browser.close();
  await app.close();
  station.close();
  rmSync(dataDir, { recursive: true, force: true });
}
