// dcttech "USBRelayN" HID relay (USB 16c0:05df, product "USBRelay1/2/4/8"). Pure and environment-free.
// Commands are 9-byte output reports [0x00 report id, cmd, relay, 0 × 6]:
//   0xFF relay on, 0xFD relay off, 0xFE all on, 0xFC all off.
// State is feature report 0x01 (8 bytes + id): serial in ASCII at bytes 0–4, bitmask of relays on at
// byte 7 — one byte later where the platform prepends the report id.

export const USBRELAY_VENDOR_ID = 0x16c0;
export const USBRELAY_PRODUCT_ID = 0x05df;
export const USBRELAY_STATE_REPORT = 0x01;
export const USBRELAY_STATE_LENGTH = 9;

export const UsbRelayCommand = { on: 0xff, off: 0xfd, allOn: 0xfe, allOff: 0xfc } as const;

export function encodeUsbRelay(command: keyof typeof UsbRelayCommand, relay = 0): Uint8Array {
  if (!Number.isInteger(relay) || relay < 0 || relay > 8)
    throw new RangeError(`USB relay number must be 1..8, got ${relay}`);
  const report = new Uint8Array(9);
  report[1] = UsbRelayCommand[command];
  report[2] = relay;
  return report;
}

/** Number of relays from the product string ("USBRelay4" → 4), or null when it is not a USBRelay. */
export function usbRelayChannels(product: string | undefined): number | null {
  const match = /^USBRelay([1248])$/.exec(product ?? '');
  return match ? Number(match[1]) : null;
}

export interface UsbRelayState {
  serial: string;
  /** on[0] is relay 1. */
  on: boolean[];
}

const printable = (b: number | undefined) => b !== undefined && b >= 0x20 && b <= 0x7e;

/**
 * Parse feature report 0x01. Finds where the serial starts (byte 0, or byte 1 after a report id) by
 * checking the serial bytes are printable ASCII; throws if neither layout fits.
 */
export function decodeUsbRelayState(report: Uint8Array, channels: number): UsbRelayState {
  const layouts = report[0] === USBRELAY_STATE_REPORT ? [1, 0] : [0, 1];
  const offset = layouts.find(
    (at) => report.length >= at + 8 && [0, 1, 2, 3, 4].every((i) => printable(report[at + i])),
  );
  if (offset === undefined) {
    throw new Error(
      `USB relay state report not understood: ${[...report].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`,
    );
  }
  const serial = String.fromCharCode(...report.subarray(offset, offset + 5));
  const mask = report[offset + 7]!;
  return { serial, on: Array.from({ length: channels }, (_, i) => (mask & (1 << i)) !== 0) };
}

/** The state report a board sends (simulator and tests). */
export function encodeUsbRelayState(serial: string, mask: number, withReportId: boolean): Uint8Array {
  const body = new Uint8Array(8);
  body.set(new TextEncoder().encode(serial.padEnd(5, ' ').slice(0, 5)), 0);
  body[7] = mask & 0xff;
  return withReportId ? Uint8Array.from([USBRELAY_STATE_REPORT, ...body]) : Uint8Array.from([...body, 0]);
}
