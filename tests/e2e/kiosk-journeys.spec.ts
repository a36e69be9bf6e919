// The kiosk journeys in Chromium against a real station: walk-in, invite by code, idle reset, language
// switch mid-flow, watchlist hit, approval wait, and a check-in with no printer. (The fake-camera invite
// scan is in kiosk-camera.spec.ts: it needs its own browser flags.)
import { createServer, type AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { staffRepo } from '../../src/db/repos/directory';
import { settingsRepo } from '../../src/db/repos/settings';
import WebSocket from 'ws';
import { watchlistRepo } from '../../src/db/repos/watchlist';
import { newId } from '../../src/shared/ids';
import { DEMO_SITE } from '../../src/main/demo';
import type { Station } from '../../src/main/station';
import { expect, test } from './fixtures';

test.use({ preset: { kind: 'kiosk' } });

const sql = (station: Station, s: string, ...args: unknown[]) =>
  station.core.db.$client.prepare(s).all(...args);

async function sign(page: Page) {
  const pad = page.getByRole('img', {
    name: /Signature area|Zona de firma|Zone de signature|Unterschriftsfeld/,
  });
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++)
    await page.mouse.move(box.x + 30 + i * 30, box.y + box.height / 2 + (i % 2) * 20);
  await page.mouse.up();
}

/** Walks a Visitor-type walk-in to the photo step (no camera in this browser: the photo is skipped). */
async function walkInAsVisitor(page: Page, name: string) {
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Visitor', exact: true }).click();
  await page.getByLabel('Email').fill('ada@engines.example');
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Company (optional)').fill('Analytical Engines');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Name of the person you are visiting').fill('ana ruis');
  await page.getByRole('button', { name: /Ana Ruiz/ }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Confidentiality agreement' })).toBeVisible();
  await sign(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page.getByText('The camera is not available. You can continue without a photo.'),
  ).toBeVisible();
}

test('walk-in: type, details, host (typo), NDA signed, no camera → checked in with the pass QR and the host told', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await walkInAsVisitor(page, 'Ada Lovelace');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Ada! You are checked in.' })).toBeVisible();
  await expect(page.getByText('We have told Ana Ruiz that you are here.')).toBeVisible();
  // No printer is set up on this station: the check-in is not held up, the QR is the pass.
  await expect(page.getByText('Please collect your badge at reception.')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Your pass as a QR code' })).toBeVisible();
  // No printer is set up at this kiosk: the badge is tried once, then kept for reception to send to a printer.
  await expect
    .poll(() => sql(gatehouse.station, 'SELECT status, printer, last_error_code AS code FROM print_jobs'))
    .toEqual([{ status: 'failed', printer: 'unassigned', code: 'no_printer' }]);
  expect(sql(gatehouse.station, "SELECT status FROM visits WHERE status = 'checked_in'")).toHaveLength(1);
});

test('done screen: the address given prefilled, honest about when the e-mail leaves, back to welcome within 10 s', async ({
  page,
  gatehouse,
}) => {
  // Enrolled with a sync server that has not answered (nothing listens on port 9): offline.
  settingsRepo.set(
    gatehouse.station.core.db,
    'station',
    'sync.server',
    { serverUrl: 'http://127.0.0.1:9' },
    new Date().toISOString(),
  );
  gatehouse.station.core.keys.storeSyncCredential('test'); // enrollment keeps it in the key vault (#15)
  await page.clock.install();
  await page.goto(gatehouse.url);
  await walkInAsVisitor(page, 'Ada Lovelace');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Ada! You are checked in.' })).toBeVisible();
  await expect(page.getByLabel('Your e-mail address')).toHaveValue('ada@engines.example');
  await expect(
    page.getByText('This station is offline just now: the e-mail will leave as soon as it is back online.'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'E-mail my pass' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'ada@engines.example' })).toHaveText(
    'This station is offline just now: your pass will be e-mailed to ada@engines.example as soon as it is back online.',
  );
  await expect(page.getByRole('timer')).toHaveText('Back to the start in 10 seconds.');
  await page.clock.fastForward(5_000);
  await expect(page.getByRole('timer')).toHaveText('Back to the start in 5 seconds.');
  await page.clock.fastForward(5_500);
  await expect(page.getByRole('heading', { name: `Welcome to ${DEMO_SITE.name}` })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Your pass as a QR code' })).toHaveCount(0);
});

