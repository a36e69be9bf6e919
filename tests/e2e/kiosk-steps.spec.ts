// The walk-in's steps at 1280×800 (issue #20 item 10): the step counter counts the chosen visitor type's
// whole walk-in from its first "1 of N" and never grows ("1 of 3" → "2 of 5"); each later step opens at
// the top with the header in view, however far the step before was scrolled; optional fields say so, in
// the visitor's language.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ preset: { kind: 'kiosk' } });

const progress = (page: Page) => page.locator('.kiosk-flow__progress');
const next = (page: Page) => page.getByRole('button', { name: 'Next', exact: true });

/** Fails unless the page is at its top with the header and the step's title wholly on screen. */
async function expectOpenedAtTop(page: Page, title: string) {
  expect(await page.evaluate(() => window.scrollY), `${title}: scrolled`).toBe(0);
  const header = (await page.locator('.kiosk__header').boundingBox())!;
  expect(header.y, `${title}: header top`).toBeGreaterThanOrEqual(0);
  const heading = (await page.getByRole('heading', { level: 1, name: title }).boundingBox())!;
  expect(heading.y, `${title}: title top`).toBeGreaterThanOrEqual(header.y + header.height);
  expect(heading.y + heading.height, `${title}: title bottom`).toBeLessThanOrEqual(800);
}

/** Scrolls the page to its foot, as a long document or the keyboard leaves it. */
const scrollDown = (page: Page) => page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));

test('a Contractor counts 5 steps from the first, and each step opens at the top', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await expect(page.getByRole('heading', { name: 'What brings you here?' })).toBeVisible();
  // Before the type is chosen nobody can know how many steps there are: no counter yet.
  await expect(progress(page)).toHaveCount(0);

  await page.getByRole('button', { name: 'Contractor', exact: true }).click();
  await expect(progress(page)).toHaveText('Step 1 of 5');
  await expectOpenedAtTop(page, 'Your details');
  await page.getByLabel('Full name').fill('Carl Contractor');
  await scrollDown(page);
  await next(page).click();

  await expect(progress(page)).toHaveText('Step 2 of 5');
  await page.getByLabel('Name of the person you are visiting').fill('Ana Ruiz');
  await page.getByRole('button', { name: /Ana Ruiz/ }).click();
  await scrollDown(page);
  await next(page).click();

  await expect(progress(page)).toHaveText('Step 3 of 5');
  await expectOpenedAtTop(page, 'A few more questions');
  await page.getByLabel('Work permit number').fill('WP-77');
  await page.getByRole('button', { name: 'Passport' }).click();
  await page.getByLabel('ID number').fill('X1234567');
  await scrollDown(page);
  await next(page).click();

  await expect(progress(page)).toHaveText('Step 4 of 5');
  await expectOpenedAtTop(page, 'Please read and sign');
  await page.getByRole('button', { name: 'Sign by typing my name instead' }).click();
  await page.getByLabel(/^Type your full name to sign/).fill('Carl Contractor');
  await scrollDown(page);
  await next(page).click();

  // The photo: a step of its own, or (no camera in this browser) reception — either opens at the top.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const counter = await progress(page).allTextContents();
  expect(counter.every((c) => c === 'Step 5 of 5')).toBe(true);
});

test('a Visitor counts 4 steps, and going back keeps the count', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Visitor', exact: true }).click();
  await expect(progress(page)).toHaveText('Step 1 of 4');
  await page.getByLabel('Full name').fill('Vera Visitor');
  await next(page).click();
  await expect(progress(page)).toHaveText('Step 2 of 4');
  await page.getByLabel('Name of the person you are visiting').fill('Ana Ruiz');
  await page.getByRole('button', { name: /Ana Ruiz/ }).click();
  await next(page).click();
  await expect(progress(page)).toHaveText('Step 3 of 4');
  await expectOpenedAtTop(page, 'Please read and sign');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(progress(page)).toHaveText('Step 2 of 4');
});

test('optional fields are marked optional, in the visitor’s language', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Visitor', exact: true }).click();
  await expect(page.getByLabel('Email')).toHaveAccessibleName('Email (optional)');
  await expect(page.getByLabel('Phone')).toHaveAccessibleName('Phone (optional)');
  await expect(page.getByLabel('Company')).toHaveAccessibleName('Company (optional)');
  await expect(page.getByLabel('Full name')).toHaveAccessibleName('Full name');

  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByLabel('Téléphone')).toHaveAccessibleName('Téléphone (facultatif)');
  await expect(page.getByLabel(/^Société/)).toHaveAccessibleName('Société (facultatif)');
  await expect(page.getByLabel('Nom complet')).toHaveAccessibleName('Nom complet');
});

test('a delivery is two taps: Delivery, then the recipient — no visitor details', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Delivery', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Who is the delivery for?' })).toBeVisible();
  await expect(page.getByLabel('Full name')).toHaveCount(0);
  await expect(progress(page)).toHaveCount(0);
  await page.getByLabel('Name of the person you are visiting').fill('Ana');
  await page.getByRole('button', { name: /Ana Ruiz/ }).click();
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await expect(page.getByText('Ana Ruiz has been told that their delivery is here.')).toBeVisible();
  const notified = gatehouse.station.core.db.$client
    .prepare(
      "SELECT count(*) FROM notifications n JOIN hosts h ON h.id = n.host_id WHERE h.name = 'Ana Ruiz' AND n.kind = 'visitor.arrived'",
    )
    .pluck()
    .get();
  expect(notified).toBe(1);
});

test('a delivery for nobody in particular goes to reception', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Delivery', exact: true }).click();
  await page.getByRole('button', { name: /^Reception/ }).click();
  await expect(page.getByRole('heading', { name: 'Thank you!' })).toBeVisible();
  await expect(page.getByText('Please leave the delivery at reception.')).toBeVisible();
  await page.getByRole('link', { name: /Finish|Done/ }).click();
  await expect(page.getByRole('link', { name: /^Check in/ })).toBeVisible();
});
