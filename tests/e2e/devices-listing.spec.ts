// A device listing that fails says how many sources could not be listed, as a number — not the raw
// "{{number}}" placeholder the devices page once showed (issue #20 item 10).
import { expect, signIn, test } from './fixtures';

test.use({
  preset: { kind: 'desk' },
  hardware: {
    listSerialPorts: async () => [{ path: '/dev/ttyS0', vendorId: '', productId: '' }],
    listHid: async () => {
      throw new Error('EACCES: permission denied, open /dev/hidraw0');
    },
  },
});

test('a listing that fails is counted on the devices page in words, with no placeholder', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'admin', '1111');
  await page.getByRole('link', { name: 'Devices…' }).click();
  await page.getByRole('button', { name: 'Detect devices' }).click();
  await expect(page.getByRole('list', { name: 'Plugged in now' })).toContainText('/dev/ttyS0');
  // The HID listing fails here; CUPS may too on a machine without it, so the count is 1 or 2.
  await expect(page.getByText(/^Some sources could not be listed \([12]\)\.$/)).toBeVisible();
  await expect(page.locator('body')).not.toContainText('{{');
});
