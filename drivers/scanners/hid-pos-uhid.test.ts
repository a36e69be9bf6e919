// A HID POS scanner that the kernel believes in: a virtual HID device made through /dev/uhid with a
// bar code scanner report descriptor (usage page 0x8C), found and read by the real node-hid, driver
// unchanged. Only where /dev/uhid exists and is writable (Linux, uhid module, root or a udev rule).
import { afterEach, describe, expect, it } from 'vitest';
import { listHidDevices, nodeHidOpener } from '../common/hid';
import { nextEvent, until } from '../common/test-support';
import { UHID_PATH, uhidAvailable, UhidDevice } from '../common/uhid';
import { encodeHidPosReports, HID_POS_REPORT_LENGTH, HID_POS_USAGE_PAGE } from './hid-pos';
import { HidPosScanner } from './hid-pos-scanner';

const AVAILABLE = uhidAvailable();
const WHY = AVAILABLE ? '' : ` [skipped: ${UHID_PATH} is absent or not writable on this machine]`;

// Usage Page (Bar Code Scanner 0x8C), Usage (Bar Code Scanner 0x02), Collection (Application),
// Report ID 2, 63 data bytes 0..255 as one input report (the 64-byte HID POS report with its id).
const HID_POS_DESCRIPTOR = Uint8Array.from([
  0x05,
  0x8c,
  0x09,
  0x02,
  0xa1,
  0x01,
  0x85,
  0x02,
  0x15,
  0x00,
  0x26,
  0xff,
  0x00,
  0x75,
  0x08,
  0x95,
  HID_POS_REPORT_LENGTH - 1,
  0x09,
  0xfe,
  0x81,
  0x02,
  0xc0,
]);
const IDS = { vendorId: 0x1209, productId: 0x8c02 };

describe('HID POS scanner on a real virtual HID device (/dev/uhid)', () => {
  let device: UhidDevice | undefined;
  let scanner: HidPosScanner | undefined;
  afterEach(async () => {
    await scanner?.close();
    device?.destroy();
  });

  it.runIf(AVAILABLE)(
    `node-hid lists it by usage page 0x8C and the driver reads a QR code spanning several reports${WHY}`,
    async () => {
      const serialNumber = `GH-${process.pid}`;
      device = UhidDevice.create({
        name: 'Gatehouse test scanner',
        serialNumber,
        reportDescriptor: HID_POS_DESCRIPTOR,
        ...IDS,
      });
      const find = async () =>
        (await listHidDevices({ ...IDS, usagePage: HID_POS_USAGE_PAGE })).find(
          (d) => d.serialNumber === serialNumber,
        );
      let found = await find();
      while (!found) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        found = await find();
      }
      expect(found).toMatchObject({ ...IDS, usagePage: HID_POS_USAGE_PAGE });

      scanner = new HidPosScanner({ open: nodeHidOpener(found.path) });
      await scanner.open();
      await until(() => scanner!.status.connected);
      const code = `GH1:${'PASS-'.repeat(30)}`; // 154 bytes: three reports
      const read = nextEvent<[{ code: string; symbology: string | null }]>(scanner, 'code');
      for (const report of encodeHidPosReports(code, ']Q1')) device.input(report);
      const [scan] = await read;
      expect(scan).toMatchObject({ code, symbology: ']Q1' });

      // Unplugged: the driver reports it instead of waiting for reads that never come.
      const lost = nextEvent<[{ connected: boolean }]>(scanner, 'status', (s) => !s.connected);
      device.destroy();
      device = undefined;
      await expect(lost).resolves.toMatchObject([{ connected: false }]);
    },
  );
});