test('invite by typed code: greeted by name, signs what is missing, checked in; a used code says so', async ({
  page,
  gatehouse,
}) => {
  const { station } = gatehouse;
  station.core.db.$client
    .prepare(
      "UPDATE visits SET invite_code = 'GRACE1', expected_at = ? WHERE visitor_id = (SELECT id FROM visitors WHERE name = 'Grace Hopper')",
    )
    .run(new Date().toISOString());
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^I have an invite/ }).click();
  await page.getByLabel('Invite code').fill('grace1');
  await page.getByRole('button', { name: 'Find my invite' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Grace!' })).toBeVisible();
  await expect(page.getByText('Ana Ruiz is expecting you.')).toBeVisible();
  await sign(page);
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Grace! You are checked in.' })).toBeVisible();

  await page.getByRole('link', { name: 'Finish' }).click();
  await page.getByRole('link', { name: /^I have an invite/ }).click();
  await page.getByLabel('Invite code').fill('GRACE1');
  await page.getByRole('button', { name: 'Find my invite' }).click();
  await expect(page.getByRole('heading', { name: 'This invite has already been used' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Check in without an invite' })).toBeVisible();
});

test('idle: "Still there?" and then back to the welcome screen, form wiped, language reset', async ({
  page,
  gatehouse,
}) => {
  await page.clock.install();
  await page.goto(gatehouse.url);
  await page.getByRole('button', { name: 'Español' }).click();
  await page
    .getByRole('link', { name: /^Registrarse|^Check in|Registr/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Visitante', exact: true }).click();
  await page.getByLabel('Nombre completo').fill('Half Typed');
  await page.clock.fastForward(61_000);
  await expect(page.getByRole('alertdialog', { name: '¿Sigue ahí?' })).toBeVisible();
  await page.clock.fastForward(16_000);
  await expect(page.getByRole('heading', { name: `Welcome to ${DEMO_SITE.name}` })).toBeVisible();
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Visitor', exact: true }).click();
  await expect(page.getByLabel('Full name')).toHaveValue('');
});

test('language switch mid-flow: the document to sign follows the new language', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Visitor', exact: true }).click();
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Name of the person you are visiting').fill('Ana Ruiz');
  await page.getByRole('button', { name: /Ana Ruiz/ }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Confidentiality agreement' })).toBeVisible();
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { name: 'Accord de confidentialité' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Veuillez lire et signer' })).toBeVisible();
  await sign(page);
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.getByRole('button', { name: "M'enregistrer" }).click();
  await expect(page.getByRole('heading', { name: 'Bienvenue, Ada ! Vous êtes enregistré.' })).toBeVisible();
});

test('watchlist hit: the visitor sees only "Please see reception"; a security screen gets the alert', async ({
  page,
  gatehouse,
}) => {
  const { station, url } = gatehouse;
  const at = new Date().toISOString();
  watchlistRepo.insert(station.core.db, {
    id: newId(),
    name: 'Victor Villain',
    reason: 'Trespass order 2026-114',
    level: 'deny',
    createdAt: at,
    updatedAt: at,
  });
  // A security screen: signed in as security, listening on the event socket.
  const signIn = await fetch(`${url}/api/session.signIn`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'security', secret: '3333' }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const socket = new WebSocket(`${url.replace('http', 'ws')}/api/events`);
  const heard: Array<{ event?: string; type?: string; payload?: Record<string, unknown> }> = [];
  socket.on('message', (data) => heard.push(JSON.parse(String(data))));
  await new Promise((resolve) => socket.on('open', resolve));
  socket.send(JSON.stringify({ type: 'auth', token }));
  await expect.poll(() => heard.some((m) => m.type === 'auth')).toBe(true);

  const visitorText: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => visitorText.push(String(f.payload))));
  await page.goto(url);
  await walkInAsVisitor(page, 'Victor Vilain');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { name: 'Please see reception' })).toBeVisible();
  await expect(page.locator('main')).not.toContainText(/watchlist|Trespass|Villain/i);

  await expect
    .poll(() => heard.find((m) => m.event === 'security.alert')?.payload)
    .toMatchObject({
      level: 'deny',
      visitorName: 'Victor Vilain',
    });
  expect(visitorText.join('\n')).not.toMatch(/security\.alert|Trespass|Villain/);
  socket.close();
});

test('a type that requires a photo, at a kiosk without a camera, sends the visitor to reception', async ({
  page,
  gatehouse,
}) => {
  const { station } = gatehouse;
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Contractor', exact: true }).click();
  await page.getByLabel('Full name').fill('Bob Fixer');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Name of the person you are visiting').fill('Ana');
  await page.getByRole('button', { name: /Ana Ruiz/ }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Work permit number').fill('WP-12');
  await page.getByRole('button', { name: 'Passport' }).click();
  await page.getByLabel('ID number').fill('X1234567');
  await page.getByRole('group', { name: 'On-screen keyboard' }).locator('[data-skbtn="{hide}"]').click();
  await page.getByRole('button', { name: 'Next' }).click();
  await sign(page);
  await page.getByRole('button', { name: 'Next' }).click();
  // A contractor needs a photo and this browser has no camera: the kiosk sends them to reception.
  await expect(
    page.getByRole('heading', {
      name: 'This visit needs a photo, but the camera is not available. Please see reception.',
    }),
  ).toBeVisible();
  expect(
    sql(
      station,
      'SELECT id FROM visits WHERE visitor_id IN (SELECT id FROM visitors WHERE name = ?)',
      'Bob Fixer',
    ),
  ).toEqual([]);
});

test('check-out without the badge: full name and the e-mail given; shown as first name and initial; goodbye', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await walkInAsVisitor(page, 'Ada Lovelace');
  await page.getByRole('button', { name: 'Check in' }).click();
  await page.getByRole('link', { name: 'Finish' }).click();

  await page.getByRole('link', { name: /^Check out/ }).click();
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByLabel('E-mail or phone number').fill('someone@else.example');
  await page.getByRole('button', { name: 'Find me' }).click();
  await expect(page.getByText('We could not find you with those details.')).toBeVisible();
  await page.getByLabel('E-mail or phone number').fill('ada@engines.example');
  await page.getByRole('button', { name: 'Find me' }).click();
  await expect(page.getByRole('heading', { name: 'Check out Ada L.?' })).toBeVisible();
  await expect(page.locator('main')).not.toContainText('Lovelace');
  await page.getByRole('button', { name: 'Yes, check me out' }).click();
  await expect(page.getByRole('heading', { name: 'Goodbye, Ada! Thank you for visiting.' })).toBeVisible();
  expect(sql(gatehouse.station, "SELECT check_out_method FROM visits WHERE status = 'checked_out'")).toEqual([
    { check_out_method: 'kiosk' },
  ]);
});

test("check-out with the badge read by the station's hardware scanner", async ({ page, gatehouse }) => {
  const { station } = gatehouse;
  // Checked in earlier (through the same API the kiosk uses), holding a badge with the pass QR.
  const kiosk = station.client({ role: 'visitor', userId: null });
  const { types } = await kiosk.visitorTypes.list();
  const delivery = types.find((t) => t.names.en === 'Delivery')!;
  const host = (await kiosk.kiosk.findHosts({ query: 'Ana Ruiz' })).hosts[0]!;
  const checkedIn = await kiosk.kiosk.checkIn({
    visitorTypeId: delivery.id,
    language: 'en',
    visitor: { name: 'Carla Courier' },
    hostId: host.id,
    customFields: { carrier: 'DHL' },
  });
  if (checkedIn.outcome !== 'checked_in') throw new Error(checkedIn.outcome);

  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check out/ }).click();
  await expect(page.getByRole('heading', { name: 'Check out' })).toBeVisible();
  station.core.events.emit('event', {
    event: 'scanner.read',
    payload: {
      code: checkedIn.passToken,
      symbology: 'QR',
      source: 'serial',
      deviceId: 'scanner-1',
      at: new Date().toISOString(),
    },
  });
  await page.getByRole('button', { name: 'Yes, check me out' }).click();
  await expect(page.getByRole('heading', { name: 'Goodbye, Carla! Thank you for visiting.' })).toBeVisible();
  expect(sql(station, 'SELECT status, check_out_method FROM visits WHERE id = ?', checkedIn.visitId)).toEqual(
    [{ status: 'checked_out', check_out_method: 'kiosk' }],
  );
});

