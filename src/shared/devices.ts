// The devices a station drives, as configured on its devices page: scanners, relays (turnstiles, doors)
// and badge printers. Stored per station (settings scope 'station', key 'devices'); the hardware manager
// in the station core opens exactly what this lists.
import { z } from 'zod';
import { PRINT_JOB_STATUSES } from './domain';

/** A short id the station and the screens use for one device, e.g. "scanner-1". */
export const deviceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lower-case letters, digits and dashes, at most 32');

const deviceName = z.string().trim().min(1).max(60);
const devicePath = z.string().trim().min(1).max(300);
const tcpHost = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, 'a host name or IP address');
const tcpPort = z.number().int().min(1).max(65_535).default(9100);

const usbId = z.string().regex(/^[0-9a-fA-F]{4}$/, 'four hex digits, e.g. 1a86');

/**
 * A device found by its USB ids wherever the OS puts it (the path changes between ports and replugs);
 * the serial number tells two identical devices apart.
 */
export const usbMatchSchema = z.object({
  vendorId: usbId,
  productId: usbId,
  serialNumber: z.string().trim().min(1).max(128).nullable().default(null),
});
export type UsbMatch = z.output<typeof usbMatchSchema>;
/** null: open `path` only. */
const usbMatch = usbMatchSchema.nullable().default(null);

export const serialScannerConfigSchema = z.object({
  kind: z.literal('serial'),
  id: deviceIdSchema,
  name: deviceName,
  path: devicePath,
  baudRate: z.number().int().min(300).max(921_600).default(9600),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
  framing: z.enum(['cr', 'lf', 'crlf', 'stx-etx', 'timeout']).default('cr'),
  interByteTimeoutMs: z.number().int().min(5).max(2000).default(50),
  usb: usbMatch,
});

export const hidScannerConfigSchema = z.object({
  kind: z.literal('hid-pos'),
  id: deviceIdSchema,
  name: deviceName,
  /** hidraw path as node-hid lists it. */
  path: devicePath,
  /** Send feature report FE 01 after opening (some Honeywell models need it for POS mode). */
  enablePosMode: z.boolean().default(false),
  usb: usbMatch,
});

export const scannerConfigSchema = z.discriminatedUnion('kind', [
  serialScannerConfigSchema,
  hidScannerConfigSchema,
]);

export const relayConfigSchema = z.object({
  kind: z.enum(['lcus', 'usbrelay']),
  id: deviceIdSchema,
  name: deviceName,
  /** Serial port (LCUS) or hidraw path (USBRelay). */
  path: devicePath,
  /** Channels on the board. */
  channels: z.number().int().min(1).max(8).default(1),
  /** The channel wired to the turnstile or door. */
  channel: z.number().int().min(1).max(8).default(1),
  pulseMs: z.number().int().min(100).max(10_000).default(300),
  usb: usbMatch,
});

const cupsPrinterConfigSchema = z.object({
  kind: z.literal('cups'),
  id: deviceIdSchema,
  name: deviceName,
  queue: z.string().regex(/^[A-Za-z0-9_.@-]{1,127}$/, 'a CUPS queue name'),
  /** CUPS media name, e.g. "Custom.62x100mm"; empty means the queue's default. */
  media: z
    .string()
    .regex(/^[A-Za-z0-9_.,-]{0,64}$/, 'a CUPS media name')
    .default(''),
  size: z.enum(['cr80', 'label62']).default('cr80'),
});
const zplPrinterConfigSchema = z.object({
  kind: z.literal('zpl'),
  id: deviceIdSchema,
  name: deviceName,
  host: tcpHost,
  port: tcpPort,
});
const zplSerialPrinterConfigSchema = z.object({
  kind: z.literal('zpl-serial'),
  id: deviceIdSchema,
  name: deviceName,
  /** Serial port of the printer (RS-232 or USB-CDC). */
  path: devicePath,
  baudRate: z.number().int().min(300).max(921_600).default(9600),
});
const electronPrinterConfigSchema = z.object({
  kind: z.literal('electron'),
  id: deviceIdSchema,
  name: deviceName,
  /** The printer's name as the system lists it; empty: the system's default printer. */
  deviceName: z.string().trim().max(200).default(''),
  size: z.enum(['cr80', 'label62']).default('cr80'),
});
const brotherQlPrinterConfigSchema = z.object({
  kind: z.literal('brother-ql'),
  id: deviceIdSchema,
  name: deviceName,
  host: tcpHost,
  port: tcpPort,
});

