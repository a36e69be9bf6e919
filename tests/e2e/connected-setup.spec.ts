// The README's connected-stations walk-through (docs/setup.md), followed step by step on real processes:
// `npm run server -- add-site` (default visitor types, a Reception host, the setup code), `npm run server`,
// `npm run server -- enroll` for a kiosk, a desk and a gate, three `npm run serve` stations, each connected
// from its setup screen; the first admin created at the desk with the setup code. Then a walk-in at the
// kiosk, the pass (read back from the kiosk's screen by zbar) admitted at the gate, and the desk sees the
// visitor on site.
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { decodeQrWithZbar } from '../support/decode-qr';
import { freePort, ROOT, startScript as start, stopScripts } from '../support/npm-script';
import { connect, expect, signIn, test, walkInToReception } from './fixtures';

const run = promisify(execFile);

/** `npm run <script> -- <args>`, as the README types it; its standard output. */
async function npm(script: string, args: string[]): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', script, '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  return stdout;
}

async function sign(page: Page) {
  const pad = page.getByRole('img', { name: 'Signature area' });
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++)
    await page.mouse.move(box.x + 30 + i * 30, box.y + box.height / 2 + (i % 2) * 20);
  await page.mouse.up();
}

test('a server, a kiosk, a desk and a gate set up from the README: walk-in, gate, desk', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-e2e-setup-'));
  const children: ChildProcess[] = [];
  try {
    const serverPort = await freePort();
    const serverUrl = `http://127.0.0.1:${serverPort}`;
    const data = ['--data-dir', path.join(dir, 'server-data')];

    // 1. The site, with its setup code.
    const added = await npm('server', [
      'add-site',
      '--name',
      'Harbour Office',
      '--timezone',
      'Europe/London',
      ...data,
    ]);
    const siteId = /Site Harbour Office: (\S+)/.exec(added)?.[1];
    const setupCode = /Setup code for its first admin: (\S+)/.exec(added)?.[1];
    expect(siteId).toBeTruthy();
    expect(setupCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // 2. The sync server.
    children.push(await start('server', ['--port', String(serverPort), ...data], `${serverUrl}/healthz`));

    // 3. One enrollment code per station.
    const codes: Record<string, string> = {};
    for (const role of ['kiosk', 'desk', 'gate']) {
      const out = await npm('server', ['enroll', '--site', siteId!, '--role', role, ...data]);
      codes[role] = /: ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}) /.exec(out)![1]!;
    }

    // 4. Three stations, each in its own data folder.
    const urls: Record<string, string> = {};
    for (const role of ['kiosk', 'desk', 'gate']) {
      const port = await freePort();
      urls[role] = `http://127.0.0.1:${port}/`;
      children.push(
        await start('serve', ['--port', String(port), '--data-dir', path.join(dir, role)], urls[role]),
      );
    }

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const [kiosk, desk, gate] = [await context.newPage(), await context.newPage(), await context.newPage()];

    // 5. Each station connected from its setup screen; the first admin at the desk with the setup code.
    await connect(desk, urls.desk!, serverUrl, codes.desk!);
    await expect(desk.getByLabel('Sign-in name')).toBeVisible();
    // Nobody can sign in yet: the site has no staff.
    await signIn(desk, 'alex', '135790');
    await expect(desk.getByRole('alert')).toBeVisible();
    await desk.getByRole('button', { name: 'First time here? Set up the site’s first admin' }).click();
    // A wrong code is refused, and creates nobody.
    await desk.getByLabel('Setup code').fill('AAAA-BBBB-CCCC');
    await desk.getByLabel('Your name').fill('Alex Admin');
    await desk.getByLabel('Sign-in name').fill('alex');
    await desk.getByLabel('PIN').fill('135790');
    await desk.getByRole('button', { name: 'Create the admin account' }).click();
    await expect(desk.getByRole('alert')).toContainText('Setup code: This value is not valid.');
    await desk.getByLabel('Setup code').fill(setupCode!.toLowerCase());
    await desk.getByRole('button', { name: 'Create the admin account' }).click();
    await expect(desk.getByRole('status')).toContainText('The admin account is ready.');
    await signIn(desk, 'alex', '135790');
    await expect(desk.getByRole('button', { name: 'Sign out' })).toBeVisible();

    await connect(gate, urls.gate!, serverUrl, codes.gate!);
    // The account reached the gate by sync: the first pull follows the connection at once.
    await expect(gate.getByLabel('Sign-in name')).toBeVisible();
    await gate.waitForTimeout(5_000);
    await signIn(gate, 'alex', '135790');
    await expect(gate.getByRole('heading', { name: 'Ready to scan' })).toBeVisible();

    await connect(kiosk, urls.kiosk!, serverUrl, codes.kiosk!);
    await expect(kiosk.getByRole('heading', { name: 'Welcome to Harbour Office' })).toBeVisible();

    // A walk-in at the kiosk: the site's default types and its Reception host are there.
    await kiosk.getByRole('link', { name: /^Check in/ }).click();
    for (const type of ['Visitor', 'Contractor', 'Interview', 'Delivery'])
      await expect(kiosk.getByRole('button', { name: type, exact: true })).toBeVisible();
    await walkInToReception(kiosk);
    await expect(kiosk.getByRole('heading', { name: 'Confidentiality agreement' })).toBeVisible();
    await sign(kiosk);
    await kiosk.getByRole('button', { name: 'Next' }).click();
    await kiosk.getByRole('button', { name: 'Check in' }).click();
    await expect(kiosk.getByRole('heading', { name: 'Welcome, Ada! You are checked in.' })).toBeVisible();

    // The pass as a phone camera or a scanner sees it on the kiosk's screen.
    const shot = path.join(dir, 'pass.png');
    writeFileSync(shot, await kiosk.getByRole('img', { name: 'Your pass as a QR code' }).screenshot());
    const token = decodeQrWithZbar(shot);

    // At the gate, a keyboard-wedge scanner reads it: admitted, by the kiosk's key that reached the gate.
    await gate.bringToFront();
    const wedge = gate.getByLabel('Scanner input');
    await expect(async () => {
      await expect(gate.getByRole('heading', { name: 'Ready to scan' })).toBeVisible({ timeout: 3_000 });
      await wedge.focus();
      await wedge.evaluate((input, code) => {
        for (const key of [...code, 'Enter'])
          input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      }, token);
      await expect(gate.locator('.verdict')).toHaveAttribute('data-granted', 'yes', { timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    await expect(gate.locator('.verdict')).toContainText('Ada Lovelace');

    // The desk sees her on site.
    await desk.bringToFront();
    await expect(async () => {
      await desk.getByRole('tab', { name: /^Today/ }).click();
      await desk.getByRole('tab', { name: /^On site/ }).click();
      await expect(desk.getByText('Ada Lovelace').first()).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    await context.close();
  } finally {
    await stopScripts(children);
    rmSync(dir, { recursive: true, force: true });
  }
});
