// What is plugged in: serial ports (an LCUS relay is a CH340, 1a86:7523; anything else may be a serial
// scanner), HID devices that are relays (16c0:05df "USBRelayN") or POS scanners (usage page 0x8C), and
// the CUPS queues. A source that cannot be listed (no CUPS, no hidraw access) is reported, not fatal.
import { SerialPort } from 'serialport';
import {
  HID_POS_USAGE_PAGE,
  LCUS_PRODUCT_ID,
  LCUS_VENDOR_ID,
  listCupsQueues,
  listHidDevices,
  USBRELAY_PRODUCT_ID,
  USBRELAY_VENDOR_ID,
} from '../../../drivers';
import type { DetectedDevices } from '../../shared/api/devices';

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
const sameId = (a: string | undefined, b: number) => a !== undefined && parseInt(a, 16) === b;

export async function detectDevices(): Promise<DetectedDevices> {
  const problems: string[] = [];
  const attempt = async <T>(what: string, list: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await list();
    } catch (err) {
      problems.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  };
  const [ports, hid, queues] = await Promise.all([
    attempt('Serial ports could not be listed', () => SerialPort.list()),
    attempt('HID devices could not be listed', () => listHidDevices()),
    attempt('CUPS queues could not be listed', () => listCupsQueues()),
  ]);
  return {
    serialPorts: ports.map((p) => ({
      path: p.path,
      vendorId: p.vendorId ?? null,
      productId: p.productId ?? null,
      manufacturer: p.manufacturer ?? null,
      suggested:
        sameId(p.vendorId, LCUS_VENDOR_ID) && sameId(p.productId, LCUS_PRODUCT_ID) ? 'lcus' : 'serial',
    })),
    hidDevices: hid.flatMap((d) => {
      const isRelay = d.vendorId === USBRELAY_VENDOR_ID && d.productId === USBRELAY_PRODUCT_ID;
      if (!isRelay && d.usagePage !== HID_POS_USAGE_PAGE) return [];
      return [
        {
          path: d.path,
          vendorId: hex4(d.vendorId),
          productId: hex4(d.productId),
          product: d.product ?? null,
          suggested: isRelay ? ('usbrelay' as const) : ('hid-pos' as const),
        },
      ];
    }),
    cupsQueues: queues.map((q) => ({ name: q.name, accepting: q.accepting, deviceUri: q.deviceUri })),
    problems,
  };
}