export const printerConfigSchema = z.discriminatedUnion('kind', [
  cupsPrinterConfigSchema,
  zplPrinterConfigSchema,
  zplSerialPrinterConfigSchema,
  electronPrinterConfigSchema,
  brotherQlPrinterConfigSchema,
]);

/** Id and name are optional when adding a device: the station then names it after its kind (`zpl-1`). */
const optionalId = { id: deviceIdSchema.optional(), name: deviceName.optional() };

/** One device to add to the configuration (devices.add): any scanner, relay or printer. */
export const newDeviceSchema = z.discriminatedUnion('kind', [
  serialScannerConfigSchema.extend(optionalId),
  hidScannerConfigSchema.extend(optionalId),
  relayConfigSchema.extend(optionalId),
  cupsPrinterConfigSchema.extend(optionalId),
  zplPrinterConfigSchema.extend(optionalId),
  zplSerialPrinterConfigSchema.extend(optionalId),
  electronPrinterConfigSchema.extend(optionalId),
  brotherQlPrinterConfigSchema.extend(optionalId),
]);
export type NewDevice = z.output<typeof newDeviceSchema>;
export type NewDeviceInput = z.input<typeof newDeviceSchema>;
export type DeviceKind = NewDevice['kind'];

/** Which list of the configuration a device of this kind belongs to. */
export function deviceGroupOf(kind: DeviceKind): 'scanners' | 'relays' | 'printers' {
  if (kind === 'serial' || kind === 'hid-pos') return 'scanners';
  if (kind === 'lcus' || kind === 'usbrelay') return 'relays';
  return 'printers';
}

/** How many scanners, relays and printers (each) one station drives at most. */
export const MAX_DEVICES_PER_GROUP = 8;

export const devicesConfigSchema = z
  .object({
    scanners: z.array(scannerConfigSchema).max(MAX_DEVICES_PER_GROUP).default([]),
    relays: z.array(relayConfigSchema).max(MAX_DEVICES_PER_GROUP).default([]),
    printers: z.array(printerConfigSchema).max(MAX_DEVICES_PER_GROUP).default([]),
    /** Where badges go unless a job is redirected; null: the first printer. */
    defaultPrinterId: deviceIdSchema.nullable().default(null),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    for (const [group, list] of [
      ['scanners', config.scanners],
      ['relays', config.relays],
      ['printers', config.printers],
    ] as const) {
      list.forEach((device, index) => {
        if (seen.has(device.id))
          ctx.addIssue({ code: 'custom', path: [group, index, 'id'], message: 'another device has this id' });
        seen.add(device.id);
      });
    }
    config.relays.forEach((relay, index) => {
      if (relay.channel > relay.channels)
        ctx.addIssue({
          code: 'custom',
          path: ['relays', index, 'channel'],
          message: 'the channel must be one the board has',
        });
    });
    if (config.defaultPrinterId && !config.printers.some((p) => p.id === config.defaultPrinterId))
      ctx.addIssue({ code: 'custom', path: ['defaultPrinterId'], message: 'no printer has this id' });
  });

export type SerialScannerConfig = z.output<typeof serialScannerConfigSchema>;
export type ScannerConfig = z.output<typeof scannerConfigSchema>;
export type RelayConfig = z.output<typeof relayConfigSchema>;
export type PrinterConfig = z.output<typeof printerConfigSchema>;
export type DevicesConfig = z.output<typeof devicesConfigSchema>;
export type DevicesConfigInput = z.input<typeof devicesConfigSchema>;

export const EMPTY_DEVICES_CONFIG: DevicesConfig = devicesConfigSchema.parse({});

export const DEVICE_TYPES = ['scanner', 'relay', 'printer'] as const;

