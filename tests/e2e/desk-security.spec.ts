// Staff flows of the desk, each signed in as the role that uses it: security searches the visit history,
// reception runs an evacuation roll call (printed and ticked off, live on a second screen), approves and
// denies on a host's behalf, and pre-registers a group from CSV; hosts are not offered any of it and the
// station refuses them if they try.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { DateTime } from 'luxon';
import { DEMO_SITE } from '../../src/main/demo';
import { checkInOverCapacity, expect, signIn, test } from './fixtures';
import type { StationUnderTest } from './fixtures';

test.use({ preset: { kind: 'desk' } });

/** The text of a PDF, extracted with poppler's pdftotext. */
const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString();

const openTab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();

function setVisit(gatehouse: StationUnderTest, visitor: string, status: string, checkedInAt?: string) {
  gatehouse.station.core.db.$client
    .prepare(
      `UPDATE visits SET status = ?, checked_in_at = coalesce(?, checked_in_at)
       WHERE visitor_id = (SELECT id FROM visitors WHERE name = ?)`,
    )
    .run(status, checkedInAt ?? null, visitor);
}

test('security searches the visit history with the query syntax, and a bad query is explained', async ({
  page,
  gatehouse,
}) => {
  setVisit(gatehouse, 'Grace Hopper', 'checked_in', new Date().toISOString());
  await page.goto(gatehouse.url);
  await signIn(page, 'security', '3333');
  await openTab(page, 'Search');

  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill('host:"Ana Ruiz" status:on-site');
  await box.press('Enter');
  await expect(page.getByText('Visits on this page: 1')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Grace Hopper' })).toContainText('Checked in');

  await box.fill('company:radium');
  await box.press('Enter');
  await expect(page.getByRole('row').filter({ hasText: 'Marie Curie' })).toContainText('Radium Labs');
  await expect(page.getByRole('row')).toHaveCount(2);

  await box.fill('badge:42');
  await box.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('There is no search field called “badge”.');
  await box.fill('host:"Ana');
  await box.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('A quote is opened but never closed.');
});

test('reception runs an evacuation roll call: prints it, ticks people off, and a second desk follows live', async ({
  page,
  browser,
  gatehouse,
}) => {
  setVisit(gatehouse, 'Grace Hopper', 'checked_in', new Date().toISOString());
  setVisit(gatehouse, 'Bob Builder', 'checked_in', new Date().toISOString());
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await expect(page.getByRole('tab', { name: /^Evacuation/ })).toBeVisible();
  await page.keyboard.press('Alt+6');
  await expect(page.getByRole('tab', { name: /^Evacuation/ })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Start roll call' }).click();
  await expect(page.getByText('Unaccounted for: 2')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Host: Ana Ruiz' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Host: Jürgen Weiß' })).toBeVisible();

  const other = await browser.newContext();
  try {
    const second = await other.newPage();
    await second.goto(gatehouse.url);
    await signIn(second, 'security', '3333');
    await openTab(second, 'Evacuation');
    await expect(second.getByText('Unaccounted for: 2')).toBeVisible();

    // The box follows the station's answer, so click and wait rather than check().
    await page.getByRole('checkbox', { name: 'Grace Hopper is safe' }).click();
    await expect(page.getByRole('checkbox', { name: 'Grace Hopper is safe' })).toBeChecked();
    await expect(page.getByText('Safe: 1')).toBeVisible();
    await expect(second.getByText('Unaccounted for: 1')).toBeVisible();
    await expect(second.getByRole('checkbox', { name: 'Grace Hopper is safe' })).toBeChecked();
  } finally {
    await other.close();
  }

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Print list (PDF)' }).click();
  const file = await (await download).path();
  const text = pdfText(readFileSync(file));
  expect(text).toContain('Evacuation roll call');
  expect(text).toContain('2 on site · 1 safe · 1 unaccounted for');
  expect(text).toContain('Bob Builder — Fix-It Contractors');

  await page.getByLabel('Show only people not yet safe').check();
  await expect(page.getByRole('checkbox', { name: 'Grace Hopper is safe' })).toHaveCount(0);
  await page.getByRole('button', { name: 'End roll call' }).click();
  await expect(page.getByRole('button', { name: 'Start roll call' })).toBeVisible();
});

