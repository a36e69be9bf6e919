// Devices (scanners, relays, badge printers) and the badge print queue.
import { z } from 'zod';
import { method } from '../contract';
import {
  DEVICE_TYPES,
  deviceHealthSchema,
  deviceIdSchema,
  devicesConfigSchema,
  newDeviceSchema,
  printJobSchema,
  PRINT_FAILURE_CODES,
} from '../devices';
import { STAFF } from '../roles';

const jobId = z.object({ jobId: z.string().min(1).max(64) });
const DESK = ['admin', 'reception'] as const;

export const detectedDevicesSchema = z.object({
  serialPorts: z.array(
    z.object({
      path: z.string(),
      vendorId: z.string().nullable(),
      productId: z.string().nullable(),
      manufacturer: z.string().nullable(),
      serialNumber: z.string().nullable(),
      /** What this looks like by its USB ids: an LCUS relay (CH340), or a serial scanner. */
      suggested: z.enum(['lcus', 'serial']),
      /** Plugged in since the station started watching, and not one it uses. */
      isNew: z.boolean(),
    }),
  ),
  hidDevices: z.array(
    z.object({
      path: z.string(),
      vendorId: z.string(),
      productId: z.string(),
      product: z.string().nullable(),
      serialNumber: z.string().nullable(),
      suggested: z.enum(['usbrelay', 'hid-pos']),
      isNew: z.boolean(),
    }),
  ),
  cupsQueues: z.array(
    z.object({ name: z.string(), accepting: z.boolean(), deviceUri: z.string().nullable() }),
  ),
  /** What could not be listed (no CUPS, no HID access …), one sentence per source. */
  problems: z.array(z.string()),
});
export type DetectedDevices = z.output<typeof detectedDevicesSchema>;

export const deviceTestResultSchema = z.object({
  ok: z.boolean(),
  /** What happened, e.g. the code read or why the printer refused. */
  detail: z.string(),
  code: z.string().nullable(),
});
export type DeviceTestResult = z.output<typeof deviceTestResultSchema>;

/** One device of the site's shared profile, as the devices page lists it. */
const profileDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  type: z.enum(DEVICE_TYPES),
  /** The profile carries where it is (the administrator included addresses); false: each station finds it. */
  addressed: z.boolean(),
});

/** The site's shared device profile (issue #16): what a desk administrator shared, and when. */
export const deviceProfileSchema = z.object({
  siteId: z.string(),
  devices: z.array(profileDeviceSchema),
  includesAddresses: z.boolean(),
  sharedAt: z.string(),
  /** The desk that shared it, by its station name (null: not known here). */
  sharedBy: z.string().nullable(),
});
export type DeviceProfileView = z.output<typeof deviceProfileSchema>;

/** What applying the site profile did: the devices this station now has, and those it could not place. */
export const profileApplicationSchema = z.object({
  applied: z.boolean(),
  /** Why nothing was applied: no profile, or (automatically) this station already has devices of its own. */
  skipped: z.enum(['no_profile', 'own_devices']).nullable(),
  config: devicesConfigSchema,
  /** Devices of the profile without an address here (a network printer, a port not plugged in): add them by hand. */
  unresolved: z.array(profileDeviceSchema.pick({ id: true, name: true, kind: true, type: true })),
});
export type ProfileApplication = z.output<typeof profileApplicationSchema>;

export const devicesMethods = {
  'devices.status': method({
    summary: 'Health (connected, last seen, last error) of every device configured on this station.',
    roles: STAFF,
    writes: false,
    input: z.object({}),
    output: z.object({ devices: z.array(deviceHealthSchema) }),
  }),
  'devices.config': method({
    summary: "This station's device configuration (scanners, relays, printers).",
    roles: ['admin'],
    writes: false,
    input: z.object({}),
    output: devicesConfigSchema,
  }),
  'devices.detect': method({
    summary: 'What is plugged in now: serial ports, HID scanners and relays by USB id, and CUPS queues.',
    roles: ['admin'],
    writes: false,
    input: z.object({}),
    output: detectedDevicesSchema,
  }),
  'devices.configure': method({
    summary: "Replaces this station's device configuration; the devices are reopened at once.",
    roles: ['admin'],
    writes: true,
    input: devicesConfigSchema,
    output: devicesConfigSchema,
  }),
  'devices.add': method({
    summary:
      'Adds one scanner, relay or printer to this station (named after its kind unless an id is given); the devices are reopened at once.',
    roles: ['admin'],
    writes: true,
    input: newDeviceSchema,
    output: z.object({ deviceId: deviceIdSchema, config: devicesConfigSchema }),
  }),
  'devices.remove': method({
    summary:
      'Removes one device from this station (a removed default printer leaves the first printer as default).',
    roles: ['admin'],
    writes: true,
    input: z.object({ deviceId: deviceIdSchema }),
    output: z.object({ config: devicesConfigSchema }),
  }),
  'devices.test': method({
    summary:
      'Tests one configured device: a scanner waits for one read, a relay pulses, a printer prints a test badge.',
    roles: ['admin'],
    writes: false,
    input: z.object({
      deviceId: deviceIdSchema,
      timeoutMs: z.number().int().min(100).max(60_000).default(15_000),
    }),
    output: deviceTestResultSchema,
  }),
  'devices.shareProfile': method({
    summary:
      "Shares this station's devices as its site's device profile, for every station of the site to adopt; addresses (ports, paths, hosts) only when asked. Desk stations only.",
    roles: ['admin'],
    writes: true,
    input: z.object({ includeAddresses: z.boolean().default(false) }),
    output: z.object({ profile: deviceProfileSchema }),
  }),
  'devices.siteProfile': method({
    summary:
      "The site's shared device profile, if a desk shared one, and whether this station has devices of its own.",
    roles: ['admin'],
    writes: false,
    input: z.object({}),
    output: z.object({ profile: deviceProfileSchema.nullable(), ownDevices: z.boolean() }),
  }),
  'devices.applyProfile': method({
    summary:
      "Replaces this station's devices with the site's shared profile, each address filled from what is plugged in here. The station itself applies it only while it has no devices of its own.",
    roles: ['admin', 'station'],
    // Finds what is plugged in first (its effect comes before its one write).
    writes: true,
    effect: true,
    input: z.object({}),
    output: profileApplicationSchema,
  }),
  'printJobs.list': method({
    summary: 'Badge print jobs: everything not yet printed, and the last day of finished ones.',
    roles: DESK,
    writes: false,
    input: z.object({}),
    output: z.object({ jobs: z.array(printJobSchema) }),
  }),
  'printJobs.cancel': method({
    summary: 'Cancels a badge print job that has not printed.',
    roles: DESK,
    writes: true,
    input: jobId,
    output: printJobSchema,
  }),
  'printJobs.retry': method({
    summary: 'Puts a failed, cancelled or waiting job back in the queue to print now.',
    roles: DESK,
    writes: true,
    input: jobId,
    output: printJobSchema,
  }),
  'printJobs.redirect': method({
    summary: 'Sends a job that has not printed to another configured printer.',
    roles: DESK,
    writes: true,
    input: jobId.extend({ printerId: deviceIdSchema }),
    output: printJobSchema,
  }),
};

export { PRINT_FAILURE_CODES };
