// A site from a template and an enrollment code ended early, in the console (#16, docs/console.md), in
// Chromium against the real server process on SQLite and a real `npm run serve` station. The administrator
// gives Harbour Office a capacity, creates Harbour East as a copy of it (its setup code shown once), makes a
// kiosk code and a gate code there and ends the gate's: the station's setup screen refuses that code as it
// refuses one that ran out, takes the kiosk's, and after its first sync the kiosk offers the template's visitor types — the
// Auditor added at the template too — and holds its capacity.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newId } from '../../src/shared/ids';
import { freePort, startScript, stopScripts } from '../support/npm-script';
import { startConsoleServer, type ConsoleServer } from '../support/sync/console';
import { adminCall } from '../support/sync/server';
import { connect, expect, test, walkInToReception } from './fixtures';

const ADMIN_TOKEN = 'console-templates-e2e-admin-token';
const ADA = { login: 'ada', name: 'Ada Admin', password: 'correct horse battery staple' };

let server: ConsoleServer;
test.beforeAll(async () => {
  server = await startConsoleServer('sqlite', ADA, { GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN });
});
test.afterAll(() => server?.stop());

test('a site made from a template reaches its kiosk with the template’s types and capacity; an ended code is refused', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const base = server.base;
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-e2e-template-'));
  const children: ChildProcess[] = [];
  try {
    // The template: a starter site with the default types, and an Auditor type authored at the server.
    const template = await adminCall(base, ADMIN_TOKEN, '/admin/sites', {
      name: 'Harbour Office',
      timezone: 'Europe/London',
      starter: true,
    });
    const at = new Date().toISOString();
    await adminCall(base, ADMIN_TOKEN, '/admin/ops', {
      ops: [
        {
          type: 'visitorType.upsert',
          entityId: newId(),
          siteId: template.id,
          payload: {
            siteId: template.id,
            names: { en: 'Auditor' },
            color: '#123456',
            sortOrder: 9,
            createdAt: at,
            updatedAt: at,
          },
        },
      ],
    });
    // A code that runs out by itself within a second and a half: what an expired code's station is told.
    const short = await adminCall(base, ADMIN_TOKEN, '/admin/enrollment-codes', {
      siteId: template.id,
      role: 'gate',
      ttlHours: 0.0004,
    });
    const stationPort = await freePort();
    const stationUrl = `http://127.0.0.1:${stationPort}/`;
    const starting = startScript(
      'serve',
      ['--port', String(stationPort), '--data-dir', path.join(dir, 'kiosk')],
      stationUrl,
    );

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${base}/console/`);
    await page.getByLabel('Login').fill(ADA.login);
    await page.getByLabel('Password').fill(ADA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The template's capacity, set in the console.
    await page.getByRole('button', { name: /Harbour Office/ }).click();
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByLabel('Visitors on site at once').fill('2');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toHaveText(/Saved\./);
    await page.getByRole('button', { name: '← All sites' }).click();

    // A name in use is refused in words and creates nothing; then Harbour East as a copy of Harbour Office.
    const newSite = page.getByRole('form', { name: 'New site' });
    await newSite.getByLabel('Start from').selectOption({ label: 'A copy of Harbour Office' });
    await expect(newSite.getByLabel('Time zone')).toHaveValue('Europe/London');
    await expect(newSite.getByText('Its staff, hosts, stations and visits are not copied.')).toBeVisible();
    await newSite.getByLabel('Site name').fill('harbour office');
    await newSite.getByRole('button', { name: 'Create site' }).click();
    await expect(newSite.getByRole('alert')).toHaveText(
      'There is already a site named harbour office. Choose another name.',
    );
    await newSite.getByLabel('Site name').fill('Harbour East');
    await newSite.getByRole('button', { name: 'Create site' }).press('Enter');
    await expect(page.getByRole('heading', { name: 'Harbour East is ready' })).toBeVisible();
    await expect(page.getByTestId('setup-code')).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect(page.locator('.cards').getByRole('button', { name: /Harbour East/ })).toContainText(
      '0 stations',
    );
    await page.getByRole('button', { name: 'Open Harbour East' }).click();
    await expect(page.getByRole('heading', { name: 'Harbour East' })).toBeVisible();

    // Two codes; the gate's is ended now and leaves the list of open codes.
    const codeFor = async (role: string) => {
      await page.getByLabel('Role').selectOption(role);
      await page.getByRole('button', { name: 'Create enrollment code' }).click();
      const code = (await page.getByTestId('enrollment-code').textContent())!.trim();
      await page.getByRole('button', { name: 'Done' }).click();
      return code;
    };
    const open = page.getByRole('region', { name: 'Enrollment codes not used yet' });
    await expect(open).toContainText('No enrollment code of this site is waiting to be used.');
    const kioskCode = await codeFor('kiosk');
    const gateCode = await codeFor('gate');
    await expect(open.getByRole('listitem')).toHaveCount(2);
    const gateItem = open.getByRole('listitem', { name: /^Gate: created/ });
    const endButton = gateItem.getByRole('button', { name: 'End it now' });
    expect((await endButton.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await endButton.click();
    await expect(open.getByRole('listitem')).toHaveCount(1);
    await expect(open.getByRole('listitem')).toHaveAccessibleName(/^Kiosk: created/);

    // The station's setup screen: the ended code is refused as the one that ran out is, the kiosk's taken.
    await starting.then((child) => children.push(child));
    const kiosk = await context.newPage();
    await expect.poll(() => Date.now()).toBeGreaterThan(Date.parse(String(short.expiresAt)));
    await connect(kiosk, stationUrl, base, String(short.code));
    await expect(kiosk.getByRole('alert')).toBeVisible();
    const ranOut = (await kiosk.getByRole('alert').textContent())!;
    expect(ranOut).toMatch(/^That enrollment code has expired; ask for a new one\..*Enrollment code/);
    await connect(kiosk, stationUrl, base, gateCode);
    await expect(kiosk.getByRole('alert')).toHaveText(ranOut);
    await connect(kiosk, stationUrl, base, kioskCode);
    await expect(kiosk.getByRole('heading', { name: 'Welcome to Harbour East' })).toBeVisible({
      timeout: 20_000,
    });
    await expect(open).toContainText('No enrollment code of this site is waiting to be used.');

    // After its first sync: the template's active types, the Auditor among them, and its capacity.
    await expect(async () => {
      await kiosk.reload();
      await kiosk.getByRole('link', { name: /^Check in/ }).click();
      for (const type of ['Visitor', 'Contractor', 'Interview', 'Delivery', 'Auditor'])
        await expect(kiosk.getByRole('button', { name: type, exact: true })).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    const settings = await fetch(`${stationUrl}api/settings.site`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await settings.json()).toMatchObject({ capacity: 2 });
    // The Visitor type's agreement came with it.
    await walkInToReception(kiosk);
    await expect(kiosk.getByRole('heading', { name: 'Confidentiality agreement' })).toBeVisible();
    await context.close();
  } finally {
    await stopScripts(children);
    rmSync(dir, { recursive: true, force: true });
  }
});