test('reception approves one visit and denies another on the host’s behalf, with a reason', async ({
  page,
  gatehouse,
}) => {
  setVisit(gatehouse, 'Bob Builder', 'pending_approval');
  setVisit(gatehouse, 'Jane Doe', 'pending_approval');
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await openTab(page, 'Approvals');

  await page.getByRole('button', { name: 'Approve Bob Builder' }).click();
  await page.getByRole('button', { name: 'Confirm approval' }).click();
  await expect(page.getByRole('button', { name: 'Approve Bob Builder' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Deny Jane Doe' }).click();
  await page.getByRole('button', { name: 'Confirm denial' }).click();
  await expect(page.getByRole('alert')).toContainText('Give a reason for the denial.');
  await page.getByRole('textbox', { name: 'Reason' }).fill('No appointment today');
  await page.getByRole('button', { name: 'Confirm denial' }).click();
  await expect(page.getByText('No visits are waiting for approval.')).toBeVisible();

  const { visits } = await gatehouse.station.client().visits.today();
  expect(visits.find((v) => v.visitor.name === 'Bob Builder')?.status).toBe('approved');
  expect(visits.find((v) => v.visitor.name === 'Jane Doe')?.status).toBe('denied');
  await openTab(page, 'On site');
  await expect(page.getByRole('complementary')).toContainText(
    'Approval decided · Jane Doe · Rita Reception — “No appointment today”',
  );
});

test('reception pre-registers a group from CSV: checks it, fixes it, imports it with invite codes', async ({
  page,
  gatehouse,
}) => {
  // Invites are for today or later: the rows expect visitors tomorrow by the station's own clock.
  const tomorrow = DateTime.fromJSDate(gatehouse.station.core.now(), { zone: DEMO_SITE.timezone })
    .plus({ days: 1 })
    .toISODate();
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await openTab(page, 'Pre-register');
  const csvForm = page.getByRole('form', { name: 'A group from CSV' });
  await csvForm
    .getByLabel('CSV', { exact: true })
    .fill(
      [
        'name,company,host,expected',
        `Ada Lovelace,Engines,Ana Ruiz,${tomorrow} 09:30`,
        `Alan Turing,,Nobody Here,${tomorrow} 10:00`,
      ].join('\n'),
    );
  await csvForm.getByLabel('Visitor type').selectOption({ label: 'Visitor' });
  await csvForm.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Rows to fix before importing: 1')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Alan Turing' })).toContainText(
    'Host: not in the directory.',
  );
  await expect(csvForm.getByRole('button', { name: /^Import/ })).toBeDisabled();

  await csvForm
    .getByLabel('CSV', { exact: true })
    .fill(
      [
        'name,company,host,expected',
        `Ada Lovelace,Engines,Ana Ruiz,${tomorrow} 09:30`,
        `Alan Turing,,Mei Chen,${tomorrow} 10:00`,
      ].join('\n'),
    );
  await csvForm.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('All 2 rows can be imported.')).toBeVisible();
  await csvForm.getByRole('button', { name: 'Import 2 visitors' }).click();
  await expect(page.getByText('Imported: 2. Each visitor has an invite code.')).toBeVisible();
  const code = await page.getByRole('row').filter({ hasText: 'Ada Lovelace' }).locator('.code').innerText();
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  const row = gatehouse.station.core.db.$client
    .prepare('SELECT status FROM visits WHERE invite_code = ?')
    .get(code) as { status: string };
  expect(row.status).toBe('expected');
});

test('a host is offered none of these (only their own pre-registration), and the station refuses them if they try', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/session.signIn') && r.ok());
  await signIn(page, 'host', '4444');
  const { token } = (await (await signedIn).json()) as { token: string };
  await expect(page.getByRole('tab', { name: /^Today/ })).toBeVisible();
  // Hosts may pre-register their own visitors (#20 item 8), but not import a CSV for the site.
  for (const tab of ['Search', 'Evacuation', 'On site'])
    await expect(page.getByRole('tab', { name: new RegExp(`^${tab}`) })).toHaveCount(0);

  for (const [method, body] of [
    ['visits.search', { query: 'grace' }],
    ['evacuation.start', {}],
    ['visits.importCsv', { csv: 'name\nX', visitorTypeId: 'x' }],
  ] as const) {
    const response = await page.request.post(`${gatehouse.url}/api/${method}`, {
      headers: { authorization: `Bearer ${token}` },
      data: body,
    });
    expect(response.status(), method).toBe(403);
  }
});

