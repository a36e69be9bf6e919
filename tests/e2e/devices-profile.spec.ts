// The site's shared device profile on the devices page (issue #16), in Chromium against a real desk: an
// administrator shares the desk's devices by keyboard, sees the profile offered with the devices each
// station finds an address for itself, and applies it only after saying to replace the desk's own setup;
// what needs an address here is named afterwards. At a gate the profile is offered but cannot be shared.
import type { Page } from '@playwright/test';
import { deviceProfilesRepo } from '../../src/db/repos/device-profiles';
import { stationsRepo } from '../../src/db/repos/sites';
import { devicesConfigSchema, profileOf } from '../../src/shared/devices';
import { as } from '../support/station';
import { expect, signIn, test, watchConsole } from './fixtures';

test.use({ preset: { kind: 'desk' } });

/** The devices page's site profile section, an administrator signed in; the page's console lines. */
async function profileSection(page: Page, url: string) {
  const console = watchConsole(page);
  await page.goto(url);
  await signIn(page, 'admin', '1111');
  await page.getByRole('link', { name: 'Devices…' }).click();
  return { console, section: page.getByRole('region', { name: 'Site device profile' }) };
}

test('an administrator shares the desk devices as the site profile and applies it after confirming', async ({
  page,
  gatehouse,
}) => {
  await gatehouse.station.client(as('admin')).devices.configure({
    printers: [
      { kind: 'cups', id: 'badges', name: 'Badge printer', queue: 'PDF', size: 'label62' },
      { kind: 'zpl', id: 'labels', name: 'Label printer', host: '10.1.2.3' },
    ],
  });
  const { console, section } = await profileSection(page, gatehouse.url);
  await expect(section).toContainText('No desk of this site has shared its devices yet.');
  const addresses = section.getByLabel('Include ports, paths and network addresses');
  await expect(addresses).not.toBeChecked();
  // By keyboard: the share button is reached and pressed without a pointer.
  await section.getByRole('button', { name: "Share this station's devices with the site" }).focus();
  await page.keyboard.press('Enter');
  await expect(section.getByRole('status')).toContainText('Shared.');
  await expect(section).toContainText('Site profile available.');
  await expect(section.getByRole('listitem').filter({ hasText: 'Label printer' })).toContainText(
    'this station finds its port or address',
  );
  await expect(section.getByRole('listitem').filter({ hasText: 'Badge printer' })).not.toContainText(
    'finds its port',
  );

  // This desk has devices of its own: applying asks first, and "Keep mine" changes nothing.
  await section.getByRole('button', { name: 'Apply to this station' }).click();
  const confirm = section.getByRole('group', { name: "Replace this station's devices" });
  await expect(confirm).toContainText('This station has devices of its own.');
  await confirm.getByRole('button', { name: 'Keep mine' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('button', { name: 'Remove Label printer' })).toBeVisible();

  await section.getByRole('button', { name: 'Apply to this station' }).click();
  await confirm.getByRole('button', { name: 'Replace them' }).click();
  const applied = section.getByRole('status');
  await expect(applied).toContainText('The site profile is applied.');
  await expect(applied).toContainText('Label printer (Zebra ZPL printer)');
  // The network printer's host was not shared: it is gone here until added with this station's address.
  await expect(page.getByRole('button', { name: 'Remove Badge printer' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove Label printer' })).toHaveCount(0);
  expect(console.filter((line) => /error/i.test(line))).toEqual([]);
});

test.describe('at a gate', () => {
  test.use({ preset: { kind: 'gate' } });

  test('a gate administrator sees the site profile offered, cannot share one, and applies it in one step', async ({
    page,
    gatehouse,
  }) => {
    // The profile as sync writes it when a desk of the site shared one (without addresses).
    const { core } = gatehouse.station;
    const siteId = stationsRepo.get(core.db, core.stationId)!.siteId!;
    const at = core.now().toISOString();
    deviceProfilesRepo.put(core.db, {
      id: siteId,
      siteId,
      devices: profileOf(
        devicesConfigSchema.parse({
          relays: [{ kind: 'lcus', id: 'turnstile', name: 'Turnstile', path: '/dev/ttyUSB0', pulseMs: 700 }],
          printers: [{ kind: 'cups', id: 'badges', name: 'Badge printer', queue: 'PDF' }],
        }),
        false,
      ) as unknown as Record<string, unknown>,
      includesAddresses: false,
      sharedByStationId: null,
      createdAt: at,
      updatedAt: at,
    });
    const { console, section } = await profileSection(page, gatehouse.url);
    await expect(section).toContainText('Site profile available.');
    await expect(section.getByRole('button', { name: /Share this station/ })).toHaveCount(0);
    // No devices of its own here: applying needs no confirmation.
    await section.getByRole('button', { name: 'Apply to this station' }).click();
    const applied = section.getByRole('status');
    await expect(applied).toContainText('The site profile is applied.');
    // Nothing is plugged in at this machine: the relay waits for its port, the CUPS printer needs none.
    await expect(applied).toContainText('Turnstile (LCUS serial relay)');
    await expect(page.getByRole('button', { name: 'Remove Badge printer' })).toBeVisible();
    expect(console.filter((line) => /error/i.test(line))).toEqual([]);
  });
});
