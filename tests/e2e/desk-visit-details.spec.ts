// What reception sees to decide on a visit (issue #20 item 10), in Chromium: beside each visit awaiting
// approval its photo, company, contact, type, signed NDA and ID ending; in the search's visit view the same
// and the timeline with the approval. Also: optional desk fields say so, and a search that fails leaves no
// results of the search before it on screen.
import { PNG } from 'pngjs';
import type { Page } from '@playwright/test';
import { hostId, typeId } from '../support/desk';
import { expect, signIn, test, type StationUnderTest } from './fixtures';

test.use({ preset: { kind: 'desk' } });

const openTab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();

/** A Contractor walk-in at the kiosk (photo, NDA typed, passport), waiting for Ana Ruiz's approval. */
async function contractorWaiting({ station }: StationUnderTest) {
  const kiosk = station.client({ role: 'visitor', userId: null });
  const visitorTypeId = typeId(station, 'Contractor');
  const { documents } = await kiosk.kiosk.documents({ visitorTypeId, language: 'en' });
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(90);
  const answer = await kiosk.kiosk.checkIn({
    visitorTypeId,
    language: 'en',
    visitor: { name: 'Carl Contractor', company: 'Fix-It Ltd', email: 'carl@fixit.example' },
    hostId: hostId(station, 'Ana Ruiz'),
    customFields: { work_permit: 'WP-77' },
    signatures: documents.map((d) => ({ documentId: d.id, typedName: 'Carl Contractor' })),
    photo: `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`,
    idDocumentKind: 'passport',
    idDocumentNumber: 'X1234567',
  });
  expect(answer.outcome).toBe('waiting_for_approval');
}

test('the approvals list shows what reception decides on, and the visit view its timeline', async ({
  page,
  gatehouse,
}) => {
  await contractorWaiting(gatehouse);
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await openTab(page, 'Approvals');

  const facts = page.getByRole('region', { name: 'What we know of Carl Contractor' });
  await expect(facts.getByRole('img', { name: 'Photo of Carl Contractor' })).toBeVisible();
  const photo = await facts.getByRole('img').evaluate((img: HTMLImageElement) => img.naturalWidth);
  expect(photo).toBe(8);
  await expect(facts).toContainText('CompanyFix-It Ltd');
  await expect(facts).toContainText('Contactcarl@fixit.example');
  await expect(facts).toContainText('Visitor typeContractor');
  await expect(facts).toContainText(/SignedConfidentiality agreement \(version 1, /);
  await expect(facts).toContainText('ID documentPassport ending …67');

  await page.getByRole('button', { name: 'Approve Carl Contractor' }).click();
  await page.getByLabel('Reason').fill('permit checked');
  await page.getByRole('button', { name: 'Confirm approval' }).click();
  await expect(page.getByText('No visits are waiting for approval.')).toBeVisible();

  await openTab(page, 'Search');
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill('name:carl');
  await box.press('Enter');
  await page.getByRole('button', { name: 'Open the visit of Carl Contractor' }).click();
  const view = page.getByRole('region', { name: 'What we know of Carl Contractor' });
  await expect(view).toContainText('ID documentPassport ending …67');
  const timeline = view.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
  await expect(timeline).toHaveCount(3);
  await expect(timeline.nth(0)).toContainText('Visit made');
  await expect(timeline.nth(1)).toContainText('Expected');
  await expect(timeline.nth(2)).toContainText('Approved — Rita Reception (permit checked)');
});

test('a host sees the facts of their own visitor awaiting approval', async ({ page, gatehouse }) => {
  await contractorWaiting(gatehouse);
  await page.goto(gatehouse.url);
  await signIn(page, 'host', '4444');
  await openTab(page, 'Approvals');
  const facts = page.getByRole('region', { name: 'What we know of Carl Contractor' });
  await expect(facts).toContainText('CompanyFix-It Ltd');
  await expect(facts).toContainText('ID documentPassport ending …67');
});

test('optional desk fields are marked "(optional)", required ones are not', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await openTab(page, 'On site');
  const walkIn = page.getByRole('form', { name: 'Walk-in visitor' });
  for (const label of ['Company', 'ID document', 'ID number'])
    await expect(walkIn.getByLabel(label)).toHaveAccessibleName(`${label} (optional)`);
  await expect(walkIn.getByLabel('Full name')).toHaveAccessibleName('Full name');

  await openTab(page, 'Pre-register');
  const one = page.getByRole('form', { name: 'One visitor' });
  await expect(one.getByLabel('Company')).toHaveAccessibleName('Company (optional)');
  await expect(one.getByLabel('Email')).toHaveAccessibleName('Email (optional)');
  await expect(one.getByLabel('Full name')).toHaveAccessibleName('Full name');
});

test('a search that fails leaves no results of the search before it', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  await openTab(page, 'Search');
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill('name:grace');
  await box.press('Enter');
  await expect(page.getByRole('button', { name: 'Open the visit of Grace Hopper' })).toBeVisible();

  await box.fill('date:2026-13-45');
  await box.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('“2026-13-45” is not a date.');
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByText('Grace Hopper')).toHaveCount(0);
});
