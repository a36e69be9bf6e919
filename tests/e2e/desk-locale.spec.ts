// Dates at the desk follow the site's locale and time zone (issue #20, item 6), and the pre-registration
// form says what is wrong at the field (item 5): an empty Expected is required, the picker offers no past.
import type { Page } from '@playwright/test';
import { hostId, staff, typeId } from '../support/desk';
import { expect, signIn, test, type StationUnderTest } from './fixtures';

test.use({ preset: { kind: 'desk' } });

const openTab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();

/** The parts of a moment in a time zone, read with a fixed numeric format (not the one under test). */
function parts(iso: string, timeZone: string) {
  const all = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => all.find((p) => p.type === type)!.value;
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), min: get('minute') };
}

/** A visit two days from now at 14:05 UTC (an afternoon: 12-hour and 24-hour times differ). */
async function expectedVisit(gatehouse: StationUnderTest, name: string, locale: string) {
  const { station } = gatehouse;
  const admin = station.client(staff(station, 'admin'));
  await admin.settings.updateSite({ locale });
  const when = new Date(Date.now() + 2 * 86_400_000);
  when.setUTCHours(14, 5, 0, 0);
  await station.client(staff(station, 'reception')).visits.preRegister({
    visitor: { name },
    hostId: hostId(station, 'Jürgen Weiß'),
    visitorTypeId: typeId(station, 'Delivery'),
    expectedAt: when.toISOString(),
  });
  const status = await station.client().station.status();
  return { iso: when.toISOString(), timeZone: status.site!.timezone };
}

async function searchRow(page: Page, name: string) {
  await openTab(page, 'Search');
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill(`name:${name}`);
  await box.press('Enter');
  return page.getByRole('row').filter({ hasText: name });
}

test('a UK site shows day/month/year and 24-hour times', async ({ page, gatehouse }) => {
  const { iso, timeZone } = await expectedVisit(gatehouse, 'Gwen Greenwich', 'en-GB');
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  const { y, m, d, h, min } = parts(iso, timeZone);
  const row = await searchRow(page, 'Gwen Greenwich');
  await expect(row).toContainText(`${d}/${m}/${y}, ${h}:${min}`);
  await expect(row).not.toContainText(/[AP]M/);
});

test('a US site shows month/day/year and 12-hour times', async ({ page, gatehouse }) => {
  const { iso, timeZone } = await expectedVisit(gatehouse, 'Uma Usher', 'en-US');
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  const { y, m, d, h, min } = parts(iso, timeZone);
  const hour12 = Number(h) % 12 || 12;
  const row = await searchRow(page, 'Uma Usher');
  await expect(row).toContainText(
    new RegExp(`${Number(m)}/${Number(d)}/${y.slice(2)}, ${hour12}:${min}\\s${Number(h) < 12 ? 'AM' : 'PM'}`),
  );
});

test('pre-registering without a time says Expected is required, and the picker starts now', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await openTab(page, 'Pre-register');
  const form = page.getByRole('form', { name: 'One visitor' });
  await form.getByLabel('Full name').fill('Nora Notime');
  await form.getByRole('button', { name: 'Pre-register' }).click();
  await expect(form.getByRole('alert')).toContainText('Expected: This is required.');
  await expect(form.getByRole('alert')).not.toContainText('right format');
  const min = await form.getByLabel('Expected').getAttribute('min');
  // The earliest choice is this minute (local), so no past day is offered.
  expect(Math.abs(Date.parse(min!) - Date.now())).toBeLessThan(2 * 60_000);
});
