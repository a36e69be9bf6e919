// The kiosk's on-screen keyboard (react-simple-keyboard) in Chromium: codes with letters and digits typed
// exactly, the language's own layout (QWERTY, QWERTZ, AZERTY, Spanish), accents, a keypad for phone
// numbers, Enter moving to the next field and then doing the step's action, and — by geometry — the
// focused field and its button above the keyboard at 1280×800 and 1920×1080.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ preset: { kind: 'kiosk' } });

const keyboard = (page: Page) =>
  page.getByRole('group', { name: /On-screen keyboard|Bildschirmtastatur|Clavier|Teclado/ });
const key = (page: Page, k: string) => keyboard(page).locator(`[data-skbtn="${k}"]`).first();

/** Taps each key on the on-screen keyboard (one string per key). */
async function tap(page: Page, keys: string[]) {
  for (const k of keys) await key(page, k).click();
}

/** The letters of a key row, as shown. */
const row = (page: Page, n: number) =>
  keyboard(page)
    .locator('.hg-row')
    .nth(n)
    .locator('.hg-button')
    .evaluateAll((keys) => keys.map((k) => k.getAttribute('data-skbtn')).join(' '));

/** Fails unless the element is wholly on screen and above the keyboard. */
async function expectAboveKeyboard(page: Page, what: Locator) {
  const kb = (await keyboard(page).boundingBox())!;
  const box = (await what.boundingBox())!;
  expect(box.y, 'top on screen').toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, 'bottom above the keyboard').toBeLessThanOrEqual(kb.y);
}

test('an invite code is typed exactly (T6NK-2JCU) and Enter finds the invite', async ({
  page,
  gatehouse,
}) => {
  gatehouse.station.core.db.$client
    .prepare(
      "UPDATE visits SET invite_code = 'T6NK-2JCU', expected_at = ? WHERE visitor_id = (SELECT id FROM visitors WHERE name = 'Grace Hopper')",
    )
    .run(new Date().toISOString());
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^I have an invite/ }).click();
  const code = page.getByLabel('Invite code');
  await code.click();
  await expect(keyboard(page)).toHaveAttribute('data-layout', 'code');
  await tap(page, ['T', '6', 'N', 'K', '-', '2', 'J', 'C', 'U']);
  await expect(code).toHaveValue('T6NK-2JCU');
  await tap(page, ['{bksp}', 'U']);
  await expect(code).toHaveValue('T6NK-2JCU');
  await tap(page, ['{enter}']);
  await expect(page.getByRole('heading', { name: 'Welcome, Grace!' })).toBeVisible();
});

test('each language has its own layout, accents and capitals; phone numbers get a keypad', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Visitor', exact: true }).click();
  const name = page.getByLabel('Full name');
  await name.click();
  await expect(keyboard(page)).toHaveAttribute('data-layout', 'text');
  expect(await row(page, 0)).toBe('1 2 3 4 5 6 7 8 9 0 {bksp}');
  expect(await row(page, 1)).toBe('q w e r t y u i o p');
  expect(await row(page, 2)).toBe('a s d f g h j k l');

  // Shift and the accents are for one letter each, as on a phone.
  await tap(page, ['{shift}', 'Z', 'o', '{accents}', 'ë', '{space}', '{shift}', 'M', '{accents}', 'ü']);
  await tap(page, ['l', 'l', 'e', 'r', '{space}', '{accents}', '{shift}', 'È', '{accents}', 'à']);
  await tap(page, ['{accents}', 'ê', '{accents}', 'ô', '{accents}', 'ä', '{accents}', 'ñ', 'x', '{bksp}']);
  await expect(name).toHaveValue('Zoë Müller Èàêôäñ');

  const phone = page.getByLabel('Phone');
  await phone.click();
  await expect(keyboard(page)).toHaveAttribute('data-layout', 'phone');
  expect(await row(page, 0)).toBe('1 2 3');
  await expect(key(page, 'q')).toHaveCount(0);
  await tap(page, ['+', '4', '4', '{space}', '2', '0']);
  await expect(phone).toHaveValue('+44 20');

  const layouts = {
    Deutsch: ['q w e r t z u i o p ü', 'a s d f g h j k l ö ä', "{shift} y x c v b n m - ' {shift}"],
    Français: ['a z e r t y u i o p', 'q s d f g h j k l m ù', "{shift} w x c v b n - ' {shift}"],
    Español: ['q w e r t y u i o p', 'a s d f g h j k l ñ', "{shift} z x c v b n m - ' {shift}"],
  };
  for (const [language, rows] of Object.entries(layouts)) {
    await page.getByRole('button', { name: language }).click();
    await page.locator('input[autocomplete="off"]').nth(2).focus();
    expect([await row(page, 1), await row(page, 2), await row(page, 3)]).toEqual(rows);
  }
});

test('Enter moves to the next field, and on the last one goes to the next step', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Visitor', exact: true }).click();
  await page.getByLabel('Email').click();
  await expect(key(page, '@')).toBeVisible();
  await tap(page, ['{enter}']);
  await expect(page.getByLabel('Phone')).toBeFocused();
  await tap(page, ['{enter}']);
  await expect(page.getByLabel('Full name')).toBeFocused();
  await tap(page, ['{shift}', 'A', 'd', 'a', '{enter}']);
  await expect(page.getByLabel('Company')).toBeFocused();
  await tap(page, ['{enter}']);
  await expect(page.getByRole('heading', { name: 'Who are you visiting?' })).toBeVisible();
});

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
]) {
  test(`at ${viewport.width}×${viewport.height} the focused field and its button stay above the keyboard`, async ({
    page,
    gatehouse,
  }) => {
    await page.setViewportSize(viewport);
    await page.goto(gatehouse.url);
    await page.getByRole('link', { name: /^Check in/ }).click();
    await page.getByRole('button', { name: 'Visitor', exact: true }).click();
    const next = page.getByRole('button', { name: 'Next', exact: true });
    await page.getByLabel('Email').click();
    for (const label of ['Email', 'Phone', 'Full name', 'Company']) {
      const field = page.getByLabel(label);
      await expect(field).toBeFocused();
      await expectAboveKeyboard(page, field);
      await expectAboveKeyboard(page, next);
      if (label === 'Full name') await tap(page, ['{shift}', 'A', 'd', 'a']);
      if (label !== 'Company') await tap(page, ['{enter}']);
    }
    await tap(page, ['{enter}']);

    // The host's search: the field goes up, its results and Next stay above the keyboard.
    const search = page.getByLabel('Name of the person you are visiting');
    await expect(search).toBeFocused();
    await tap(page, ['a', 'n', 'a', '{space}', 'r']);
    const result = page.getByRole('button', { name: /Ana Ruiz/ });
    await expect(result).toBeVisible();
    await expectAboveKeyboard(page, search);
    await expectAboveKeyboard(page, result);
    await expectAboveKeyboard(page, next);

    // The invite code and its button.
    await page.goto(`${gatehouse.url}/#/kiosk/invite`);
    const code = page.getByLabel('Invite code');
    await code.click();
    await expectAboveKeyboard(page, code);
    await expectAboveKeyboard(page, page.getByRole('button', { name: 'Find my invite' }));
  });
}
