// Kiosk journeys shaped by the site's rules, in Chromium against a real station: signing by typing
// (keyboard only), the pass by e-mail while offline, the ID document of a type with requiresId screened
// against the watchlist, and the site's capacity.
import type { Page } from '@playwright/test';
import { staffRepo } from '../../src/db/repos/directory';
import { watchlistRepo } from '../../src/db/repos/watchlist';
import { newId } from '../../src/shared/ids';
import { DEMO_SITE } from '../../src/main/demo';
import type { Station } from '../../src/main/station';
import { as } from '../support/station';
import { expect, test } from './fixtures';

test.use({ preset: { kind: 'kiosk' } });

const sql = (station: Station, s: string, ...args: unknown[]) =>
  station.core.db.$client.prepare(s).all(...args);

/** Presses a button with the keyboard (focus + Enter), as a visitor without a touch screen would. */
const press = (page: Page, name: string | RegExp) =>
  page.getByRole('button', { name, exact: typeof name === 'string' }).press('Enter');

/** The walk-in's first screens for a visitor type: details and host (Ana Ruiz), all by keyboard. */
async function detailsAndHost(page: Page, type: string, name: string) {
  await page.getByRole('link', { name: /^Check in/ }).press('Enter');
  await press(page, type);
  await page.getByLabel('Full name').fill(name);
  await press(page, 'Next');
  await page.getByLabel('Name of the person you are visiting').fill('Ana Ruiz');
  await press(page, /Ana Ruiz/);
  await press(page, 'Next');
}

/** Signs the NDA the keyboard-only way: typing the full name. */
async function signByTyping(page: Page, name: string) {
  await expect(page.getByRole('heading', { name: 'Confidentiality agreement' })).toBeVisible();
  await press(page, 'Sign by typing my name instead');
  await page.getByLabel('Type your full name to sign Confidentiality agreement').pressSequentially(name);
  await press(page, 'Next');
}

test('keyboard only: the NDA signed by typing the full name; no e-mail offered without a sync server', async ({
  page,
  gatehouse,
}) => {
  const { station } = gatehouse;
  await page.goto(gatehouse.url);
  await detailsAndHost(page, 'Visitor', 'Ada Lovelace');
  await signByTyping(page, 'Ada Lovelace');
  await press(page, 'Check in');
  await expect(page.getByRole('heading', { name: 'Welcome, Ada! You are checked in.' })).toBeVisible();

  const [audit] = sql(
    station,
    "SELECT details FROM audit_entries WHERE action = 'kiosk.checkIn' AND outcome = 'ok'",
  ) as Array<{ details: string }>;
  expect(JSON.parse(audit!.details).signedDocuments).toMatchObject([{ key: 'nda', method: 'typed' }]);
  expect(sql(station, 'SELECT key, method, typed_name FROM signed_documents')).toEqual([
    { key: 'nda', method: 'typed', typed_name: 'Ada Lovelace' },
  ]);

  // This station has no sync server: nothing could send an e-mail, so none is offered or queued.
  await expect(page.getByText('This station cannot send passes by e-mail.')).toBeVisible();
  await expect(page.getByLabel('Your e-mail address')).toHaveCount(0);
  expect(sql(station, "SELECT payload FROM outbox_ops WHERE type = 'pass.email'")).toEqual([]);
});

test('a type that requires ID asks for the document; an ID number on the watchlist sends the visitor to reception', async ({
  page,
  gatehouse,
}) => {
  const { station } = gatehouse;
  // A contractor's photo is optional here (this browser has no camera); the ID stays required.
  station.core.db.$client
    .prepare("UPDATE visitor_types SET photo = 'optional' WHERE json_extract(names, '$.en') = 'Contractor'")
    .run();
  const at = new Date().toISOString();
  watchlistRepo.insert(station.core.db, {
    id: newId(),
    name: 'Someone Else Entirely',
    idNumber: 'P4471-0093',
    reason: 'Forged documents',
    level: 'deny',
    createdAt: at,
    updatedAt: at,
  });
  await page.goto(gatehouse.url);
  await detailsAndHost(page, 'Contractor', 'Bob Fixer');
  await page.getByLabel('Work permit number').fill('WP-12');
  await expect(page.getByRole('group', { name: 'Kind of ID' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await press(page, 'Passport');
  await page.getByLabel('ID number').fill('p4471 0093');
  await press(page, 'Next');
  await signByTyping(page, 'Bob Fixer');
  await expect(
    page.getByText('The camera is not available. You can continue without a photo.'),
  ).toBeVisible();
  await press(page, 'Check in');

  await expect(page.getByRole('heading', { name: 'Please see reception' })).toBeVisible();
  await expect(page.locator('main')).not.toContainText(/watchlist|Forged|ID/);
  expect(sql(station, 'SELECT kind, status FROM incidents')).toEqual([
    { kind: 'watchlist_hit', status: 'open' },
  ]);
});

test('over the site capacity the visitor sees "Please see reception" and the desk sees the visit pending', async ({
  page,
  gatehouse,
}) => {
  const { station } = gatehouse;
  const admin = staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'admin')!;
  const staff = station.client(as('admin', admin.id));
  // One of today's expected visitors is already in, and the site takes only as many as are in now.
  station.core.db.$client
    .prepare(
      "UPDATE visits SET status = 'checked_in', checked_in_at = ? WHERE id = (SELECT id FROM visits WHERE status = 'expected' LIMIT 1)",
    )
    .run(new Date().toISOString());
  const { people } = await staff.desk.onSite();
  await staff.settings.updateSite({ capacity: people.length });

  await page.goto(gatehouse.url);
  await detailsAndHost(page, 'Visitor', 'Ada Lovelace');
  await signByTyping(page, 'Ada Lovelace');
  await press(page, 'Check in');
  await expect(page.getByRole('heading', { name: 'Please see reception' })).toBeVisible();
  await expect(
    page.getByText('Our reception team will help you with the rest of your check-in.'),
  ).toBeVisible();
  const pending = await staff.desk.pending();
  expect(pending.visits.map((v) => v.visitor.name)).toContain('Ada Lovelace');
  expect(
    sql(
      station,
      "SELECT count(*) AS n FROM passes WHERE visit_id IN (SELECT v.id FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = 'Ada Lovelace')",
    ),
  ).toEqual([{ n: 0 }]);
});
