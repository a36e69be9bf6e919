// A person's rights at the desk (issue #15), in real Chromium against a real station: under Admin →
// Personal data an admin finds a person, downloads what the station holds about them as JSON and as a PDF,
// and erases them everywhere after typing their name; an open incident or a legal hold (on the person, or
// on one visit placed from the visit's details) makes the station refuse, the screen says why and nothing
// changes. Reception sees none of it. Under Admin → Settings the admin rotates the data key. A German desk
// gets the PDF and the refusal in German.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { KEYS_DIR } from '../../src/main/core/data-keys';
import { staff, visitIdOf } from '../support/desk';
import type { TestStation } from '../support/station';
import {
  expect,
  openAdmin,
  openVisitFound,
  searchVisits,
  signIn,
  test,
  type StationUnderTest,
} from './fixtures';

test.use({ preset: { kind: 'desk' } });

const openTab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();

/** In Admin → Personal data: searches for `query` and chooses `name`; returns the actions for them. */
async function choosePerson(page: Page, query: string, name: string) {
  const section = page.getByRole('region', { name: 'Personal data', exact: true });
  const find = section.getByRole('form', { name: 'Find a person' });
  await find.getByLabel('Name, e-mail or phone').fill(query);
  await find.getByRole('button', { name: 'Search' }).click();
  await section.getByRole('button', { name: `Choose ${name}` }).click();
  return section.getByRole('region', { name: `Personal data of ${name}` });
}

/** Erase everywhere → type the name → Enter (the keyboard's way through the confirmation). */
async function eraseAfterConfirming(page: Page, name: string) {
  const actions = page.getByRole('region', { name: `Personal data of ${name}` });
  await actions.getByRole('button', { name: 'Erase everywhere' }).click();
  const confirm = actions.getByRole('form', { name: `Erase ${name} everywhere` });
  await expect(confirm).toContainText('at every station of the site and at the sync server');
  await expect(confirm).toContainText('This cannot be undone.');
  await expect(confirm.getByRole('button', { name: `Erase ${name} now` })).toBeDisabled();
  await confirm.getByLabel(`Type ${name} to confirm`).fill(name);
  await expect(confirm.getByRole('button', { name: `Erase ${name} now` })).toBeEnabled();
  await confirm.getByLabel(`Type ${name} to confirm`).press('Enter');
}

const nameOf = (station: StationUnderTest['station'], visitorId: string) =>
  station.core.db.$client.prepare('SELECT name FROM visitors WHERE id = ?').pluck().get(visitorId);

const visitorIdOf = ({ station }: StationUnderTest, name: string) =>
  station.core.db.$client.prepare('SELECT id FROM visitors WHERE name = ?').pluck().get(name) as string;

test('erasure is refused while a legal hold covers the person: the station’s reason, nothing changed', async ({
  page,
  gatehouse,
}) => {
  const visitorId = visitorIdOf(gatehouse, 'Grace Hopper');
  const admin = gatehouse.station.client(staff(gatehouse.station, 'admin'));
  await admin.privacy.placeHold({ visitorId, reason: 'Case 2026-115' });

  await openAdmin(page, gatehouse.url, 'Personal data');
  await choosePerson(page, 'grace', 'Grace Hopper');
  await eraseAfterConfirming(page, 'Grace Hopper');
  await expect(page.getByRole('alert')).toHaveText(
    /^A legal hold placed on \d{4}-\d{2}-\d{2} covers this person: release it first, then erase them\.$/,
  );
  await expect(page.getByText(/is erased/)).toHaveCount(0);
  expect(nameOf(gatehouse.station, visitorId)).toBe('Grace Hopper');

  // Still found, as before.
  await choosePerson(page, 'grace', 'Grace Hopper');
});

test('erasure is refused while an open incident refers to the person', async ({ page, gatehouse }) => {
  const admin = gatehouse.station.client(staff(gatehouse.station, 'admin'));
  await admin.incidents.raise({
    title: 'Tailgating at the gate',
    visitId: visitIdOf(gatehouse.station, 'Hedy Lamarr'),
  });

  await openAdmin(page, gatehouse.url, 'Personal data');
  await choosePerson(page, 'hedy', 'Hedy Lamarr');
  await eraseAfterConfirming(page, 'Hedy Lamarr');
  await expect(page.getByRole('alert')).toHaveText(
    'An open incident refers to this person: close it first, then erase them.',
  );
  expect(nameOf(gatehouse.station, visitorIdOf(gatehouse, 'Hedy Lamarr'))).toBe('Hedy Lamarr');
});

