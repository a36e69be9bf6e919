// Reception desk: staff sign in, see today's demo visits, check a visitor in and out; another screen on
// the same station follows live; a refused sign-in and an ended session read as plain sentences.
import type { Page } from '@playwright/test';
import { expect, signIn, test, watchConsole } from './fixtures';

test.use({ preset: { kind: 'desk' } });

const DEMO_VISITORS = [
  'Grace Hopper',
  'Marie Curie',
  'Bob Builder',
  'Jane Doe',
  'Carlos Santana',
  'Hedy Lamarr',
];

// Today's list comes first; a desk check-in's badge job is listed again in the badge panel below it.
const rowOf = (page: Page, name: string) => page.getByRole('row').filter({ hasText: name }).first();

test("reception signs in, sees today's visits and checks a visitor in and out", async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await expect(page).toHaveURL(/#\/desk$/);
  await signIn(page, 'reception', '2222');

  await expect(page.getByRole('heading', { name: "Today's visits" })).toBeVisible();
  await expect(page.getByText('Rita Reception · Reception')).toBeVisible();
  for (const name of DEMO_VISITORS) await expect(rowOf(page, name)).toContainText('Expected');
  await expect(page.getByRole('row')).toHaveCount(DEMO_VISITORS.length + 1);

  await page.getByRole('button', { name: 'Check in Grace Hopper' }).click();
  await expect(rowOf(page, 'Grace Hopper')).toContainText('Checked in');
  await expect(page.getByRole('button', { name: 'Check in Grace Hopper' })).toHaveCount(0);

  const { visits } = await gatehouse.station.client().visits.today();
  expect(visits.find((v) => v.visitor.name === 'Grace Hopper')?.status).toBe('checked_in');

  await page.getByRole('button', { name: 'Check out Grace Hopper' }).click();
  await expect(rowOf(page, 'Grace Hopper')).toContainText('Checked out');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Grace Hopper')).toHaveCount(0);
});

test('a second screen on the same station sees a check-in live', async ({ page, browser, gatehouse }) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await expect(rowOf(page, 'Marie Curie')).toContainText('Expected');

  // Another screen, in its own browser context: nothing shared with the first but the station.
  const other = await browser.newContext();
  try {
    const second = await other.newPage();
    await second.goto(gatehouse.url);
    await signIn(second, 'admin', '1111');
    await expect(rowOf(second, 'Marie Curie')).toContainText('Expected');

    await page.getByRole('button', { name: 'Check in Marie Curie' }).click();
    await expect(rowOf(page, 'Marie Curie')).toContainText('Checked in');
    // No reload: the visit.changed event brings it.
    await expect(rowOf(second, 'Marie Curie')).toContainText('Checked in');
    await expect(second.getByRole('button', { name: 'Check out Marie Curie' })).toBeVisible();
  } finally {
    await other.close();
  }
});

test('a wrong PIN is refused with a plain sentence, never a stack trace', async ({ page, gatehouse }) => {
  const consoleLines = watchConsole(page);
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '9999');

  const alert = page.getByRole('alert');
  await expect(alert).toHaveText('That sign-in name and PIN do not match. Please try again.');
  await expect(page.getByLabel('PIN', { exact: true })).toHaveValue('');
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/ApiError|Error:|\bat \S+:\d+|stack/i);
  await expect(page.getByRole('heading', { name: "Today's visits" })).toHaveCount(0);
  expect(consoleLines.join('\n')).not.toMatch(/Uncaught/);
});

test('after five wrong PINs the screen says it is locked and for how long', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  for (let i = 0; i < 5; i++) {
    await signIn(page, 'reception', `900${i}`);
    await expect(page.getByRole('alert')).toHaveText(
      'That sign-in name and PIN do not match. Please try again.',
    );
  }
  await signIn(page, 'reception', '2222');
  await expect(page.getByRole('alert')).toHaveText('This is locked for now. Try again in 30 seconds.');
});

test('a PIN that is too short is explained field by field', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '12');
  await expect(page.getByRole('alert')).toContainText('Some of the information is not right.');
  await expect(page.getByRole('alert')).toContainText('PIN: Use at least 4 characters.');
});

test('when the station ends the session, the desk says so and asks to sign in again', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/session.signIn') && r.ok());
  await signIn(page, 'reception', '2222');
  const { token } = (await (await signedIn).json()) as { token: string };
  await expect(rowOf(page, 'Jane Doe')).toContainText('Expected');

  gatehouse.station.core.sessions.revoke(token);
  await page.getByRole('button', { name: 'Check in Jane Doe' }).click();

  await expect(page.getByRole('status')).toHaveText('Your session has ended. Please sign in again.');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const { visits } = await gatehouse.station.client().visits.today();
  expect(visits.find((v) => v.visitor.name === 'Jane Doe')?.status).toBe('expected');
});

test('a host sees only their own visitors and is not offered check-in, which the station reserves for reception and security', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'host', '4444'); // Ana Ruiz, Grace Hopper's host; Hedy Lamarr visits Priya Natarajan
  await expect(rowOf(page, 'Grace Hopper')).toContainText('Expected');
  await expect(page.getByRole('row').filter({ hasText: 'Hedy Lamarr' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Check in / })).toHaveCount(0);
});
