// A real virtual HID device through Linux /dev/uhid (test support): write UHID_CREATE2 with a report
// descriptor and the kernel makes a hidraw node that node-hid opens like a USB device; UHID_INPUT2 sends
// an input report; closing the file (or UHID_DESTROY) unplugs it. Layout from <linux/uhid.h>: every
// event is one packed struct uhid_event, a u32 type then the request, written whole in one write.
import { accessSync, closeSync, constants, openSync, writeSync } from 'node:fs';

export const UHID_PATH = '/dev/uhid';

const UHID_DESTROY = 1;
const UHID_CREATE2 = 11;
const UHID_INPUT2 = 12;
const BUS_USB = 0x03;
/** sizeof(struct uhid_event): type + the largest request (uhid_create2_req, 4372 bytes). */
const EVENT_SIZE = 4 + 128 + 64 + 64 + 2 + 2 + 4 * 4 + 4096;

/** True where this process may create virtual HID devices (Linux with the uhid module, and access). */
export function uhidAvailable(): boolean {
  try {
    accessSync(UHID_PATH, constants.R_OK | constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export interface UhidDeviceInfo {
  name: string;
  vendorId: number;
  productId: number;
  /** Serial number (uniq), as hidapi reports it. */
  serialNumber: string;
  reportDescriptor: Uint8Array;
}

export class UhidDevice {
  #fd: number | null;

  private constructor(fd: number) {
    this.#fd = fd;
  }

  static create(info: UhidDeviceInfo): UhidDevice {
    const event = Buffer.alloc(EVENT_SIZE);
    event.writeUInt32LE(UHID_CREATE2, 0);
    event.write(info.name.slice(0, 127), 4, 'utf8'); // name[128]
    event.write('gatehouse-test/uhid', 132, 'utf8'); // phys[64]
    event.write(info.serialNumber.slice(0, 63), 196, 'utf8'); // uniq[64]
    event.writeUInt16LE(info.reportDescriptor.length, 260); // rd_size
    event.writeUInt16LE(BUS_USB, 262); // bus
    event.writeUInt32LE(info.vendorId, 264);
    event.writeUInt32LE(info.productId, 268);
    event.writeUInt32LE(1, 272); // version
    event.writeUInt32LE(0, 276); // country
    event.set(info.reportDescriptor, 280); // rd_data[4096]
    const fd = openSync(UHID_PATH, 'r+');
    const device = new UhidDevice(fd);
    device.#write(event);
    return device;
  }

  /** Sends one input report (byte 0 is the report id for devices with numbered reports). */
  input(report: Uint8Array): void {
    const event = Buffer.alloc(EVENT_SIZE);
    event.writeUInt32LE(UHID_INPUT2, 0);
    event.writeUInt16LE(report.length, 4);
    event.set(report, 6);
    this.#write(event);
  }

  /** Unplugs the device. */
  destroy(): void {
    if (this.#fd === null) return;
    const event = Buffer.alloc(EVENT_SIZE);
    event.writeUInt32LE(UHID_DESTROY, 0);
    this.#write(event);
    closeSync(this.#fd);
    this.#fd = null;
  }

  #write(event: Buffer): void {
    if (this.#fd === null) throw new Error('the virtual HID device was destroyed');
    const written = writeSync(this.#fd, event);
    if (written !== event.length) throw new Error(`uhid took ${written} of ${event.length} bytes`);
  }
}
