// The desk's pass actions in Chromium, signed in as reception: a pre-registration shows an invite QR code
// that a scanner reads and the kiosk accepts; a visitor on site gets a reprinted badge and a longer stay,
// and each time the old pass stops working. Security is not offered these and the station refuses them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { decodeQrWithZbar } from '../support/decode-qr';
import { hostId, staff, typeId } from '../support/desk';
import { checkInOverCapacity, expect, signIn, signInForToken, test, type StationUnderTest } from './fixtures';

test.use({ preset: { kind: 'desk' } });

const openTab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();

/** Reads a QR code on the screen as a scanner would: a screenshot of it, decoded by zbar. */
async function scan(qr: Locator): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-qr-'));
  try {
    await qr.screenshot({ path: path.join(dir, 'qr.png') });
    return decodeQrWithZbar(path.join(dir, 'qr.png'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A delivery driver pre-registered for now and checked in at the kiosk with the invite QR. */
async function onSite(gatehouse: StationUnderTest) {
  const { station } = gatehouse;
  const invited = await station.client(staff(station, 'reception')).visits.preRegister({
    visitor: { name: 'Dana Driver' },
    hostId: hostId(station, 'Jürgen Weiß'),
    visitorTypeId: typeId(station, 'Delivery'),
    expectedAt: new Date().toISOString(),
  });
  const outcome = await station
    .client({ role: 'visitor', userId: null })
    .kiosk.checkInInvite({ invite: invited.invitePass, language: 'en', customFields: { carrier: 'DHL' } });
  if (outcome.outcome !== 'checked_in') throw new Error(outcome.outcome);
  return outcome.passToken;
}

const lookup = (gatehouse: StationUnderTest, text: string) =>
  gatehouse.station.client(staff(gatehouse.station, 'reception')).passes.lookup({ text });

async function openVisit(page: Page, name: string) {
  await openTab(page, 'Search');
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill(`name:${name} status:on-site`);
  await box.press('Enter');
  await page.getByRole('button', { name: `Open the visit of ${name}` }).click();
}

test('reception pre-registers a visitor, whose invite QR the kiosk accepts', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await openTab(page, 'Pre-register');
  const form = page.getByRole('form', { name: 'One visitor' });
  await form.getByLabel('Full name').fill('Ivy Invited');
  await form.getByLabel('Host').fill('Ana');
  await form.getByRole('button', { name: 'Ana Ruiz' }).click();
  await form.getByLabel('Visitor type').selectOption({ label: 'Visitor' });
  // This minute, in the browser's own time zone, as the person at the desk would type it. Not "in ten
  // minutes": after 23:50 that is tomorrow, and the kiosk rightly refuses an invite for tomorrow.
  const thisMinute = await page.evaluate(() => {
    const d = new Date(Date.now());
    d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
    return d.toISOString().slice(0, 16);
  });
  await form.getByLabel('Expected').fill(thisMinute);
  await form.getByRole('button', { name: 'Pre-register' }).click();

  const qr = page.getByRole('img', { name: 'Invite QR code for Ivy Invited' });
  await expect(qr).toBeVisible();
  const scanned = await scan(qr);
  expect(scanned).toMatch(/^GH1:/);
  const found = await gatehouse.station
    .client({ role: 'visitor', userId: null })
    .kiosk.findInvite({ invite: scanned, language: 'en' });
  expect(found).toMatchObject({ firstName: 'Ivy', hostName: 'Ana Ruiz' });
});

test('reception reprints the badge of a visitor on site and extends the stay; old passes stop working', async ({
  page,
  gatehouse,
}) => {
  const firstPass = await onSite(gatehouse);
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await openVisit(page, 'Dana Driver');

  await page.getByRole('button', { name: 'Reprint badge' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'A new badge is issued' })).toContainText(
    'This station has no badge printer',
  );
  const newPass = page.getByRole('img', { name: 'New pass of Dana Driver' });
  const reprinted = await scan(newPass);
  expect(await lookup(gatehouse, firstPass)).toMatchObject({ valid: false, reason: 'revoked' });
  expect(await lookup(gatehouse, reprinted)).toMatchObject({ valid: true });

  const tomorrowEvening = await page.evaluate(() => {
    const d = new Date(Date.now() + 86_400_000);
    d.setHours(18, 0, 0, 0);
    d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
    return d.toISOString().slice(0, 16);
  });
  await page.getByLabel('Stay until').fill(tomorrowEvening);
  await page.getByRole('button', { name: 'Extend the stay' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The stay is extended to' })).toBeVisible();
  await expect.poll(async () => (await lookup(gatehouse, reprinted)).reason).toBe('revoked');
  const extended = await scan(newPass);
  const checked = await lookup(gatehouse, extended);
  expect(checked.valid).toBe(true);
  expect(Date.parse(checked.pass!.validUntil)).toBeGreaterThan(Date.now() + 12 * 3_600_000);

  // An end before the current one is explained, and nothing changes.
  await page.getByLabel('Stay until').fill('2020-01-01T10:00');
  await page.getByRole('button', { name: 'Extend the stay' }).click();
  await expect(page.getByRole('alert')).toContainText('Stay until');
  expect(await lookup(gatehouse, extended)).toMatchObject({ valid: true });
});

test('security is offered neither action and the station refuses them', async ({ page, gatehouse }) => {
  await onSite(gatehouse);
  await page.goto(gatehouse.url);
  const token = await signInForToken(page, 'security', '3333');
  await openVisit(page, 'Dana Driver');
  await expect(page.getByRole('heading', { name: 'Visit of Dana Driver' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reprint badge' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Extend the stay' })).toHaveCount(0);
  const visitId = gatehouse.station.core.db.$client
    .prepare("SELECT v.id FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = 'Dana Driver'")
    .pluck()
    .get() as string;
  for (const [method, body] of [
    ['visits.reprintBadge', { visitId }],
    ['visits.extend', { visitId, validUntil: new Date(Date.now() + 86_400_000).toISOString() }],
  ] as const) {
    const response = await page.request.post(`${gatehouse.url}/api/${method}`, {
      headers: { authorization: `Bearer ${token}` },
      data: body,
    });
    expect(response.status(), method).toBe(403);
  }
});

test('over a zone’s limit, reception approves the check-in at the desk', async ({ page, gatehouse }) => {
  const { station } = gatehouse;
  const lab = station.core.db.$client.prepare("SELECT id FROM zones WHERE name = 'Laboratory'").pluck().get();
  await station
    .client(staff(station, 'admin'))
    .settings.updateSite({ zoneCapacities: { [lab as string]: 1 } });
  await onSite(gatehouse);
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await checkInOverCapacity(page, 'Marie Curie');
  const [entry] = (await station.client(staff(station, 'admin')).audit.list({ limit: 1 })).entries;
  expect(entry).toMatchObject({
    action: 'visits.admit',
    details: { overCapacity: { zones: [{ zone: 'Laboratory', onSite: 1, capacity: 1 }] } },
  });
});
