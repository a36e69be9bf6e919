// Kiosk journeys that need a camera. Chromium's fake camera plays a Y4M video made here from a QR bitmap:
// the invite QR is read from the live stream by @zxing/library, exactly as at a real kiosk.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { staffRepo } from '../../src/db/repos/directory';
import { DEMO_SITE } from '../../src/main/demo';
import { as } from '../support/station';
import { qrFrame, writeY4m } from '../support/y4m';
import { expect, test } from './fixtures';

const INVITE_CODE = 'GRACE-2026';
const video = path.join(mkdtempSync(path.join(tmpdir(), 'gatehouse-camera-')), 'invite-qr.y4m');
writeY4m(video, qrFrame(INVITE_CODE, 640, 480, 8), 640, 480);

test.use({
  preset: { kind: 'kiosk' },
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  },
});

async function sign(page: Page) {
  const pad = page.getByRole('img', { name: /Signature area/ });
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++)
    await page.mouse.move(box.x + 30 + i * 30, box.y + box.height / 2 + (i % 2) * 20);
  await page.mouse.up();
}

test('invite QR held up to the camera: one scan greets the visitor by name, then checked in', async ({
  page,
  gatehouse,
}) => {
  gatehouse.station.core.db.$client
    .prepare(
      "UPDATE visits SET invite_code = ?, expected_at = ? WHERE visitor_id = (SELECT id FROM visitors WHERE name = 'Grace Hopper')",
    )
    .run(INVITE_CODE, new Date().toISOString());
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^I have an invite/ }).click();
  // No typing and no tap: the camera reads the code.
  await expect(page.getByRole('heading', { name: 'Welcome, Grace!' })).toBeVisible();
  await expect(page.getByText('Ana Ruiz is expecting you.')).toBeVisible();
  await sign(page);
  await page.getByRole('button', { name: 'Take photo' }).click();
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Grace! You are checked in.' })).toBeVisible();
  const rows = gatehouse.station.core.db.$client
    .prepare(
      "SELECT v.status, p.photo_path FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = 'Grace Hopper'",
    )
    .all() as Array<{ status: string; photo_path: string | null }>;
  expect(rows).toEqual([{ status: 'checked_in', photo_path: expect.stringMatching(/photo\.jpg$/) }]);
});

test('approval: "Waiting for Ana Ruiz" until the desk approves, then checked in with the pass', async ({
  page,
  gatehouse,
}) => {
  const { station } = gatehouse;
  await page.goto(gatehouse.url);
  await page.getByRole('link', { name: /^Check in/ }).click();
  await page.getByRole('button', { name: 'Contractor', exact: true }).click();
  await page.getByLabel('Full name').fill('Bob Fixer');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Name of the person you are visiting').fill('Ana R');
  await page.getByRole('button', { name: /Ana Ruiz/ }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Work permit number').fill('WP-12');
  await page.getByRole('button', { name: 'Passport' }).click();
  await page.getByLabel('ID number').fill('X1234567');
  await page.getByLabel('Hide keyboard').click();
  await page.getByRole('button', { name: 'Next' }).click();
  await sign(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Take photo' }).click();
  await expect(page.getByRole('img', { name: 'Your photo' })).toBeVisible();
  // A contractor shows ID: once their photo is taken, the kiosk offers one of the document too.
  const idPhoto = page.getByRole('region', { name: 'A photo of your ID document (optional)' });
  await idPhoto.getByRole('button', { name: 'Take photo' }).click();
  await expect(idPhoto.getByRole('img', { name: 'Your photo' })).toBeVisible();
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for Ana Ruiz' })).toBeVisible();
  const [audit] = station.core.db.$client
    .prepare("SELECT details FROM audit_entries WHERE action = 'kiosk.checkIn' AND outcome = 'ok'")
    .all() as Array<{ details: string }>;
  expect(JSON.parse(audit!.details).idDocument).toMatchObject({
    kind: 'passport',
    last2: '67',
    photoPath: expect.stringMatching(/id-document\.jpg$/),
  });

  // The desk sees it pending and approves it.
  const [pending] = station.core.db.$client
    .prepare("SELECT id FROM visits WHERE status = 'pending_approval'")
    .all() as Array<{ id: string }>;
  const reception = staffRepo.findByLogin(station.core.db, DEMO_SITE.id, 'reception')!;
  await station
    .client(as('reception', reception.id))
    .visits.decide({ visitId: pending!.id, decision: 'approve' });
  await expect(page.getByRole('heading', { name: 'Welcome, Bob! You are checked in.' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Your pass as a QR code' })).toBeVisible();
});