/** What a label printer's own status answer says stops it printing (Brother QL ESC i S, Zebra ~HS). */
export const PRINTER_PROBLEMS = ['no_media', 'cover_open', 'paused', 'error'] as const;
export type PrinterProblem = (typeof PRINTER_PROBLEMS)[number];

/** What the status bar and the devices page show for one configured device. */
export const deviceHealthSchema = z.object({
  id: z.string(),
  type: z.enum(DEVICE_TYPES),
  kind: z.string(),
  name: z.string(),
  /** null while not known yet (a network printer is only known after its first job). */
  connected: z.boolean().nullable(),
  lastSeen: z.string().nullable(),
  lastError: z.string().nullable(),
  /** A network label printer that answers but cannot print (from its last status query). */
  problem: z.enum(PRINTER_PROBLEMS).nullable(),
});
export type DeviceHealth = z.output<typeof deviceHealthSchema>;

/** One code read by a scanner, whichever scanner (the `scanner.read` event). */
export const scanReadSchema = z.object({
  code: z.string(),
  symbology: z.string().nullable(),
  source: z.enum(['serial', 'hid-pos', 'wedge']),
  /** Id of the configured scanner that read it. */
  deviceId: z.string(),
  at: z.string(),
});
export type ScanRead = z.output<typeof scanReadSchema>;

/** Badge content as a print job stores it (JSON): the photo travels as base64. */
export const storedBadgeSchema = z.object({
  name: z.string().min(1).max(200),
  company: z.string().max(200).nullish(),
  hostLine: z.string().max(200).nullish(),
  dateLine: z.string().max(100),
  typeName: z.string().max(100),
  typeColor: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  siteName: z.string().max(200),
  photoBase64: z.string().nullish(),
  qrText: z.string().min(1).max(2000),
});
export type StoredBadge = z.output<typeof storedBadgeSchema>;

/** Why a job has not printed yet; the desk shows printQueue.reasons.<code>. */
export const PRINT_FAILURE_CODES = [
  'offline',
  'rejected',
  'no_media',
  'cover_open',
  'paused',
  'not_configured',
  'no_printer',
  'bad_content',
  'interrupted',
  'error',
] as const;
export type PrintFailureCode = (typeof PRINT_FAILURE_CODES)[number];

export const printJobSchema = z.object({
  id: z.string(),
  visitId: z.string().nullable(),
  visitorName: z.string().nullable(),
  printerId: z.string(),
  printerName: z.string().nullable(),
  status: z.enum(PRINT_JOB_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  lastErrorCode: z.enum(PRINT_FAILURE_CODES).nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PrintJob = z.output<typeof printJobSchema>;

/**
 * The fields of a device that name where it is on one machine: serial and HID paths, network hosts. A
 * shared device profile (issue #16) leaves them out (null), and a USB serial number too, unless the
 * administrator included them; each station then fills its own (src/main/hardware/profile.ts).
 */
export const DEVICE_ADDRESS_FIELDS = ['path', 'host'] as const;

/** A devices configuration as a shared profile holds it: addresses may be null, kinds a newer build's. */
export interface ProfileDevices {
  scanners: Record<string, unknown>[];
  relays: Record<string, unknown>[];
  printers: Record<string, unknown>[];
  defaultPrinterId: string | null;
}

/**
 * A station's devices (or a profile) as the site's profile: without their addresses unless
 * `includeAddresses`.
 */
export function profileOf(config: DevicesConfig | ProfileDevices, includeAddresses: boolean): ProfileDevices {
  const strip = (device: object): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...device };
    if (includeAddresses) return copy;
    for (const field of DEVICE_ADDRESS_FIELDS) if (field in copy) copy[field] = null;
    if (copy.usb && typeof copy.usb === 'object') copy.usb = { ...copy.usb, serialNumber: null };
    return copy;
  };
  return {
    scanners: config.scanners.map(strip),
    relays: config.relays.map(strip),
    printers: config.printers.map(strip),
    defaultPrinterId: config.defaultPrinterId,
  };
}

/** Whether a station has any device of its own configured. */
export const hasDevices = (config: DevicesConfig): boolean =>
  config.scanners.length + config.relays.length + config.printers.length > 0;
