// The real Electron app, driven by Playwright: the renderer over app://, the one bridge object, no Node in
// the page, navigation away refused, calls over IPC. Needs the Electron binary; where it is absent (this
// project's CI machine cannot download it) the whole file is skipped with the reason, the one skip allowed.
import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron binary, or why there is none (the electron package's main is the binary's path). */
function findElectron(): { binary?: string; reason?: string } {
  let binary: unknown;
  try {
    binary = createRequire(import.meta.url)('electron');
  } catch {
    return {
      reason:
        'the Electron binary is not installed (node_modules/electron has no dist/, its download failed or was blocked)',
    };
  }
  if (typeof binary !== 'string' || !existsSync(binary))
    return { reason: `the Electron binary is missing (${String(binary)})` };
  return { binary };
}

const { binary, reason } = findElectron();
const SKIP_REASON = `Electron tests skipped: ${reason}. The same screens are tested in Chromium over the web host.`;
// The list reporter does not print skip reasons: say it where the person running the tests sees it.
if (!binary && !process.env.TEST_WORKER_INDEX) console.warn(SKIP_REASON);

test.describe('the Electron app', () => {
  test.skip(!binary, SKIP_REASON);

  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;

  test.beforeAll(async () => {
    // The app as `npm start` runs it: fresh bundles, better-sqlite3 built for Electron, a new data directory.
    const vite = path.join(
      path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
      'bin',
      'vite.js',
    );
    for (const args of [
      [vite, 'build', '--config', 'vite.electron.config.ts'],
      [vite, 'build', '--config', 'vite.electron.config.ts', '--mode', 'preload'],
      ['scripts/electron-native.mjs'],
    ]) {
      const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`${args.join(' ')} failed:\n${run.stdout}${run.stderr}`);
    }
    dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-electron-'));
    app = await electron.launch({
      executablePath: binary,
      args: [ROOT], // package.json "main": dist-electron/main.js
      cwd: ROOT,
      env: { ...process.env, GATEHOUSE_DATA_DIR: dataDir },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('shows the renderer from app://, not file://', async () => {
    expect(page.url()).toMatch(/^app:\/\/gatehouse\//);
    await expect(page.locator('#root > *').first()).toBeVisible();
  });

  test('exposes exactly window.gatehouse = { call, on } and no Node', async () => {
    const seen = await page.evaluate(() => ({
      keys: Object.keys((window as unknown as { gatehouse: object }).gatehouse).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (globalThis as unknown as { process?: unknown }).process,
      module: typeof (globalThis as unknown as { module?: unknown }).module,
    }));
    expect(seen).toEqual({
      keys: ['call', 'on'],
      require: 'undefined',
      process: 'undefined',
      module: 'undefined',
    });
  });

  test('answers a call over IPC, and an error as data', async () => {
    const health = await page.evaluate(() =>
      (window as unknown as { gatehouse: { call(m: string, i: unknown): Promise<unknown> } }).gatehouse.call(
        'system.health',
        {},
      ),
    );
    expect(health).toMatchObject({
      ok: true,
      configured: expect.any(Boolean),
      stationId: expect.any(String),
    });

    const failure = await page.evaluate(() =>
      (window as unknown as { gatehouse: { call(m: string, i: unknown): Promise<unknown> } }).gatehouse.call(
        'nope.nothing',
        {},
      ),
    );
    expect(failure).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  test('serves the page with the CSP and refuses paths out of the renderer folder', async () => {
    const answers = await page.evaluate(async () => {
      const index = await fetch('app://gatehouse/index.html');
      const escape = await fetch('app://gatehouse/..%2F..%2Fpackage.json');
      return { csp: index.headers.get('content-security-policy'), escape: escape.status };
    });
    expect(answers.csp).toContain("script-src 'self'");
    expect(answers.escape).toBe(404);
  });

  test('refuses to navigate to another origin or open a window', async () => {
    const before = page.url();
    const opened = await page.evaluate(() => {
      const popup = window.open('https://example.com/');
      window.location.href = 'https://example.com/';
      return popup === null;
    });
    expect(opened).toBe(true);
    // A round trip through the main process after the attempt: had the navigation gone through, the page
    // (and its bridge) would be gone.
    const health = await page.evaluate(() =>
      (
        window as unknown as { gatehouse: { call(m: string, i: unknown): Promise<{ ok: boolean }> } }
      ).gatehouse.call('system.health', {}),
    );
    expect(health.ok).toBe(true);
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
  });
});
