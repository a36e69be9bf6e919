// The console's report across sites (#16, docs/console.md#reports) in Chromium against the real server
// process on SQLite: an administrator picks a day three weeks back (the data sits there, in the site's time
// zone, so the run's own day plays no part), sees the peak on site and an exception in accessible tables,
// downloads the visits as CSV and the report as PDF — both read back — and finds each download audited.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import Papa from 'papaparse';
import { expect, test } from '@playwright/test';
import { newId } from '../../src/shared/ids';
import { adminAudit, startConsoleServer, type ConsoleServer } from '../support/sync/console';
import { addSite, enrollRaw, pushRaw, rawOp } from '../support/sync/http';

const ADMIN_TOKEN = 'console-reports-e2e-admin-token';
const ADA = { login: 'ada', name: 'Ada Admin', password: 'correct horse battery staple' };
const DAY = DateTime.utc().minus({ days: 21 }).toISODate()!;
const at = (time: string) => DateTime.fromISO(`${DAY}T${time}`, { zone: 'Europe/London' }).toUTC().toISO()!;

let server: ConsoleServer;
test.beforeAll(async () => {
  server = await startConsoleServer('sqlite', ADA, { GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN });
});
test.afterAll(() => server?.stop());

test('an administrator sees a peak and an exception across sites and downloads the CSV and the PDF', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const base = server.base;
  const siteId = await addSite(base, ADMIN_TOKEN, 'Harbour Office');
  const gate = await enrollRaw(base, ADMIN_TOKEN, siteId, 'gate');
  let seq = 0;
  const op = (type: string, payload: Record<string, unknown>, entityId = newId()) =>
    rawOp(gate.stationId, ++seq, { type, siteId, entityId, payload: { siteId, ...payload } });
  const visitorId = newId();
  const visitId = newId();
  const visit = (id: string, who: string, checkIn: string, checkOut: string) =>
    op(
      'visit.create',
      {
        visitorId: who,
        status: 'checked_out',
        timezone: 'Europe/London',
        createdAt: at('08:00'),
        expectedAt: at(checkIn),
        checkedInAt: at(checkIn),
        checkedOutAt: at(checkOut),
      },
      id,
    );
  const pushed = await pushRaw(base, gate.credential, [
    op(
      'visitor.upsert',
      { name: 'Grace Hopper', searchName: 'grace hopper', createdAt: at('08:00') },
      visitorId,
    ),
    visit(visitId, visitorId, '09:10', '12:00'),
    visit(newId(), visitorId, '14:00', '14:30'),
    visit(newId(), visitorId, '09:40', '10:30'),
    op('gate.event', {
      stationId: gate.stationId,
      passId: null,
      visitId,
      direction: 'entry',
      granted: false,
      reason: 'expired',
      overrideBy: null,
      occurredAt: at('12:30'),
    }),
  ]);
  expect(pushed.body.rejected).toEqual([]);

  await page.goto(`${base}/console/`);
  await page.getByLabel('Login').fill(ADA.login);
  await page.getByLabel('Password').fill(ADA.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Reports', exact: true }).click();
  await page.getByLabel('From', { exact: true }).fill(DAY);
  await page.getByLabel('To', { exact: true }).fill(DAY);
  await page.getByRole('button', { name: 'Show', exact: true }).click();

  // The peak: two at once from 09:40, the hour in the site's time.
  const days = page.getByRole('table', { name: /Visits checked in and the peak on site per site and day/ });
  const row = days.getByRole('row', { name: new RegExp(`Harbour Office ${DAY}`) });
  await expect(row.getByRole('cell')).toHaveText([DAY, '3', '2', '09:00']);
  await expect(days.getByRole('columnheader', { name: 'Most on site at once' })).toBeVisible();

  // The exception: a refused scan, counted for the site and listed with who and why.
  const counts = page.getByRole('table', { name: /Exceptions per site/ });
  await expect(counts.getByRole('row', { name: /Harbour Office/ }).getByRole('cell')).toHaveText([
    '0',
    '1',
    '0',
    '0',
    '0',
    '0',
  ]);
  const list = page.getByRole('table', { name: /Exceptions, newest first: 1 of 1/ });
  await expect(list.getByRole('row', { name: /Refused scan/ })).toContainText(
    `${DAY} 12:30Harbour OfficeRefused scanGrace HopperExpired`, // the reason in the page's words
  );

  // Downloads big enough to touch, and each file read back.
  const csvLink = page.getByRole('link', { name: 'Download visits (CSV)' });
  expect((await csvLink.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  const csvDownload = page.waitForEvent('download');
  await csvLink.click();
  const csv = Papa.parse<Record<string, string>>(readFileSync(await (await csvDownload).path(), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  expect(csv.data).toEqual([
    { site: 'Harbour Office', site_id: siteId, day: DAY, visits: '3', peak_on_site: '2', peak_hour: '09:00' },
  ]);

  const pdfDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download report (PDF)' }).click();
  const text = execFileSync('pdftotext', ['-layout', await (await pdfDownload).path(), '-'], {
    encoding: 'utf8',
  });
  expect(text).toContain('Report across sites');
  expect(text).toContain(`Harbour Office · ${DAY}: 3 visits, at most 2 on site at once (from 09:00)`);
  // The gate's reason in words, as on the page, not its code.
  expect(text).toMatch(/12:30 · Harbour Office · Refused scan · Grace Hopper · Expired/);

  const exports = (await adminAudit(base, ADMIN_TOKEN)).filter((e) => e.action === 'console.report_export');
  expect(exports.map((e) => e.details.file)).toEqual([
    `visits-${DAY}-${DAY}.csv`,
    `report-${DAY}-${DAY}.pdf`,
  ]);
  expect(exports.map((e) => e.details.rows)).toEqual([1, 2]);
});
