// The site's shared device profile (issue #16) at this station: what the devices page shows of it, how its
// devices get this machine's addresses, and adopting it when it arrives. A desk administrator shares it
// (devices.shareProfile); a station with no devices of its own applies it as soon as sync brings it, and
// any other station's devices page offers it (devices.applyProfile), so a station's own setup is never
// replaced without an administrator asking.
import type { Db } from '../../db/open';
import type { DeviceProfileRow } from '../../db/repos/device-profiles';
import { stationsRepo } from '../../db/repos/sites';
import type { DetectedDevices, DeviceProfileView, ProfileApplication } from '../../shared/api/devices';
import {
  DEVICE_ADDRESS_FIELDS,
  hasDevices,
  printerConfigSchema,
  relayConfigSchema,
  scannerConfigSchema,
  type DevicesConfigInput,
  type ProfileDevices,
} from '../../shared/devices';
import { ApiError } from '../../shared/errors';
import type { StationEvent } from '../../shared/events';
import { STATION_CALLER, type StationCore } from '../core/context';
import type { Dispatcher } from '../core/dispatcher';
import { readDevicesConfig } from './config';

const GROUPS = [
  { group: 'scanners', type: 'scanner', schema: scannerConfigSchema },
  { group: 'relays', type: 'relay', schema: relayConfigSchema },
  { group: 'printers', type: 'printer', schema: printerConfigSchema },
] as const;

/** Kinds found on a serial port, and on a HID path; any other kind has no address to find. */
const ON_SERIAL = new Set(['serial', 'lcus', 'zpl-serial']);
const ON_HID = new Set(['hid-pos', 'usbrelay']);

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The profile as the devices page shows it. */
export function profileView(db: Db, row: DeviceProfileRow): DeviceProfileView {
  const devices = row.devices as unknown as ProfileDevices;
  return {
    siteId: row.siteId,
    devices: GROUPS.flatMap(({ group, type }) =>
      (devices[group] ?? []).map((d) => ({
        id: text(d.id),
        name: text(d.name),
        kind: text(d.kind),
        type,
        addressed: DEVICE_ADDRESS_FIELDS.every((f) => !(f in d) || typeof d[f] === 'string'),
      })),
    ),
    includesAddresses: row.includesAddresses,
    sharedAt: row.updatedAt,
    sharedBy: row.sharedByStationId ? (stationsRepo.get(db, row.sharedByStationId)?.name ?? null) : null,
  };
}

/**
 * The profile's devices with this machine's addresses: a device the profile gives no path is matched to
 * what is plugged in here, by its USB ids when it has them, else as the first free port of its kind. A
 * device still without an address (a network printer's host, nothing plugged in) is left out and named
 * in `unresolved`, for an administrator to add by hand.
 */
export function fillAddresses(
  devices: ProfileDevices,
  detected: DetectedDevices,
): { config: DevicesConfigInput; unresolved: ProfileApplication['unresolved'] } {
  const used = new Set<string>();
  const unresolved: ProfileApplication['unresolved'] = [];
  const config = { scanners: [], relays: [], printers: [] } as Record<string, unknown[]>;
  for (const { group, type, schema } of GROUPS) {
    for (const raw of devices[group] ?? []) {
      const device = { ...raw };
      const kind = text(device.kind);
      if ('path' in device && typeof device.path !== 'string') device.path = findPath(kind, device.usb);
      const parsed = schema.safeParse(device);
      const path = parsed.success && 'path' in parsed.data ? parsed.data.path : undefined;
      if (!parsed.success || (path !== undefined && used.has(path))) {
        unresolved.push({ id: text(device.id), name: text(device.name), kind, type });
        continue;
      }
      if (path !== undefined) used.add(path);
      config[group]!.push(parsed.data);
    }
  }
  const printers = config.printers as { id: string }[];
  const defaultPrinterId = printers.some((p) => p.id === devices.defaultPrinterId)
    ? devices.defaultPrinterId
    : null;
  return { config: { ...config, defaultPrinterId } as DevicesConfigInput, unresolved };

  function findPath(kind: string, usb: unknown): string | null {
    const candidates: {
      path: string;
      vendorId: string | null;
      productId: string | null;
      suggested: string;
    }[] = ON_SERIAL.has(kind) ? detected.serialPorts : ON_HID.has(kind) ? detected.hidDevices : [];
    const match = usb && typeof usb === 'object' ? (usb as Record<string, unknown>) : null;
    const same = (a: unknown, b: string | null) =>
      typeof a === 'string' && b !== null && a.toLowerCase() === b.toLowerCase();
    const found = candidates.find(
      (c) =>
        !used.has(c.path) &&
        (match
          ? same(match.vendorId, c.vendorId) && same(match.productId, c.productId)
          : c.suggested === kind),
    );
    return found?.path ?? null;
  }
}

/**
 * When the site's profile arrives (or changes) and this station has no devices of its own, the station
 * applies it itself, through the dispatcher (audited as the station's own call).
 */
export function startProfileAdopter(core: StationCore, dispatcher: Dispatcher): void {
  core.events.on('event', (e: StationEvent) => {
    if (e.event !== 'deviceProfile.changed') return;
    const { siteId } = e.payload as StationEvent<'deviceProfile.changed'>['payload'];
    if (stationsRepo.get(core.db, core.stationId)?.siteId !== siteId) return;
    if (hasDevices(readDevicesConfig(core.db))) return; // its own setup: the devices page offers the profile
    dispatcher.call('devices.applyProfile', {}, STATION_CALLER).catch((error: unknown) => {
      const why = error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
      console.error(`[devices] could not adopt the site's device profile: ${why}`);
    });
  });
}
