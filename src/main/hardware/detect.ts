// What is plugged in: serial ports (an LCUS relay is a CH340, 1a86:7523; anything else may be a serial
// scanner), HID devices that are relays (16c0:05df "USBRelayN") or POS scanners (usage page 0x8C), and
// the CUPS queues. A source that cannot be listed (no CUPS, no hidraw access) is reported, not fatal.
import {
  HID_POS_USAGE_PAGE,
  LCUS_PRODUCT_ID,
  LCUS_VENDOR_ID,
  listCupsQueues,
  USBRELAY_PRODUCT_ID,
  USBRELAY_VENDOR_ID,
} from '../../../drivers';
import type { DetectedDevices } from '../../shared/api/devices';
import { listPlugged, type DeviceListers, type PluggedDevice } from './hotplug';

const is = (id: string | null, expected: number) => id !== null && parseInt(id, 16) === expected;

/** `isNew` tells which devices arrived since the station started watching (none, without a watcher). */
export async function detectDevices(
  listers: DeviceListers = {},
  isNew: (device: PluggedDevice) => boolean = () => false,
): Promise<DetectedDevices> {
  const [plugged, cups] = await Promise.all([
    listPlugged(listers),
    listCupsQueues().then(
      (queues) => ({ queues, problem: null }),
      (err: unknown) => ({
        queues: [],
        problem: `CUPS queues could not be listed: ${err instanceof Error ? err.message : String(err)}`,
      }),
    ),
  ]);
  const common = (d: PluggedDevice) => ({
    path: d.path,
    serialNumber: d.serialNumber,
    isNew: isNew(d),
  });
  return {
    serialPorts: plugged.devices
      .filter((d) => d.bus === 'serial')
      .map((d) => ({
        ...common(d),
        vendorId: d.vendorId,
        productId: d.productId,
        manufacturer: d.product,
        suggested:
          is(d.vendorId, LCUS_VENDOR_ID) && is(d.productId, LCUS_PRODUCT_ID)
            ? ('lcus' as const)
            : ('serial' as const),
      })),
    hidDevices: plugged.devices.flatMap((d) => {
      if (d.bus !== 'hid' || d.vendorId === null || d.productId === null) return [];
      const isRelay = is(d.vendorId, USBRELAY_VENDOR_ID) && is(d.productId, USBRELAY_PRODUCT_ID);
      if (!isRelay && d.usagePage !== HID_POS_USAGE_PAGE) return [];
      return [
        {
          ...common(d),
          vendorId: d.vendorId,
          productId: d.productId,
          product: d.product,
          suggested: isRelay ? ('usbrelay' as const) : ('hid-pos' as const),
        },
      ];
    }),
    cupsQueues: cups.queues.map((q) => ({ name: q.name, accepting: q.accepting, deviceUri: q.deviceUri })),
    problems: [...plugged.problems, ...(cups.problem ? [cups.problem] : [])],
  };
}
