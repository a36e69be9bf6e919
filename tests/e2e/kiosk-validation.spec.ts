// Mistakes are caught on the step where they are made, by the station's own rules (the shared schemas),
// in the visitor's language and without internal field names: a name too long or with no letter on the
// details step, a typed signature that is not the visitor's name on the signing step. The station refuses
// the same input with the same translated problem.
import type { Page } from '@playwright/test';
import de from '../../src/renderer/i18n/locales/de.json' with { type: 'json' };
import { ApiError } from '../../src/shared/errors';
import { as } from '../support/station';
import { expect, test } from './fixtures';

test.use({ preset: { kind: 'kiosk' } });

/** No dotted field path ("visitor.name:", "signatures.nda") anywhere on screen. */
async function expectNoFieldPaths(page: Page) {
  expect(await page.locator('body').innerText()).not.toMatch(/\b(visitor|signatures|customFields)\.\w/);
}

async function toDetails(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Visitor', exact: true }).click();
}

test('a 153-character name and "!!! ???" are refused on the details step, in the visitor\'s words', async ({
  page,
  gatehouse,
}) => {
  await toDetails(page, gatehouse.url);
  const name = page.getByLabel('Full name');
  await name.fill('A'.repeat(153));
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Your details' })).toBeVisible();
  await expect(page.getByText('Use at most 120 characters.')).toBeVisible();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expectNoFieldPaths(page);

  await name.fill('!!! ???');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByText('A name needs at least one letter.')).toBeVisible();
  await page.getByRole('button', { name: 'Deutsch' }).click();
  await page.getByRole('button', { name: de.kioskFlow.next, exact: true }).click();
  await expect(page.getByText(de.fieldErrors.needs_letter)).toBeVisible();
  await expectNoFieldPaths(page);

  await page.getByLabel(de.kioskFlow.details.name).fill('Ada Lovelace');
  await page.getByRole('button', { name: de.kioskFlow.next, exact: true }).click();
  await expect(page.getByRole('heading', { name: de.kioskFlow.host.title })).toBeVisible();
});

test('the station refuses a name with no letter too (the same shared rule)', async ({ gatehouse }) => {
  const kiosk = gatehouse.station.client(as('visitor'));
  const type = (await kiosk.visitorTypes.list()).types.find((t) => t.names.en === 'Visitor')!;
  const host = (await kiosk.kiosk.findHosts({ query: 'Ana Ruiz' })).hosts[0]!;
  const refused = await kiosk.kiosk
    .checkIn({
      visitorTypeId: type.id,
      language: 'en',
      visitor: { name: '!!! ???' },
      hostId: host.id,
      customFields: {},
      signatures: [],
      cameraAvailable: false,
    })
    .catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(ApiError);
  expect((refused as ApiError).fields?.['visitor.name']?.code).toBe('needs_letter');
  expect(
    gatehouse.station.core.db.$client.prepare("SELECT * FROM visitors WHERE name = '!!! ???'").all(),
  ).toEqual([]);
});

test("a typed signature that is not the visitor's name is refused on the signing step", async ({
  page,
  gatehouse,
}) => {
  await toDetails(page, gatehouse.url);
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByLabel('Name of the person you are visiting').fill('ana ruiz');
  await page.getByRole('button', { name: /Ana Ruiz/ }).click();
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Confidentiality agreement' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign by typing my name instead' }).click();
  const typed = page.getByLabel(/^Type your full name to sign/);
  const next = page.getByRole('button', { name: 'Next', exact: true });

  await typed.fill('Bob Smith');
  await expect(page.getByText('This is not the name you gave (Ada Lovelace).')).toBeVisible();
  await expect(next).toBeDisabled();
  // Only the start of the name: not yet a signature, said when the visitor leaves the field.
  await typed.fill('Ada');
  await expect(next).toBeDisabled();
  await typed.blur();
  await expect(page.getByText('This is not the name you gave (Ada Lovelace).')).toBeVisible();
  await typed.fill('ada  LOVELACE');
  await expect(page.getByText(/This is not the name you gave/)).toHaveCount(0);
  await expect(next).toBeEnabled();
  await expectNoFieldPaths(page);
});
