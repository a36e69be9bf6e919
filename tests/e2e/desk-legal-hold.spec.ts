// Legal holds at the desk (issue #15), in real Chromium against a real station: the admin finds a person
// under Admin → Settings, holds them with a reason, sees the hold and the retention line count it, is told
// why an erasure is refused, and releases it. Reception signed in at the same desk is refused by the station.
import { expect, signInForToken, test } from './fixtures';

test.use({ preset: { kind: 'desk' } });

test('an admin holds a visitor with a reason, erasure is refused naming the hold, and the admin releases it', async ({
  page,
  gatehouse,
}) => {
  const db = gatehouse.station.core.db.$client;
  const person = db
    .prepare("SELECT id, name FROM visitors WHERE anonymised_at IS NULL AND name <> '' ORDER BY name LIMIT 1")
    .get() as { id: string; name: string };
  await page.goto(gatehouse.url);
  const token = await signInForToken(page, 'admin', '1111');
  await page.getByRole('tab', { name: /^Admin/ }).click();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();

  const holds = page.getByRole('region', { name: 'Legal holds' });
  await expect(holds).toContainText('No legal hold is in force.');
  const find = holds.getByRole('form', { name: 'Find a person to hold' });
  await find.getByLabel('Name, e-mail or phone').fill(person.name.split(' ')[0]!);
  await find.getByRole('button', { name: 'Search' }).press('Enter');
  await holds.getByRole('button', { name: `Choose ${person.name}` }).click();
  const place = holds.getByRole('form', { name: `Hold ${person.name}` });
  await place.getByLabel('Reason').fill('Case 2026-114 (insurer’s request)');
  await place.getByRole('button', { name: 'Place legal hold' }).click();

  const inForce = holds.getByRole('table', { name: 'Legal holds in force' });
  const row = inForce.getByRole('row').filter({ hasText: person.name });
  await expect(row).toContainText('Case 2026-114 (insurer’s request)');
  await expect(row).toContainText('Alex Admin');
  await expect(page.getByRole('region', { name: 'Retention' }).getByRole('status')).toContainText(
    'Legal holds in force: 1;',
  );
  expect(
    db.prepare('SELECT visitor_id AS visitorId, released_at AS releasedAt FROM legal_holds').all(),
  ).toEqual([{ visitorId: person.id, releasedAt: null }]);

  // Erasing them is refused while the hold stands, with a sentence that names it.
  const erase = await page.request.post(`${gatehouse.url}/api/privacy.erasePerson`, {
    headers: { authorization: `Bearer ${token}` },
    data: { visitorId: person.id },
  });
  expect(erase.status()).toBe(409);
  expect(((await erase.json()) as { message: string }).message).toMatch(
    /^A legal hold placed on \d{4}-\d{2}-\d{2} covers this person: release it first, then erase them\.$/,
  );
  expect(db.prepare('SELECT name FROM visitors WHERE id = ?').pluck().get(person.id)).toBe(person.name);

  await row.getByRole('button', { name: `Release the hold on ${person.name}` }).click();
  await expect(holds).toContainText('No legal hold is in force.');
  await expect(page.getByRole('region', { name: 'Retention' }).getByRole('status')).toContainText(
    'Legal holds in force: 0;',
  );
  expect(db.prepare('SELECT released_at FROM legal_holds').pluck().get()).not.toBeNull();
});

test('reception signed in at the desk cannot list, place or lift a hold', async ({ page, gatehouse }) => {
  const visitorId = gatehouse.station.core.db.$client
    .prepare("SELECT id FROM visitors WHERE name <> '' LIMIT 1")
    .pluck()
    .get() as string;
  await page.goto(gatehouse.url);
  const token = await signInForToken(page, 'reception', '2222');
  for (const [method, body] of [
    ['privacy.holds', {}],
    ['privacy.placeHold', { visitorId, reason: 'Sneaky hold' }],
    ['privacy.releaseHold', { holdId: 'any' }],
  ] as const) {
    const response = await page.request.post(`${gatehouse.url}/api/${method}`, {
      headers: { authorization: `Bearer ${token}` },
      data: body,
    });
    expect(response.status(), method).toBe(403);
  }
  expect(gatehouse.station.core.db.$client.prepare('SELECT count(*) FROM legal_holds').pluck().get()).toBe(0);
});