test('an admin exports a person as JSON and PDF, then erases them after confirming: gone from the finder and the search', async ({
  page,
  gatehouse,
}) => {
  const visitId = visitIdOf(gatehouse.station, 'Marie Curie');
  await openAdmin(page, gatehouse.url, 'Personal data');
  const actions = await choosePerson(page, 'marie', 'Marie Curie');

  const jsonDownload = page.waitForEvent('download');
  await actions.getByRole('button', { name: 'Export data (JSON)' }).click();
  const json = await jsonDownload;
  expect(json.suggestedFilename()).toMatch(/^personal-data-.+\.json$/);
  const bundle = JSON.parse(readFileSync(await json.path(), 'utf8')) as {
    visitor: { name: string; email: string };
    visits: { id: string }[];
  };
  expect(bundle.visitor).toMatchObject({ name: 'Marie Curie', email: 'marie@radium.example' });
  expect(bundle.visits.map((v) => v.id)).toEqual([visitId]);

  const pdfDownload = page.waitForEvent('download');
  await actions.getByRole('button', { name: 'Export data (PDF)' }).click();
  const pdf = readFileSync(await (await pdfDownload).path());
  expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
  // In the desk's language (English here).
  expect(execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString()).toContain(
    'Personal data held about Marie Curie',
  );

  await eraseAfterConfirming(page, 'Marie Curie');
  await expect(page.getByRole('status').filter({ hasText: 'Marie Curie is erased' })).toContainText(
    'Visits anonymised: 1. Visitor records anonymised: 1.',
  );
  const section = page.getByRole('region', { name: 'Personal data', exact: true });
  const find = section.getByRole('form', { name: 'Find a person' });
  await find.getByLabel('Name, e-mail or phone').fill('marie');
  await find.getByRole('button', { name: 'Search' }).click();
  await expect(section.getByText('Nobody found who still has personal data here.')).toBeVisible();

  await searchVisits(page, 'name:marie');
  await expect(page.getByText('No visits match.')).toBeVisible();
  await expect(page.getByText('Marie Curie')).toHaveCount(0);
});

test('a hold on one visit, from its details: listed with the holds, and it blocks the erasure', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'admin', '1111');
  const details = await openVisitFound(page, 'name:grace', 'Grace Hopper');
  await details.getByRole('button', { name: 'Hold this visit' }).click();
  const hold = details.getByRole('form', { name: 'Hold this visit of Grace Hopper' });
  await hold.getByLabel('Reason').fill('Claim 88-B');
  await hold.getByRole('button', { name: 'Hold this visit' }).click();
  await expect(details.getByRole('status')).toHaveText(/^This visit of Grace Hopper is under a legal hold/);
  expect(
    gatehouse.station.core.db.$client.prepare('SELECT visitor_id, visit_id FROM legal_holds').get(),
  ).toEqual({ visitor_id: null, visit_id: visitIdOf(gatehouse.station, 'Grace Hopper') });

  await openTab(page, 'Admin');
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const inForce = page
    .getByRole('region', { name: 'Legal holds' })
    .getByRole('table', { name: 'Legal holds in force' });
  await expect(inForce.getByRole('row').filter({ hasText: 'Visit of Grace Hopper, ' })).toContainText(
    'Claim 88-B',
  );

  await page.getByRole('button', { name: 'Personal data', exact: true }).click();
  await choosePerson(page, 'grace', 'Grace Hopper');
  await eraseAfterConfirming(page, 'Grace Hopper');
  await expect(page.getByRole('alert')).toHaveText(/^A legal hold placed on .* covers this person/);
  expect(nameOf(gatehouse.station, visitorIdOf(gatehouse, 'Grace Hopper'))).toBe('Grace Hopper');
});

test('a hold placed at another desk shows in the holds list open here, without leaving it', async ({
  page,
  gatehouse,
}) => {
  await openAdmin(page, gatehouse.url, 'Settings');
  const holds = page.getByRole('region', { name: 'Legal holds' });
  await expect(holds).toContainText('No legal hold is in force.');

  const otherDesk = gatehouse.station.client(staff(gatehouse.station, 'admin'));
  const { holdId } = await otherDesk.privacy.placeHold({
    visitId: visitIdOf(gatehouse.station, 'Grace Hopper'),
    reason: 'Claim 91-C',
  });
  const inForce = holds.getByRole('table', { name: 'Legal holds in force' });
  await expect(inForce.getByRole('row').filter({ hasText: 'Visit of Grace Hopper, ' })).toContainText(
    'Claim 91-C',
  );

  await otherDesk.privacy.releaseHold({ holdId });
  await expect(holds).toContainText('No legal hold is in force.');
});

