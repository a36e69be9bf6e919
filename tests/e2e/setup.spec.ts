// First-run setup: a fresh station opens on the setup screen; choosing kiosk, site and Spanish makes it
// a Spanish kiosk, on screen and in the station's database.
import { DEMO_SITE } from '../../src/main/demo';
import { expect, test, watchConsole } from './fixtures';

test('a fresh station is set up as a Spanish kiosk and welcomes visitors in Spanish', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await expect(page.getByRole('heading', { name: 'Set up this station' })).toBeVisible();
  await expect(page).toHaveURL(/#\/setup$/);

  await page.getByRole('radio', { name: /Lobby kiosk/ }).check();
  await page.getByLabel('Site').selectOption({ label: DEMO_SITE.name });
  await page.getByRole('radio', { name: 'Español' }).check();
  // The setup screen already speaks the language being chosen.
  await expect(page.getByRole('heading', { name: 'Configurar esta estación' })).toBeVisible();
  await page.getByRole('button', { name: 'Guardar y empezar' }).click();

  await expect(page.getByRole('heading', { name: `Bienvenido a ${DEMO_SITE.name}` })).toBeVisible();
  await expect(page).toHaveURL(/#\/kiosk$/);
  for (const action of ['Registrar entrada', 'Tengo una invitación', 'Registrar salida']) {
    await expect(page.getByRole('link', { name: new RegExp(action) })).toBeVisible();
  }
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');

  const status = await gatehouse.station.client().station.status();
  expect(status).toMatchObject({
    configured: true,
    station: { kind: 'kiosk', language: 'es' },
    site: { id: DEMO_SITE.id },
  });

  // The choice is the station's, not the page's: a reload comes back to the Spanish kiosk.
  await page.reload();
  await expect(page.getByRole('heading', { name: `Bienvenido a ${DEMO_SITE.name}` })).toBeVisible();
});

test.describe('on a station that is already set up', () => {
  test.use({ preset: { kind: 'kiosk' } });

  test('the visitor at the screen cannot change the setup, and is told so in a sentence', async ({
    page,
    gatehouse,
  }) => {
    const consoleLines = watchConsole(page);
    await page.goto(`${gatehouse.url}/#/setup`);
    await expect(
      page.getByText('This station is already set up. Only an administrator can change its setup.'),
    ).toBeVisible();

    await page.getByRole('radio', { name: /Security gate/ }).check();
    await page.getByRole('button', { name: 'Save and start' }).click();

    await expect(page.getByRole('alert')).toHaveText(
      'This station is already set up; an admin must sign in to change it.',
    );
    const status = await gatehouse.station.client().station.status();
    expect(status.station.kind).toBe('kiosk');
    // The station's own reason is shown translated (stationReasons), its internal words (roles, method
    // names) stay out of sight: they are for logs and integrators.
    await expect(page.getByText(/role may not|station\.configure/)).toHaveCount(0);
    expect(consoleLines.join('\n')).not.toMatch(/Uncaught/);
  });
});
