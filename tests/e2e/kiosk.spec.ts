// The kiosk welcome: the language switch changes every string on the screen, and each journey button
// leads to a screen with a way back.
import en from '../../src/renderer/i18n/locales/en.json' with { type: 'json' };
import es from '../../src/renderer/i18n/locales/es.json' with { type: 'json' };
import fr from '../../src/renderer/i18n/locales/fr.json' with { type: 'json' };
import de from '../../src/renderer/i18n/locales/de.json' with { type: 'json' };
import type { Page } from '@playwright/test';
import { DEMO_SITE } from '../../src/main/demo';
import { expect, test } from './fixtures';

test.use({ preset: { kind: 'kiosk' } });

type Locale = typeof en;
const LOCALES: Record<string, Locale> = { en, es, fr, de };
const LANGUAGE_NAMES = Object.values(LOCALES).map((l) => l.language.name);

/** Every string the welcome screen shows, from the locale file, in reading order. */
function welcomeStrings(l: Locale): string[] {
  const a = l.kiosk.actions;
  return [
    l.kiosk.welcome.title.replace('{{site}}', DEMO_SITE.name),
    l.kiosk.welcome.lead,
    a.checkIn.title,
    a.checkIn.hint,
    a.invite.title,
    a.invite.hint,
    a.checkOut.title,
    a.checkOut.hint,
    l.kiosk.welcome.help,
  ];
}

/** The text on screen, line by line, leaving out what is the same in every language. */
async function screenLines(page: Page): Promise<string[]> {
  const text = await page.locator('main').innerText();
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^[→←✉]$/.test(line));
}

test('the language switch changes every visible string of the welcome screen', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await expect(page.getByRole('heading', { name: `Welcome to ${DEMO_SITE.name}` })).toBeVisible();
  expect(await screenLines(page)).toEqual(welcomeStrings(en));

  // Each language is offered in its own words.
  const switcher = page.getByRole('navigation', { name: 'Language' });
  for (const name of LANGUAGE_NAMES) await expect(switcher.getByRole('button', { name })).toBeVisible();

  for (const [code, locale] of Object.entries(LOCALES)) {
    await page.getByRole('button', { name: locale.language.name }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(welcomeStrings(locale)[0]!);
    expect(await screenLines(page)).toEqual(welcomeStrings(locale));
    await expect(page.locator('html')).toHaveAttribute('lang', code);
    await expect(page.getByRole('button', { name: locale.language.name })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page.getByRole('navigation', { name: locale.language.switchLabel })).toBeVisible();
  }
});

test('each visitor journey opens its own screen with a way back, in the chosen language', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await page.getByRole('button', { name: 'Deutsch' }).click();
  const firstScreen = {
    checkIn: de.kioskFlow.type.title,
    invite: de.kioskFlow.invite.title,
    checkOut: de.kioskFlow.checkOut.title,
  };
  for (const action of ['checkIn', 'invite', 'checkOut'] as const) {
    const title = de.kiosk.actions[action].title;
    await page.getByRole('link', { name: new RegExp(`^${title}`) }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(firstScreen[action]);
    await page.getByRole('link', { name: de.kiosk.back }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Willkommen bei ${DEMO_SITE.name}`);
  }
});
