// An ID document scanned at the kiosk, in Chromium against a real station whose serial scanner is the
// simulator on a real socat pty pair: the ICAO 9303 specimen passport's MRZ, sent line by line as an MRZ
// reader does, fills in the walk-in and the visitor checks in; a misread check digit is refused. At the
// desk, the AAMVA example licence fills in the walk-in form.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { SerialScannerSimulator } from '../../drivers';
import { until } from '../../drivers/common/test-support';
import type { Station } from '../../src/main/station';
import { as } from '../support/station';
import { AAMVA_2020, MRZ_TD3, MRZ_TD3_BAD_CHECK_DIGIT } from '../support/id-samples';
import { expect, signIn, test } from './fixtures';

test.use({ preset: { kind: 'kiosk' } });

let dir: string;
let scanner: SerialScannerSimulator;

test.beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-e2e-id-'));
});
test.afterEach(async () => {
  await scanner?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The station's MRZ reader: the scanner simulator on a pty, each line ended by CR (or STX/ETX framed). */
async function plugInReader(station: Station, framing: 'cr' | 'stx-etx' = 'cr') {
  scanner = await SerialScannerSimulator.start(`${dir}/reader`, `${dir}/reader-sim`, framing);
  await station.client(as('admin')).devices.configure({
    scanners: [{ kind: 'serial', id: 'reader', name: 'Passport reader', path: scanner.devicePath, framing }],
  });
  await until(() => station.hardware.status().find((d) => d.id === 'reader')?.connected === true);
}

const scanMrz = async (lines: string[]) => {
  for (const line of lines) await scanner.scan(line);
};

/** Presses a button with the keyboard (focus + Enter). */
const press = (page: Page, name: string | RegExp) =>
  page.getByRole('button', { name, exact: typeof name === 'string' }).press('Enter');

test('a passport scanned at the kiosk fills in the walk-in, and the visitor checks in with it', async ({
  page,
  gatehouse,
}) => {
  const { station } = gatehouse;
  // A contractor here needs no host approval and no photo (this browser has no camera); the ID is required.
  station.core.db.$client
    .prepare(
      "UPDATE visitor_types SET photo = 'optional', requires_approval = 0 WHERE json_extract(names, '$.en') = 'Contractor'",
    )
    .run();
  await plugInReader(station);
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).press('Enter');
  await press(page, 'Contractor');
  await expect(page.getByLabel('Full name')).toHaveValue('');

  await scanMrz(MRZ_TD3);
  await expect(page.getByRole('status').filter({ hasText: 'Your document was read' })).toBeVisible();
  await expect(page.getByLabel('Full name')).toHaveValue('Anna Maria Eriksson');
  await press(page, 'Next');
  await page.getByLabel('Name of the person you are visiting').fill('Ana Ruiz');
  await press(page, /Ana Ruiz/);
  await press(page, 'Next');

  await page.getByLabel('Work permit number').fill('WP-12');
  await expect(page.getByRole('button', { name: 'Passport' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel('ID number')).toHaveValue('L898902C3');
  await press(page, 'Next');
  await press(page, 'Sign by typing my name instead');
  await page
    .getByLabel('Type your full name to sign Confidentiality agreement')
    .pressSequentially('Anna Maria Eriksson');
  await press(page, 'Next');
  await press(page, 'Check in');
  await expect(page.getByRole('heading', { name: 'Welcome, Anna! You are checked in.' })).toBeVisible();

  const [audit] = station.core.db.$client
    .prepare("SELECT details FROM audit_entries WHERE action = 'kiosk.checkIn' AND outcome = 'ok'")
    .all() as Array<{ details: string }>;
  expect(JSON.parse(audit!.details)).toMatchObject({
    screening: 'clear',
    idDocument: { kind: 'passport', last2: 'C3' },
  });
  const [visitor] = station.core.db.$client
    .prepare("SELECT name FROM visitors WHERE name LIKE 'Anna%'")
    .all() as Array<{ name: string }>;
  expect(visitor).toEqual({ name: 'Anna Maria Eriksson' });
});

test('a passport whose check digit does not match is refused with a plain message, and nothing is filled in', async ({
  page,
  gatehouse,
}) => {
  await plugInReader(gatehouse.station);
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).press('Enter');
  await press(page, 'Visitor');
  await page.getByLabel('Company').fill('Utopia Ltd');

  await scanMrz(MRZ_TD3_BAD_CHECK_DIGIT);
  await expect(page.getByRole('alert')).toHaveText(
    'This document could not be read — please try again or type your details.',
  );
  await expect(page.getByLabel('Full name')).toHaveValue('');
  await expect(page.getByLabel('Company')).toHaveValue('Utopia Ltd');

  // In German, the same refusal in German.
  await page.getByRole('button', { name: /Deutsch/ }).click();
  await scanMrz(MRZ_TD3_BAD_CHECK_DIGIT);
  await expect(page.getByRole('alert')).toHaveText(
    'Dieses Dokument konnte nicht gelesen werden — bitte versuchen Sie es erneut oder geben Sie Ihre Angaben ein.',
  );
});

test.describe('at the desk', () => {
  test.use({ preset: { kind: 'desk' } });

  test('a driving licence scanned at the desk fills in the walk-in form, and reception checks the visitor in', async ({
    page,
    gatehouse,
  }) => {
    const { station } = gatehouse;
    await plugInReader(station, 'stx-etx');
    await page.goto(gatehouse.url);
    await signIn(page, 'reception', '2222');
    await page.getByRole('tab', { name: /^On site/ }).click();
    const form = page.getByRole('form', { name: 'Walk-in visitor' });
    await expect(form.getByLabel('ID number')).toHaveValue('');

    await scanner.scan(AAMVA_2020);
    await expect(page.getByRole('status').filter({ hasText: 'Your document was read' })).toBeVisible();
    await expect(form.getByLabel('Full name')).toHaveValue('Michael John Sample');
    await expect(form.getByLabel('ID document')).toHaveValue('driving_licence');
    await expect(form.getByLabel('ID number')).toHaveValue('T64235789');
    await form.getByLabel('Host').fill('Ana');
    await form.getByRole('button', { name: 'Ana Ruiz' }).click();
    await form.getByLabel('Visitor type').selectOption({ label: 'Visitor' });
    await form.getByRole('button', { name: 'Register and check in' }).click();
    await expect(form.getByRole('status')).toHaveText('Michael John Sample is checked in.');

    const [audit] = station.core.db.$client
      .prepare("SELECT details FROM audit_entries WHERE action = 'visits.walkIn' AND outcome = 'ok'")
      .all() as Array<{ details: string }>;
    expect(JSON.parse(audit!.details)).toMatchObject({
      screening: 'clear',
      idDocument: { kind: 'driving_licence', last2: '89' },
    });
  });
});