test('reception sees no Personal data section and no "Hold this visit"', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'reception', '2222');
  const details = await openVisitFound(page, 'name:grace', 'Grace Hopper');
  await expect(details).toContainText('Compilers Ltd');
  await expect(page.getByRole('button', { name: 'Hold this visit' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: /^Admin/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Erase|Export data/ })).toHaveCount(0);
});

test('the data key rotation: confirmed, then "already waiting", and refused for a key from the environment', async ({
  page,
  gatehouse,
}) => {
  await openAdmin(page, gatehouse.url, 'Settings');
  const section = page.getByRole('region', { name: 'Data key' });
  await expect(section).toContainText('finishes the rotation at its next start');

  await section.getByRole('button', { name: 'Rotate the data key' }).click();
  const confirm = section.getByRole('group', { name: 'Rotate the data key?' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect(gatehouse.station.core.keys.pendingDataKey()).toBeNull();

  await section.getByRole('button', { name: 'Rotate the data key' }).click();
  await confirm.getByRole('button', { name: 'Start the rotation' }).click();
  await expect(section.getByRole('status')).toHaveText(
    'A new data key is stored. The rotation finishes at the next start of this station.',
  );
  expect(gatehouse.station.core.keys.pendingDataKey()).not.toBeNull();

  await section.getByRole('button', { name: 'Rotate the data key' }).click();
  await confirm.getByRole('button', { name: 'Start the rotation' }).click();
  await expect(section.getByRole('status')).toHaveText(
    'A rotation is already waiting for the next start of this station; nothing was changed.',
  );

  // The same key given as GATEHOUSE_DATA_KEY, as an operator would: the station cannot rotate it.
  const dataDir = (gatehouse.station as TestStation).dataDir;
  process.env.GATEHOUSE_DATA_KEY = readFileSync(path.join(dataDir, KEYS_DIR, 'data.key'), 'utf8').trim();
  try {
    await section.getByRole('button', { name: 'Rotate the data key' }).click();
    await confirm.getByRole('button', { name: 'Start the rotation' }).click();
    await expect(section.getByRole('alert')).toHaveText(
      'The data key comes from GATEHOUSE_DATA_KEY, which the station cannot change: a key it can rotate lives in keys/data.key or the keychain.',
    );
    await expect(section.getByRole('status')).toHaveCount(0);
  } finally {
    delete process.env.GATEHOUSE_DATA_KEY;
  }
});

test.describe('a desk in German', () => {
  test.use({ preset: { kind: 'desk', language: 'de' } });

  test('the PDF comes in German, and a refused erasure says why in German', async ({ page, gatehouse }) => {
    const visitorId = visitorIdOf(gatehouse, 'Grace Hopper');
    const admin = gatehouse.station.client(staff(gatehouse.station, 'admin'));
    await admin.privacy.placeHold({ visitorId, reason: 'Akte 2026-9' });

    await page.goto(gatehouse.url);
    await signIn(page, 'admin', '1111', { login: 'Anmeldename', pin: 'PIN', submit: 'Anmelden' });
    await openTab(page, 'Verwaltung');
    await page.getByRole('button', { name: 'Personenbezogene Daten', exact: true }).click();
    const find = page.getByRole('form', { name: 'Person suchen' });
    await find.getByLabel('Name, E-Mail oder Telefon').fill('grace');
    await find.getByRole('button', { name: 'Suchen' }).click();
    await page.getByRole('button', { name: 'Grace Hopper auswählen' }).click();
    const actions = page.getByRole('region', { name: 'Personenbezogene Daten von Grace Hopper' });

    const pdfDownload = page.waitForEvent('download');
    await actions.getByRole('button', { name: 'Daten exportieren (PDF)' }).click();
    const pdf = readFileSync(await (await pdfDownload).path());
    expect(execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString()).toContain(
      'Personenbezogene Daten zu Grace Hopper',
    );

    await actions.getByRole('button', { name: 'Überall löschen' }).click();
    const confirm = actions.getByRole('form', { name: 'Grace Hopper überall löschen' });
    await confirm.getByLabel('Zur Bestätigung Grace Hopper eingeben').fill('Grace Hopper');
    await confirm.getByRole('button', { name: 'Grace Hopper jetzt löschen' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      /^Eine am \d{4}-\d{2}-\d{2} gesetzte rechtliche Sperre erfasst diese Person/,
    );
    expect(nameOf(gatehouse.station, visitorId)).toBe('Grace Hopper');
  });
});
