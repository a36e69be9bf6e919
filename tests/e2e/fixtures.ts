// Each test gets a fresh station of its own: a demo database in a new temp dir, the real station core
// and the real web host on a free loopback port, closed and deleted after the test.
import { test as base, expect, type Page } from '@playwright/test';
import type { Station, StationOptions } from '../../src/main/station';
import { createWebHost } from '../../src/main/web/server';
import { tempStation } from '../support/station';

export interface StationUnderTest {
  /** The web host's address, e.g. http://127.0.0.1:41234 */
  url: string;
  station: Station;
}

interface Fixtures {
  /** Set the station up before the test (kiosk, desk or gate); unset means the first-run screen. */
  preset: StationOptions['preset'] | undefined;
  /** Hardware manager options (device listing seams, poll intervals); unset: the defaults. */
  hardware: StationOptions['hardware'];
  gatehouse: StationUnderTest;
}

export const test = base.extend<Fixtures>({
  preset: [undefined, { option: true }],
  hardware: [undefined, { option: true }],
  gatehouse: async ({ preset, hardware }, use) => {
    const station = await tempStation({ demo: true, preset, hardware });
    const app = await createWebHost(station);
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      await use({ url, station });
    } finally {
      await app.close();
      await station.dispose();
    }
  },
});

export { expect };

/** Signs a staff member in on a desk or gate screen that shows the sign-in form. */
export async function signIn(
  page: Page,
  login: string,
  pin: string,
  labels = { login: 'Sign-in name', pin: 'PIN', submit: 'Sign in' },
) {
  confirmDeskRules(page);
  await page.getByLabel(labels.login).fill(login);
  await page.getByLabel(labels.pin, { exact: true }).fill(pin);
  await page.getByRole('button', { name: labels.submit }).click();
}

const askedOn = new WeakMap<Page, string[]>();

/**
 * A receptionist confirms the visitor type's rules when the desk asks (documents, ID, photo, approval):
 * every prompt is recorded in `asked` and accepted; any other dialog is dismissed.
 */
export function confirmDeskRules(page: Page): string[] {
  const known = askedOn.get(page);
  if (known) return known;
  const asked: string[] = [];
  askedOn.set(page, asked);
  page.on('dialog', (dialog) => {
    const asks = dialog.message().startsWith('This visitor type asks for');
    if (asks) asked.push(dialog.message());
    void (asks ? dialog.accept() : dialog.dismiss());
  });
  return asked;
}

/** Collects what the page prints to the console and its uncaught errors, to prove none reach the screen. */
export function watchConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => lines.push(m.text()));
  page.on('pageerror', (e) => lines.push(String(e)));
  return lines;
}

/** Signs in like signIn and returns the session's bearer token, to call the station's API as that person. */
export async function signInForToken(page: Page, login: string, pin: string): Promise<string> {
  const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/session.signIn') && r.ok());
  await signIn(page, login, pin);
  return ((await (await signedIn).json()) as { token: string }).token;
}

/** On the Today tab of a full site or zone: the check-in is refused, then approved over capacity. */
export async function checkInOverCapacity(page: Page, name: string) {
  await page.getByRole('button', { name: `Check in ${name}` }).click();
  // The station's own reason, not a vague "cannot be done now".
  await expect(page.getByRole('alert')).toContainText(/is at its capacity of \d+ people/);
  await page.getByRole('button', { name: `Approve and check in ${name} over capacity` }).click();
  await expect(page.getByRole('row').filter({ hasText: name }).first()).toContainText('Checked in');
}

/** On the desk: the Search tab, a search for `query` (Enter), and its answer on screen. */
export async function searchVisits(page: Page, query: string) {
  await page.getByRole('tab', { name: /^Search/ }).click();
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill(query);
  await box.press('Enter');
}

/** Searches the desk for `query` and opens the visit of `name`; returns the region of its details. */
export async function openVisitFound(page: Page, query: string, name: string) {
  await searchVisits(page, query);
  await page.getByRole('button', { name: `Open the visit of ${name}` }).click();
  return page.getByRole('region', { name: `What we know of ${name}` });
}

/** Signs the demo admin in on a desk and opens one section of the Admin tab ("Settings"). */
export async function openAdmin(page: Page, url: string, section: string) {
  await page.goto(url);
  await signIn(page, 'admin', '1111');
  await page.getByRole('tab', { name: /^Admin/ }).click();
  await page.getByRole('button', { name: section, exact: true }).click();
}

/** Connects a station from its first-run setup screen to a sync server with an enrollment code. */
export async function connect(page: Page, url: string, serverUrl: string, code: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Set up this station' })).toBeVisible({ timeout: 20_000 });
  await page.getByLabel('Server address').fill(serverUrl);
  await page.getByLabel('Enrollment code').fill(code);
  await page.getByRole('button', { name: 'Connect this station' }).click();
}

/** A kiosk walk-in of the Visitor type for the starter site's Reception host, up to its documents. */
export async function walkInToReception(kiosk: Page) {
  await kiosk.getByRole('button', { name: 'Visitor', exact: true }).click();
  await kiosk.getByLabel('Email').fill('ada@engines.example');
  await kiosk.getByLabel('Full name').fill('Ada Lovelace');
  await kiosk.getByRole('button', { name: 'Next' }).click();
  await kiosk.getByLabel('Name of the person you are visiting').fill('recep');
  await kiosk.getByRole('button', { name: /Reception/ }).click();
  await kiosk.getByRole('button', { name: 'Next' }).click();
}
