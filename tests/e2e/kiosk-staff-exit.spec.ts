// The staff exit from kiosk mode, in Chromium on a real kiosk station (docs/electron.md#leaving-kiosk-mode):
// nothing shows it to a visitor; five quick taps on the site's mark (or Ctrl+Alt+Shift+K) open a staff
// sign-in; a wrong PIN, a locked account and a role that may not are refused and nothing exits; reception
// leaves, the exit is audited, /healthz tells the browser-kiosk session, and no staff session stays behind.
import type { Page } from '@playwright/test';
import { FREE_ATTEMPTS } from '../../src/node/sign-in-guard';
import type { Station } from '../../src/main/station';
import { as } from '../support/station';
import { expect, test } from './fixtures';

test.use({ preset: { kind: 'kiosk' } });

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Staff: leave kiosk mode' });

async function tapMark(page: Page, times: number) {
  for (let i = 0; i < times; i++) await page.locator('.kiosk__mark').click();
}

async function tryExit(page: Page, login: string, pin: string) {
  const submit = dialog(page).getByRole('button', { name: 'Leave kiosk mode' });
  await expect(submit).toBeEnabled(); // the last attempt has been answered (and its PIN cleared)
  await dialog(page).getByLabel('Sign-in name').fill(login);
  await dialog(page).getByLabel('PIN').fill(pin);
  await submit.click();
}

const exitEntries = async (station: Station) =>
  (await station.client(as('admin')).audit.list({ action: 'station.exitKiosk', limit: 10 })).entries;
const healthOf = async (url: string) =>
  ((await (await fetch(`${url}/healthz`)).json()) as { kioskExit: string | null }).kioskExit;

test('staff leave kiosk mode only with the PIN of an admin or reception, every exit audited', async ({
  page,
  gatehouse: { url, station },
}) => {
  test.setTimeout(120_000); // eight sign-ins, each a deliberately slow KDF
  await page.goto(url);
  await expect(page.getByRole('link', { name: /^Check in/ })).toBeVisible();

  // A visitor tapping around sees nothing: four taps do not open it.
  await tapMark(page, 4);
  await page.waitForTimeout(3100); // the taps must fall within three seconds
  await tapMark(page, 1);
  await expect(dialog(page)).toHaveCount(0);
  await tapMark(page, 4);
  await expect(dialog(page)).toBeVisible();

  // A wrong PIN: refused, nothing exits.
  await tryExit(page, 'reception', '9999');
  await expect(dialog(page).getByRole('alert')).toHaveText(/do not match/);
  // A host may sign in but may not leave kiosk mode; their session ends at once.
  await tryExit(page, 'host', '4444');
  await expect(dialog(page).getByRole('alert')).toHaveText(
    'Only an admin or reception may leave kiosk mode.',
  );
  expect(await healthOf(url)).toBeNull();

  // A locked account: refused even with the right PIN.
  for (let i = 0; i < FREE_ATTEMPTS; i++) await tryExit(page, 'admin', '0000');
  await tryExit(page, 'admin', '1111');
  await expect(dialog(page).getByRole('alert')).toHaveText(/Locked until/);
  expect(await healthOf(url)).toBeNull();
  expect((await exitEntries(station)).map((e) => [e.role, e.outcome])).toEqual([['host', 'refused']]);

  // Closing it leaves the kiosk as it was; the keyboard shortcut opens it again.
  await dialog(page).getByRole('button', { name: 'Close' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await page.keyboard.press('Control+Alt+Shift+K');
  await expect(dialog(page)).toBeVisible();

  await tryExit(page, 'reception', '2222');
  await expect(dialog(page).getByRole('status')).toHaveText(/Kiosk mode has ended/);
  const [entry] = await exitEntries(station);
  expect(entry).toMatchObject({ role: 'reception', outcome: 'ok' });
  expect(await healthOf(url)).toBe(entry!.details.requestId);
  // The kiosk keeps no staff session: the screen calls as the visitor again.
  const signOuts = await station.client(as('admin')).audit.list({ action: 'session.signOut', limit: 10 });
  expect(signOuts.entries.map((e) => e.role)).toEqual(['reception', 'host']);
});
