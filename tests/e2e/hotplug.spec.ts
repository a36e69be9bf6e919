// Hot-plug on the devices page, in Chromium against a real station: a relay plugged in while the page is
// open shows up as new, is added to be found by its USB id, and connects. The relay is a real socat pty
// with the LCUS simulator behind it; its USB ids (which a pty cannot have) come from the listing seam.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LcusRelaySimulator } from '../../drivers';
import { expect, signIn, test } from './fixtures';

/** What serialport.list() would report right now: a built-in port, there since before the station started. */
const plugged: Array<{ path: string; vendorId: string; productId: string; serialNumber?: string }> = [
  { path: '/dev/ttyS0', vendorId: '', productId: '' },
];

test.use({
  preset: { kind: 'desk' },
  hardware: { listSerialPorts: async () => plugged, listHid: async () => [], hotplugIntervalMs: 100 },
});

test('a relay plugged in while the devices page is open is listed as new, added by USB id and connects', async ({
  page,
  gatehouse,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-e2e-hotplug-'));
  const relay = await LcusRelaySimulator.start(path.join(dir, 'ttyUSB3'), path.join(dir, 'relay-sim'));
  try {
    await page.goto(gatehouse.url);
    await signIn(page, 'admin', '1111');
    await page.getByRole('link', { name: 'Devices…' }).click();
    await page.getByRole('button', { name: 'Detect devices' }).click();
    const detected = page.getByRole('list', { name: 'Plugged in now' });
    await expect(detected.getByRole('listitem').filter({ hasText: '/dev/ttyS0' })).toHaveCount(1);
    await expect(detected).not.toContainText('New:');

    plugged.push({ path: relay.devicePath, vendorId: '1a86', productId: '7523', serialNumber: 'A7' });
    const arrived = detected.getByRole('listitem').filter({ hasText: 'ttyUSB3' });
    await expect(arrived).toContainText('New:');
    await expect(arrived).toContainText('(1a86:7523) — LCUS serial relay');
    await arrived.getByRole('button', { name: 'Use' }).click();

    const form = page.getByRole('form', { name: 'Add a device' });
    await expect(form.getByLabel('Device type')).toHaveValue('lcus');
    await expect(form.getByLabel('Device path')).toHaveValue(relay.devicePath);
    await expect(
      form.getByLabel('Find it by its USB id (1a86:7523) wherever it is plugged in'),
    ).toBeChecked();
    await form.getByLabel('Name').fill('Turnstile');
    await form.getByRole('button', { name: 'Add device' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    const row = page.locator('.devices-table').getByRole('row').filter({ hasText: 'Turnstile' });
    await expect(row).toContainText('connected');
    await expect(row).not.toContainText('not connected');
    const saved = await gatehouse.station.client({ role: 'admin', userId: null }).devices.config();
    expect(saved.relays).toMatchObject([
      { kind: 'lcus', name: 'Turnstile', usb: { vendorId: '1a86', productId: '7523', serialNumber: 'A7' } },
    ]);
    // In use now: no longer listed as new.
    await expect(arrived).not.toContainText('New:');
  } finally {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
