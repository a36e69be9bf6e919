// The error boundary: when a screen cannot render what it was given, the person in front of it sees a
// calm message and a way back to the start, never a stack trace. The failure is provoked the way it
// would happen in the field, by an answer the screen cannot render (here intercepted in the browser),
// so the production build carries no test hook.
import { expect, signIn, test, watchConsole } from './fixtures';

test.use({ preset: { kind: 'desk' } });

test('a screen that fails to render shows the friendly screen and recovers from the start', async ({
  page,
  gatehouse,
}) => {
  const consoleLines = watchConsole(page);
  await page.route('**/api/visits.today', (route) =>
    route.fulfill({ json: { visits: [{ id: 'broken', status: 'expected' }] } }),
  );
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');

  await expect(page.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/TypeError|Cannot read|undefined|\.(js|tsx?):\d+/);
  // The details went to the console, for whoever maintains the station.
  expect(consoleLines.join('\n')).toMatch(/The screen failed to render/);

  await page.unroute('**/api/visits.today');
  await page.getByRole('button', { name: 'Back to the start' }).click();
  await signIn(page, 'reception', '2222');
  await expect(page.getByRole('heading', { name: "Today's visits" })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Grace Hopper' })).toBeVisible();
});
