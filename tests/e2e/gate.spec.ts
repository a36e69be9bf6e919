// Security gate: after sign-in the screen waits for a scan and keeps today's on-site count live.
import { expect, signIn, test } from './fixtures';

test.use({ preset: { kind: 'gate', language: 'fr' } });

test('a guard signs in to a ready-to-scan screen whose on-site count follows check-ins', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await expect(page).toHaveURL(/#\/gate$/);
  await signIn(page, 'security', '3333', { login: 'Identifiant', pin: 'Code PIN', submit: 'Se connecter' });

  await expect(page.getByRole('heading', { name: 'Prêt à scanner' })).toBeVisible();
  await expect(page.getByText('Sur place actuellement : 0')).toBeVisible();

  // Reception checks someone in elsewhere on the station.
  const reception = gatehouse.station.client({ role: 'reception', userId: null });
  const { visits } = await reception.visits.today();
  await reception.visits.checkIn({ visitId: visits[0]!.id });
  await expect(page.getByText('Sur place actuellement : 1')).toBeVisible();

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
});