test('printer offline: the check-in completes, the pass QR is on screen, the badge job waits', async ({
  page,
  gatehouse,
}) => {
  const { station } = gatehouse;
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
  const admin = staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'admin')!;
  const staff = station.client({ role: 'admin', userId: admin.id });
  await staff.devices.configure({
    printers: [{ kind: 'zpl', id: 'badges', name: 'Lobby badges', host: '127.0.0.1', port }],
  });
  await expect.poll(() => station.core.hardware.status().map((d) => d.id)).toContain('badges');
  expect(await staff.devices.test({ deviceId: 'badges', timeoutMs: 2000 })).toMatchObject({ ok: false });

  await page.goto(gatehouse.url);
  await walkInAsVisitor(page, 'Ada Lovelace');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Ada! You are checked in.' })).toBeVisible();
  await expect(page.getByText('Please collect your badge at reception.')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Your pass as a QR code' })).toBeVisible();
  expect(
    sql(station, "SELECT printer FROM print_jobs WHERE status IN ('queued', 'failed', 'printing')"),
  ).toEqual([{ printer: 'badges' }]);
});

test('the on-screen keyboard types into the field in focus, with a layout that fits it', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Visitor', exact: true }).click();
  const keyboard = page.getByRole('group', { name: 'On-screen keyboard' });
  const key = (k: string) => keyboard.locator(`[data-skbtn="${k}"]`).first();
  await expect(keyboard).toBeHidden();

  await page.getByLabel('Full name').focus();
  await key('{shift}').click(); // one capital, then lower case again
  for (const k of ['A', 'd', 'a', '{space}', '{accents}', 'ö']) await key(k).click();
  await expect(page.getByLabel('Full name')).toHaveValue('Ada ö');
  await keyboard.getByLabel('Delete').click();
  await expect(page.getByLabel('Full name')).toHaveValue('Ada ');

  await page.getByLabel('Phone').focus();
  await expect(key('+')).toBeVisible();
  await expect(key('q')).toHaveCount(0);
  await page.getByLabel('Email').focus();
  await key('@').click();
  await key('.com').click();
  await expect(page.getByLabel('Email')).toHaveValue('@.com');
  await keyboard.getByLabel('Hide keyboard').click();
  await expect(keyboard).toBeHidden();
});
