// Gate mode in a real browser: a guard signs in and scans. Codes arrive the way hardware sends them — a
// scanner.read event emitted on the station core, as the hardware manager does for every code a serial or
// HID scanner reads (the core decides it and the screen shows the verdict) — or typed by a keyboard-wedge
// scanner into the page.
import { PNG } from 'pngjs';
import { DEMO_SITE } from '../../src/main/demo';
import { VisitFiles } from '../../src/main/kiosk/files';
import { issuePass } from '../../src/main/passes/service';
import type { Station } from '../../src/main/station';
import { newId } from '../../src/shared/ids';
import { writeAsStation } from '../support/station';
import { expect, signIn, test } from './fixtures';

test.use({ preset: { kind: 'gate' } });

function staffId(station: Station, login: string): string {
  const sql = station.core.db.$client;
  return sql.prepare('SELECT id FROM staff_users WHERE login = ?').pluck().get(login) as string;
}

/** Checks a demo visitor in at reception and issues their visit pass (as the kiosk or desk would). */
async function passFor(station: Station, name: string): Promise<{ token: string; passId: string }> {
  const sql = station.core.db.$client;
  const visitId = sql
    .prepare('SELECT v.id FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = ?')
    .pluck()
    .get(name) as string;
  await station
    .client({ role: 'reception', userId: staffId(station, 'reception') })
    .visits.checkIn({ visitId });
  const now = station.core.now();
  return writeAsStation(station, (ctx) =>
    issuePass(ctx, {
      passId: newId(),
      visitId,
      siteId: DEMO_SITE.id,
      kind: 'visit',
      validFrom: new Date(now.getTime() - 60_000),
      validUntil: new Date(now.getTime() + 8 * 3_600_000),
      zoneIds: 'all',
      multiEntry: true,
    }),
  );
}

/** Gives a visitor the photo the kiosk would have taken (a file under visits/<visitId>/ named on their row). */
function givePhoto(station: Station, passId: string) {
  const sql = station.core.db.$client;
  const { visitId, visitorId } = sql
    .prepare(
      'SELECT v.id AS visitId, v.visitor_id AS visitorId FROM passes p JOIN visits v ON v.id = p.visit_id WHERE p.id = ?',
    )
    .get(passId) as { visitId: string; visitorId: string };
  const image = new PNG({ width: 8, height: 8 });
  image.data.fill(200);
  const relative = VisitFiles.of(station.core, visitId).write('photo.png', PNG.sync.write(image));
  sql.prepare('UPDATE visitors SET photo_path = ? WHERE id = ?').run(relative, visitorId);
}

/** What a hardware scanner does: the station core announces the code it read. */
function hardwareScan(station: Station, code: string) {
  station.core.events.emit('event', {
    event: 'scanner.read',
    payload: { code, symbology: 'qr', source: 'serial', deviceId: 'scanner-1', at: new Date().toISOString() },
  });
}

test('a scanned pass shows a green verdict with the visitor’s name, then the gate is ready again', async ({
  page,
  gatehouse,
}) => {
  const { token, passId } = await passFor(gatehouse.station, 'Grace Hopper');
  givePhoto(gatehouse.station, passId);
  await page.goto(gatehouse.url);
  await signIn(page, 'security', '3333');
  await expect(page.getByRole('heading', { name: 'Ready to scan' })).toBeVisible();

  hardwareScan(gatehouse.station, token);
  const verdict = page.locator('.verdict');
  await expect(verdict).toHaveAttribute('data-granted', 'yes');
  await expect(verdict).toContainText('Go ahead');
  await expect(verdict).toContainText('Grace Hopper');
  await expect(verdict).toContainText('Visiting Ana Ruiz');
  await expect(verdict).toContainText('Open the gate by hand');
  // The photo taken at check-in, to compare with the face in front of the guard.
  await expect(verdict.getByRole('img', { name: 'Photo of Grace Hopper' })).toBeVisible();
  await expect(verdict).toContainText('Check the face against the photo');
  // Back to ready on its own.
  await expect(verdict).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Ready to scan' })).toBeVisible();
});

test('a revoked pass typed in by a keyboard-wedge scanner shows red with the reason', async ({
  page,
  gatehouse,
}) => {
  const { token, passId } = await passFor(gatehouse.station, 'Marie Curie');
  await gatehouse.station
    .client({ role: 'reception', userId: staffId(gatehouse.station, 'reception') })
    .passes.revoke({ passId, reason: 'Badge reported lost' });
  await page.goto(gatehouse.url);
  await signIn(page, 'security', '3333');
  await expect(page.getByRole('heading', { name: 'Ready to scan' })).toBeVisible();

  // The gate keeps its scanner input focused, so a keyboard-wedge scanner's keys land there. Such a scanner
  // types far faster than Playwright's keyboard can (one round trip per key): send the burst as key events,
  // all within a few milliseconds, ended by Enter.
  const wedge = page.getByLabel('Scanner input');
  await expect(wedge).toBeFocused();
  await wedge.evaluate((input, code) => {
    for (const key of [...code, 'Enter'])
      input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  }, token);
  const verdict = page.locator('.verdict');
  await expect(verdict).toHaveAttribute('data-granted', 'no');
  await expect(verdict).toContainText('Stop');
  await expect(verdict).toContainText('Marie Curie');
  await expect(verdict).toContainText('This pass has been cancelled.');
});

test('a guard overrides a refusal with their PIN and a reason', async ({ page, gatehouse }) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'security', '3333');
  await expect(page.getByRole('heading', { name: 'Ready to scan' })).toBeVisible();

  hardwareScan(gatehouse.station, 'BADGE-WITH-A-TORN-CODE');
  const verdict = page.locator('.verdict');
  await expect(verdict).toContainText('This is not a Gatehouse pass.');
  await page.getByRole('button', { name: 'Override' }).click();

  const dialog = page.getByRole('dialog', { name: 'Let this person through' });
  await dialog.getByLabel('Your PIN').fill('9999');
  await dialog.getByLabel('Reason').fill('Known contractor, badge torn');
  await dialog.getByRole('button', { name: 'Let through' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That PIN is not right.');

  await dialog.getByLabel('Your PIN').fill('3333');
  await dialog.getByRole('button', { name: 'Let through' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.verdict')).toContainText('Let through by a guard');

  const { entries } = await gatehouse.station
    .client({ role: 'admin', userId: staffId(gatehouse.station, 'admin') })
    .audit.list({ limit: 5 });
  expect(entries.find((e) => e.action === 'gate.override')).toMatchObject({
    actorId: staffId(gatehouse.station, 'security'),
    details: { reason: 'Known contractor, badge torn', refusedReason: 'not_a_pass' },
  });
});

test('a guard switches a two-way gate to exit, and the hardware scanner’s next read leaves by it', async ({
  page,
  gatehouse,
}) => {
  const { token, passId } = await passFor(gatehouse.station, 'Grace Hopper');
  await page.goto(gatehouse.url);
  await signIn(page, 'security', '3333');
  const exit = page.getByRole('button', { name: 'Exit' });
  await exit.click();
  await expect(exit).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await gatehouse.station.client().gate.config()).direction).toBe('exit');

  hardwareScan(gatehouse.station, token);
  await expect(page.locator('.verdict')).toHaveAttribute('data-granted', 'yes');
  const recorded = gatehouse.station.core.db.$client
    .prepare('SELECT direction FROM gate_events WHERE pass_id = ?')
    .pluck()
    .all(passId);
  expect(recorded).toEqual(['exit']);
});
