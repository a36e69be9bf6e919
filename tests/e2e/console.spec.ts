// The sync server's console page (#16 item 3, docs/console.md) in Chromium against the real server process
// on a temp SQLite database, started as an operator would (`add-admin`, then `serve`): a guessed login is
// locked and the page says until when, a wrong password is refused in words; the administrator signs in, sees the site and its stations (one online with its printer
// out of labels), revokes one, creates an enrollment code shown once with its QR — and the code enrolls a
// station; alerts read in another language, and the audit log filtered by site, station and action. The
// page runs under the server's strict CSP with no violation.
import { printerOutHealth, startConsoleServer, type ConsoleServer } from '../support/sync/console';
import { addSite, enrollRaw, post } from '../support/sync/http';
import { SYNC_PROTOCOL_VERSION } from '../../src/shared/sync';
import { expect, test } from '@playwright/test';

const ADMIN_TOKEN = 'console-e2e-admin-token';
const ADA = { login: 'ada', name: 'Ada Admin', password: 'correct horse battery staple' };

let server: ConsoleServer;
test.beforeAll(async () => {
  server = await startConsoleServer('sqlite', ADA, { GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN });
});
test.afterAll(() => server?.stop());

test('an administrator signs in, sees the stations, revokes one and creates an enrollment code', async ({
  page,
}) => {
  // One administrator's whole round of the console: longer than the default minute on a busy machine.
  test.setTimeout(180_000);
  const base = server.base;
  const siteId = await addSite(base, ADMIN_TOKEN, 'Harbour Office');
  const kiosk = await enrollRaw(base, ADMIN_TOKEN, siteId, 'kiosk', { name: 'Lobby kiosk' });
  const frontDesk = await enrollRaw(base, ADMIN_TOKEN, siteId, 'desk', { name: 'Front desk' });
  expect(
    (
      await post(base, '/sync/health', kiosk.credential, {
        protocolVersion: SYNC_PROTOCOL_VERSION,
        health: printerOutHealth({ lastSyncAt: new Date().toISOString() }),
      })
    ).status,
  ).toBe(200);

  const problems: string[] = [];
  // A refused request (the 401 of a wrong password) is logged by Chromium too: only CSP and script errors count.
  page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));

  const response = await page.goto(`${base}/console/`);
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self';/);

  // A login guessed five times is locked here, and the page says until when.
  for (let i = 0; i < 6; i++) {
    await page.getByLabel('Login').fill('nobody');
    await page.getByLabel('Password').fill(`guess number ${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByLabel('Password')).toHaveValue('');
  }
  await expect(page.getByRole('alert')).toContainText(
    'Too many wrong attempts from here. You can try again after',
  );

  // A wrong password: refused in words, the form stays.
  await page.getByLabel('Login').fill('ada');
  await page.getByLabel('Password').fill('not the password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('That login and password do not match.');

  await page.getByLabel('Password').fill(ADA.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Ada Admin (ada)')).toBeVisible();

  // Controls are big enough to touch.
  const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
  expect(signOut!.height).toBeGreaterThanOrEqual(44);

  const card = page.getByRole('button', { name: /Harbour Office/ });
  await expect(card).toContainText('2 stations, 1 online');
  await card.click();
  await expect(page.getByRole('heading', { name: 'Harbour Office' })).toBeVisible();

  const lobby = page.getByRole('listitem', { name: 'Lobby kiosk' });
  await expect(lobby).toContainText('Online');
  await expect(lobby).toContainText('1.4.0');
  await expect(lobby).toContainText('Lobby printer: out of labels');
  await expect(lobby).toContainText('Printer problem');

  // Live: the kiosk's next reports show without a reload, within 5 s — labels loaded, then out again (red).
  const report = async (problem: string | null) => {
    const health = printerOutHealth({
      lastSyncAt: new Date().toISOString(),
      devices: printerOutHealth().devices.map((d) => ({ ...d, problem })),
    });
    const sent = await post(base, '/sync/health', kiosk.credential, {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      health,
    });
    expect(sent.status).toBe(200);
  };
  const printer = lobby.getByRole('list', { name: 'Devices' }).getByRole('listitem');
  await report(null);
  await expect(printer).toHaveText('Lobby printer: working', { timeout: 5_000 });
  await expect(printer).toHaveClass('good');
  await report('no_media');
  await expect(printer).toHaveText('Lobby printer: out of labels', { timeout: 5_000 });
  await expect(printer).toHaveClass('bad');
  const desk = page.getByRole('listitem', { name: 'Front desk' });
  await expect(desk).toContainText('never');

  // Revoke the desk, with a confirmation step.
  await desk.getByRole('button', { name: 'Revoke this station' }).click();
  await desk.getByRole('button', { name: 'Yes, revoke it' }).click();
  await expect(desk).toContainText('Revoked');
  await expect(desk.getByRole('button', { name: 'Revoke this station' })).toHaveCount(0);

  // An enrollment code for a gate, by keyboard: shown once, with its QR.
  await page.getByLabel('Role').selectOption('gate');
  await page.getByLabel('Valid for (hours)').fill('0');
  await page.getByRole('button', { name: 'Create enrollment code' }).click();
  await expect(page.getByRole('alert')).toHaveText('Enter a number of hours from 1 to 720.');
  await page.getByLabel('Valid for (hours)').fill('4');
  await page.getByLabel('Valid for (hours)').press('Enter');
  const code = (await page.getByTestId('enrollment-code').textContent())!.trim();
  expect(code.length).toBeGreaterThan(6);
  await expect(page.getByRole('img', { name: 'The enrollment code as a QR code' })).toBeVisible();
  await expect(page.getByText('This code is shown only now')).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('enrollment-code')).toHaveCount(0);

  // The code enrolls a gate of this site.
  const claim = await post(base, '/enroll/claim', null, { code });
  expect(claim.status).toBe(200);
  expect(claim.body).toMatchObject({ role: 'gate', site: { id: siteId } });

  // The site's settings: a capacity and the kiosk's idle time, saved for this site's stations.
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Visitors on site at once').fill('3');
  await page.getByLabel('Kiosk idle time (seconds)').fill('5');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('alert')).toContainText('kioskIdleSeconds');
  await page.getByLabel('Kiosk idle time (seconds)').fill('42');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText(/Saved\./);
  await expect(page.getByLabel('Visitors on site at once')).toHaveValue('3');

  // Its staff: a guard with a PIN, then made reception.
  await page.getByRole('button', { name: 'Staff', exact: true }).click();
  await expect(page.getByText('This site has no staff accounts yet.')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill('Gus Guard');
  await page.getByLabel('Sign-in name').fill('gus');
  await page.getByLabel('Role').selectOption('security');
  await page.getByLabel('First PIN or password').fill('5678');
  await page.getByRole('button', { name: 'Add staff account' }).click();
  const gus = page.getByRole('listitem', { name: 'Gus Guard' });
  await expect(gus.getByLabel('Role')).toHaveValue('security');
  await gus.getByLabel('Role').selectOption('reception');
  await expect(gus.getByLabel('Role')).toHaveValue('reception');

  // Its hosts from a CSV file: a bad line is shown and nothing can be imported; a clean file imports.
  await page.getByRole('button', { name: 'Hosts', exact: true }).click();
  const csv = (text: string) => ({ name: 'hosts.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page
    .getByLabel('CSV file')
    .setInputFiles(csv('name,email\nAda Lovelace,ada@example.com\nBob,not-an-email\n'));
  await expect(page.getByText('1 problems: fix the file')).toBeVisible();
  await expect(page.getByRole('row', { name: /3 email not valid/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import these hosts' })).toHaveCount(0);
  await page.getByLabel('CSV file').setInputFiles(csv('name,email\nAda Lovelace,ada@example.com\n'));
  await expect(page.getByText('Added: 1 Ada Lovelace')).toBeVisible();
  await page.getByRole('button', { name: 'Import these hosts' }).click();
  await expect(page.getByText('Imported.')).toBeVisible();
  await page.getByRole('button', { name: 'Stations', exact: true }).click();

  // Alerts across the fleet, and the page in another language.
  await page.getByRole('button', { name: 'Alerts' }).click();
  await expect(page.getByText('Lobby kiosk at Harbour Office')).toBeVisible();
  await page.getByRole('button', { name: 'Deutsch' }).click();
  await expect(page.getByRole('heading', { name: 'Warnungen' })).toBeVisible();
  // The alert's sentence too, not only its heading.
  await expect(page.getByText('Lobby printer: keine Etiketten mehr.')).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();

  // The audit log: this site's revocation, then its enrollment code, each with who and what.
  await page.getByRole('button', { name: 'Audit log' }).click();
  await expect(page.locator('table.audit tbody tr').first()).toBeVisible();
  const filters = page.getByRole('group', { name: 'Filter the audit log' });
  await filters.getByLabel(/^Site/).selectOption({ label: 'Harbour Office' });
  await filters.getByLabel(/^Action/).selectOption('console.station_revoke');
  const rows = page.locator('table.audit tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`stationId: ${frontDesk.stationId}`);
  await filters.getByLabel(/^Station/).selectOption({ label: 'Lobby kiosk' });
  await expect(page.getByText('No entries match.')).toBeVisible();
  await filters.getByLabel(/^Station/).selectOption('');
  await filters.getByLabel(/^Action/).selectOption('console.enrollment_code');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('role: gate');

  expect(problems).toEqual([]);
});
