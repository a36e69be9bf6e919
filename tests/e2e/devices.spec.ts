// Devices page and print queue, in Chromium against a real station with a real TCP 9100 printer simulator:
// an administrator detects, adds and tests a printer; reception sees why a badge waits and sends it to
// another printer, or cancels it.
import type { Page } from '@playwright/test';
import { TcpPrinterSimulator } from '../../drivers';
import type { BadgeContent } from '../../src/main/badges/badge-pdf';
import { enqueueBadgeAsStation } from '../../src/main/hardware/print-queue';
import type { Station } from '../../src/main/station';
import { expect, signIn, test, watchConsole } from './fixtures';

test.use({ preset: { kind: 'desk' } });

const admin = { role: 'admin' as const, userId: null };

/** Queues a badge as a check-in does: the row first, the worker prints it after the commit. */
function queueBadge(station: Station, name: string) {
  const badge: BadgeContent = {
    name,
    dateLine: 'Today',
    typeName: 'Visitor',
    typeColor: '#2255aa',
    siteName: 'HQ',
    qrText: `GH1:${name.replace(/\s/g, '')}`,
  };
  enqueueBadgeAsStation(station.core, { visitId: null, badge });
}

const jobRow = (page: Page, name: string) =>
  page.locator('.print-queue').getByRole('row').filter({ hasText: name });

test('an administrator adds a printer on the devices page, tests it and sees its status', async ({
  page,
  gatehouse,
}) => {
  const printer = await TcpPrinterSimulator.start();
  try {
    await printer.setState('offline');
    const console = watchConsole(page);
    await page.goto(gatehouse.url);
    await signIn(page, 'admin', '1111');
    await expect(page.getByRole('navigation', { name: 'Devices' })).toContainText(
      'No devices configured on this station.',
    );
    await page.getByRole('link', { name: 'Devices…' }).click();
    await expect(page).toHaveURL(/#\/desk\/devices$/);
    await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible();

    await page.getByRole('button', { name: 'Detect devices' }).click();
    await expect(page.getByRole('heading', { name: 'Plugged in now' })).toBeVisible();

    const form = page.getByRole('form', { name: 'Add a device' });
    await form.getByLabel('Device type').selectOption('zpl');
    await form.getByLabel('Name').fill('Reception Zebra');
    await form.getByLabel('Host or IP address').fill(printer.host);
    await form.getByLabel('Port').fill(String(printer.port));
    await form.getByRole('button', { name: 'Add printer' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    const row = page.locator('.devices-table').getByRole('row').filter({ hasText: 'Reception Zebra' });
    await expect(row).toContainText('Zebra ZPL printer');
    // The station asks the printer for its status at once: it is known to be off before any badge.
    await expect(row).toContainText('not connected');

    await page.getByRole('button', { name: 'Test Reception Zebra' }).click();
    await expect(row).toContainText('It did not work');
    await expect(row).toContainText('not connected');

    // On, but out of labels: its own status answer says so, and nothing is sent to it.
    await printer.setState('out-of-labels');
    await page.getByRole('button', { name: 'Test Reception Zebra' }).click();
    await expect(row).toContainText('out of labels');
    expect(printer.jobs).toEqual([]);

    await printer.setState('ready');
    await page.getByRole('button', { name: 'Test Reception Zebra' }).click();
    await expect(row).toContainText('It worked.');
    await expect(row).toContainText('connected');
    expect(Buffer.from(printer.jobs[0]!).toString('latin1')).toContain('QA,GATEHOUSE-PRINTER-TEST');

    const saved = await gatehouse.station.client(admin).devices.config();
    expect(saved.printers).toMatchObject([{ kind: 'zpl', name: 'Reception Zebra', port: printer.port }]);

    // Back on the desk, the status bar shows the printer.
    await page.getByRole('link', { name: 'Back' }).click();
    await expect(page.getByRole('navigation', { name: 'Devices' })).toContainText(
      'Reception Zebra: connected',
    );
    expect(console.filter((line) => /error/i.test(line))).toEqual([]);
  } finally {
    await printer.close();
  }
});

test('reception sees why a badge waits, sends it to another printer and cancels another', async ({
  page,
  gatehouse,
}) => {
  const [front, back] = [await TcpPrinterSimulator.start(), await TcpPrinterSimulator.start()];
  try {
    await front.setState('offline');
    await gatehouse.station.client(admin).devices.configure({
      printers: [
        { kind: 'zpl', id: 'front', name: 'Front printer', host: front.host, port: front.port },
        { kind: 'brother-ql', id: 'back', name: 'Back office QL', host: back.host, port: back.port },
      ],
    });
    queueBadge(gatehouse.station, 'Ada Lovelace');
    queueBadge(gatehouse.station, 'Alan Turing');

    await page.goto(gatehouse.url);
    await signIn(page, 'reception', '2222');
    await expect(page.getByRole('heading', { name: 'Badge printing' })).toBeVisible();
    await expect(jobRow(page, 'Ada Lovelace')).toContainText('The printer is off or cannot be reached.');
    await expect(jobRow(page, 'Ada Lovelace')).toContainText('Front printer');
    await expect(page.getByRole('navigation', { name: 'Devices' })).toContainText(
      'Front printer: not connected',
    );

    await page.getByLabel('Send the badge of Ada Lovelace to').selectOption('back');
    await jobRow(page, 'Ada Lovelace').getByRole('button', { name: 'Send' }).click();
    await expect(jobRow(page, 'Ada Lovelace')).toContainText('Printed');
    await expect(jobRow(page, 'Ada Lovelace')).toContainText('Back office QL');
    expect(back.jobs).toHaveLength(1);
    expect(back.jobs[0]!.at(-1)).toBe(0x1a); // a complete Brother QL raster job

    // The printer may be trying this job right now; the station refuses to cancel a printing job.
    await expect(async () => {
      await page.getByRole('button', { name: 'Cancel the badge of Alan Turing' }).click();
      await expect(jobRow(page, 'Alan Turing')).toContainText('Cancelled', { timeout: 1000 });
    }).toPass();
    await front.setState('ready');
    await expect(jobRow(page, 'Alan Turing')).toContainText('Cancelled');
    expect(front.jobs).toHaveLength(0);
  } finally {
    await front.close();
    await back.close();
  }
});