test('security raises an incident from a searched visit, works it to closed, and watchlists the visitor', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'security', '3333');
  await openTab(page, 'Search');
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill('name:builder');
  await box.press('Enter');
  await page.getByRole('button', { name: 'Open the visit of Bob Builder' }).click();

  const raise = page.getByRole('form', { name: 'Raise incident' });
  await raise.getByLabel('What happened').fill('Entered the lab without an escort');
  await raise.getByLabel('First note (optional)').fill('Seen on camera 4');
  await raise.getByRole('button', { name: 'Raise incident' }).click();
  await expect(page.getByText('The incident is raised.')).toBeVisible();

  const watch = page.getByRole('form', { name: 'Add the visitor to the watchlist' });
  await watch.getByLabel('Reason').fill('Repeated safety breaches');
  await watch.getByLabel('Level').selectOption({ label: 'Deny entry' });
  await watch.getByRole('button', { name: 'Add the visitor to the watchlist' }).click();
  await expect(page.getByText('Bob Builder is on the watchlist.')).toBeVisible();

  await openTab(page, 'Incidents');
  await page.getByRole('button', { name: 'Entered the lab without an escort' }).click();
  const detail = page.getByRole('complementary');
  await detail.getByLabel('Status').selectOption({ label: 'In progress' });
  await detail.getByLabel('Assigned to').selectOption({ label: 'Sam Security' });
  await detail.getByLabel('Internal note').fill('Escorted back to reception');
  await detail.getByRole('button', { name: 'Add note' }).click();
  await detail.getByLabel('Status').selectOption({ label: 'Closed' });
  const timeline = detail.getByRole('list');
  await expect(timeline.getByRole('listitem')).toHaveCount(5);
  await expect(timeline).toContainText('Sam Security · opened the incident');
  await expect(timeline).toContainText('Seen on camera 4');
  await expect(timeline).toContainText('set the status to Closed');
  await expect(timeline).toContainText('Escorted back to reception');
  // Closed incidents leave the default list.
  await expect(page.getByRole('button', { name: 'Entered the lab without an escort' })).toHaveCount(0);

  await openTab(page, 'Watchlist');
  const row = page.getByRole('row').filter({ hasText: 'Bob Builder' });
  await expect(row).toContainText('Deny entry');
  await expect(row).toContainText('Sam Security');
  await page.getByRole('button', { name: 'Expire the entry for Bob Builder' }).click();
  await expect(page.getByText('The watchlist is empty.')).toBeVisible();
});

test('reception is offered neither incidents work nor the watchlist', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await expect(page.getByRole('tab', { name: /^Search/ })).toBeVisible();
  for (const tab of ['Incidents', 'Watchlist'])
    await expect(page.getByRole('tab', { name: new RegExp(`^${tab}`) })).toHaveCount(0);
});

test('over the site capacity, reception approves a check-in at the desk', async ({ page, gatehouse }) => {
  await gatehouse.station.client({ role: 'admin', userId: null }).settings.updateSite({ capacity: 1 });
  setVisit(gatehouse, 'Grace Hopper', 'checked_in', new Date().toISOString());
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await checkInOverCapacity(page, 'Marie Curie');
  const [entry] = (await gatehouse.station.client({ role: 'admin', userId: null }).audit.list({ limit: 1 }))
    .entries;
  expect(entry).toMatchObject({
    action: 'visits.admit',
    details: { overCapacity: { onSite: 1, capacity: 1 } },
  });
});

test('security adds a watchlist entry with date of birth and ID number, which the station keeps and shows (issue #20)', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'security', '3333');
  await openTab(page, 'Watchlist');
  const form = page.getByRole('form', { name: 'Add to watchlist' });
  await form.getByLabel('Name', { exact: true }).fill('Jon Smyth');
  await form.getByLabel('Date of birth').fill('1980-03-14');
  await form.getByLabel('ID number').fill('X1234567');
  await form.getByLabel('Reason', { exact: true }).fill('Threatened staff');
  await form.getByRole('button', { name: 'Add to watchlist' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Jon Smyth' });
  // The number itself is kept only as a keyed digest: the list says one is on file and never shows it.
  await expect(row).toContainText('born 14 Mar 1980 · ID number on file');
  await expect(row).not.toContainText('X1234567');
  const { entries } = await gatehouse.station.client({ role: 'security', userId: null }).watchlist.list({});
  expect(entries.find((e) => e.name === 'Jon Smyth')).toMatchObject({
    dateOfBirth: '1980-03-14',
  });
  expect(entries.find((e) => e.name === 'Jon Smyth')?.idNumber).toBeTruthy();
});
