// Reports at the desk, signed in as the roles that use them: reception reads the week's report (totals,
// dwell, charts, log) and exports the CSV and PDF, which are read back; security sees only the security
// exceptions; a host gets no Reports tab and the station refuses the report methods.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { hostId, staff, typeId } from '../support/desk';
import { expect, signIn, signInForToken, test, type StationUnderTest } from './fixtures';

test.use({ preset: { kind: 'desk' } });

const openTab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();

/** A walk-in who has just left, and a refused gate scan, made through the station as the desk would. */
async function seed(gatehouse: StationUnderTest) {
  const { station } = gatehouse;
  const desk = station.client(staff(station, 'reception'));
  const visit = await desk.visits.walkIn({
    visitor: { name: 'Wendy Walkin', company: 'Comma, Inc' },
    hostId: hostId(station, 'Ana Ruiz'),
    visitorTypeId: typeId(station),
    confirmed: ['documents'], // the type's NDA, signed on paper at the desk
  });
  await desk.visits.checkOut({ visitId: visit.id });
  station.core.db.$client
    .prepare(
      `INSERT INTO gate_events (id, site_id, station_id, visit_id, direction, granted, reason, occurred_at)
       SELECT lower(hex(randomblob(16))), site_id, 'gate-1', id, 'entry', 0, 'revoked', ? FROM visits WHERE id = ?`,
    )
    .run(new Date().toISOString(), visit.id);
}

test('reception reads the week’s report and exports it as CSV and PDF', async ({ page, gatehouse }) => {
  await seed(gatehouse);
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await openTab(page, 'Reports');
  await page.getByRole('button', { name: 'Show report' }).click();

  // The demo expects six visitors today; the walk-in makes seven, one of whom arrived.
  await expect(page.getByText('7 visits · 1 arrived · 0 no-shows')).toBeVisible();
  await expect(page.getByRole('img', { name: /^Arrivals by hour:/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Arrivals by weekday:/ })).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Visitor log' }).getByRole('row').filter({ hasText: 'Wendy Walkin' }),
  ).toContainText('Checked out');
  await expect(page.getByRole('definition').filter({ hasText: '0 min' }).first()).toBeVisible();
  await expect(page.getByText('Showing 7 of 7 visits; the CSV export has all of them.')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'This pass has been cancelled.' })).toContainText(
    'Refused scans',
  );

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export visitor log (CSV)' }).click();
  const csv = readFileSync(await (await csvDownload).path())
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true });
  expect(parsed.errors).toEqual([]);
  expect(parsed.meta.fields).toContain('dwell_minutes');
  expect(parsed.data).toHaveLength(7);
  expect(parsed.data.find((r) => r.visitor === 'Wendy Walkin')).toMatchObject({
    company: 'Comma, Inc',
    host: 'Ana Ruiz',
    status: 'checked_out',
  });

  const pdfDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export report (PDF)' }).click();
  const pdf = readFileSync(await (await pdfDownload).path());
  const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString();
  expect(text).toContain('Visitor report');
  expect(text).toContain('7 visits · 1 arrived · 0 no-shows');
  expect(text).toContain('Refused scan');
});

test('hour and weekday labels are one readable size and never run into each other', async ({
  page,
  gatehouse,
}) => {
  await seed(gatehouse);
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await openTab(page, 'Reports');
  await page.getByRole('button', { name: 'Show report' }).click();
  const measure = (name: RegExp) =>
    page.getByRole('img', { name }).evaluate((svg) =>
      [...svg.querySelectorAll('text.reports-chart__label')].map((label) => {
        const box = label.getBoundingClientRect();
        return {
          text: label.textContent,
          size: parseFloat(getComputedStyle(label).fontSize),
          left: box.left,
          right: box.right,
          height: box.height,
        };
      }),
    );
  const hours = await measure(/^Arrivals by hour:/);
  const weekdays = await measure(/^Arrivals by weekday:/);
  expect(weekdays).toHaveLength(7);
  expect(hours.map((h) => h.text)).toEqual([
    '0',
    '2',
    '4',
    '6',
    '8',
    '10',
    '12',
    '14',
    '16',
    '18',
    '20',
    '22',
  ]);
  // The size on screen (what the eye reads), not only the CSS value: a scaled viewBox would change it.
  const sizes = new Set([...hours, ...weekdays].map((l) => Math.round(l.height)));
  expect(sizes.size, `label heights ${[...sizes].join(', ')} px`).toBe(1);
  expect([...sizes][0]).toBeGreaterThanOrEqual(12);
  expect(new Set([...hours, ...weekdays].map((l) => l.size))).toEqual(new Set([13]));
  for (const labels of [hours, weekdays])
    for (let i = 1; i < labels.length; i++)
      expect(labels[i]!.left, `${labels[i]!.text} after ${labels[i - 1]!.text}`).toBeGreaterThan(
        labels[i - 1]!.right + 2,
      );
});

test('a bad range is explained and nothing is shown', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'admin', '1111');
  await openTab(page, 'Reports');
  await page.getByLabel('From', { exact: true }).fill('2026-05-10');
  await page.getByLabel('To', { exact: true }).fill('2026-05-01');
  await page.getByRole('button', { name: 'Show report' }).click();
  await expect(page.getByRole('alert')).toHaveText('The range ends before it starts.');
  await expect(page.getByRole('heading', { name: 'Security exceptions' })).toHaveCount(0);
});

test('security sees the security exceptions only, and the station refuses them the visit report', async ({
  page,
  gatehouse,
}) => {
  await seed(gatehouse);
  await page.goto(gatehouse.url);
  const token = await signInForToken(page, 'security', '3333');
  await openTab(page, 'Reports');
  await page.getByRole('button', { name: 'Show report' }).click();
  await expect(page.getByRole('heading', { name: 'Security exceptions' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Wendy Walkin' })).toContainText(
    'This pass has been cancelled.',
  );
  await expect(page.getByRole('button', { name: 'Export report (PDF)' })).toHaveCount(0);
  await expect(page.getByText(/visits · .* arrived/)).toHaveCount(0);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export exceptions (CSV)' }).click();
  const csv = readFileSync(await (await csvDownload).path())
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const rows = Papa.parse<Record<string, string>>(csv, { header: true }).data;
  expect(rows).toEqual([expect.objectContaining({ kind: 'refused_scan', visitor: 'Wendy Walkin' })]);

  const today = new Date().toISOString().slice(0, 10);
  const response = await page.request.post(`${gatehouse.url}/api/reports.visits`, {
    headers: { authorization: `Bearer ${token}` },
    data: { from: today, to: today },
  });
  expect(response.status()).toBe(403);
});

test('a host has no Reports tab and is refused every report method', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  const token = await signInForToken(page, 'host', '4444');
  await expect(page.getByRole('tab', { name: /^Today/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: /^Reports/ })).toHaveCount(0);
  const today = new Date().toISOString().slice(0, 10);
  const filter = { from: today, to: today };
  for (const [method, body] of [
    ['reports.visits', filter],
    ['reports.exceptions', filter],
    ['reports.export', { filter, format: 'csv' }],
    ['reports.exportExceptions', { filter }],
  ] as const) {
    const response = await page.request.post(`${gatehouse.url}/api/${method}`, {
      headers: { authorization: `Bearer ${token}` },
      data: body,
    });
    expect(response.status(), method).toBe(403);
  }
});
