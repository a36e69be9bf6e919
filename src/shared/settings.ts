// A site's settings: one schema with a default for every value, so a fresh site works and an admin
// changes only what differs. Stored as one JSON value per site; read through siteSettings().
import { z } from 'zod';
import { isKnownLocale } from './datetime';

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** What a site keeps of an ID document's number (see idNumberKept). */
export const ID_NUMBER_KEPT = ['last2_and_hash', 'hash', 'none'] as const;

/**
 * Settings as stored by an older release, in today's terms: 'last4_and_hash' (before the keyed digest)
 * reads as 'last2_and_hash'. Every reader of stored settings goes through this.
 */
export function upgradeStoredSettings<T extends Record<string, unknown>>(stored: T): T {
  return stored.idNumberKept === 'last4_and_hash' ? { ...stored, idNumberKept: 'last2_and_hash' } : stored;
}

/** Open from–to on a weekday, local time; a day left out is closed. */
const openingSpan = z
  .object({ open: timeOfDay, close: timeOfDay })
  .refine((s) => s.open < s.close, { message: 'the site must open before it closes', path: ['close'] });

export const siteSettingsSchema = z.object({
  /** When the site is open, by weekday (shown to staff; a closed day has no entry). */
  openingHours: z.partialRecord(z.enum(WEEKDAYS), openingSpan).default({
    mon: { open: '08:00', close: '18:00' },
    tue: { open: '08:00', close: '18:00' },
    wed: { open: '08:00', close: '18:00' },
    thu: { open: '08:00', close: '18:00' },
    fri: { open: '08:00', close: '18:00' },
  }),
  /**
   * How dates and times are written at the site (a BCP 47 locale: "en-GB" for 08/12/2026 and 24-hour
   * times, "en-US" for 12/8/26 and 9:30 AM); null: the site's language decides (src/shared/datetime.ts).
   */
  locale: z.string().trim().max(35).refine(isKnownLocale, 'a locale such as en-GB').nullable().default(null),
  /** How the kiosk presents the site: a welcome line under the name and an accent colour. */
  branding: z
    .object({
      welcomeText: z.string().trim().max(120).nullable().default(null),
      accentColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #RRGGBB')
        .nullable()
        .default(null),
    })
    .default({ welcomeText: null, accentColor: null }),
  /** Everyone still on site is checked out at this local time each day (null: never). */
  autoCheckOutTime: timeOfDay.nullable().default('20:00'),
  /** A kiosk with no touch for this long asks "still there?" and then returns to the welcome screen. */
  kioskIdleSeconds: z.number().int().min(15).max(600).default(60),
  /**
   * The kiosk's done screen (the pass QR) goes back to the welcome screen this long after the last touch,
   * so the next person cannot photograph the pass.
   */
  kioskDoneSeconds: z.number().int().min(3).max(10).default(10),
  /** Staff are signed out after this much inactivity. */
  staffIdleMinutes: z.number().int().min(1).max(240).default(15),
  /** However busy, a staff session ends this long after its sign-in (a copied token does not live on). */
  staffSessionHours: z.number().int().min(1).max(24).default(12),
  /** Hide the host directory at the kiosk until a full name is typed. */
  hideHostDirectory: z.boolean().default(false),
  /** How long a kiosk waits for a host's approval before sending the visitor to reception. */
  approvalTimeoutSeconds: z.number().int().min(30).max(3600).default(180),
  /** Watchlist matches scoring at or above this are hits. */
  watchlistThreshold: z.number().min(0.5).max(1).default(0.85),
  /** Desk and gate warn when the watchlist has not synced for longer than this. */
  watchlistMaxAgeHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  /** Length of staff PINs. */
  pinLength: z
    .object({ min: z.number().int().min(4).max(8), max: z.number().int().min(4).max(8) })
    .refine((v) => v.min <= v.max, 'the shortest PIN cannot be longer than the longest')
    .default({ min: 4, max: 8 }),
  /**
   * What is kept of a visitor's ID document number, typed or scanned, once it is screened: its last 2
   * characters and a keyed digest (reception checks the document; the digest tells a document that came
   * back), the digest only, or nothing. Only with the last 2 is a photo of the document kept.
   */
  idNumberKept: z.enum(ID_NUMBER_KEPT).default('last2_and_hash'),
  /** Visits and their personal data are deleted this many days after they end. */
  retentionDays: z.number().int().min(1).max(3650).default(365),
  /** A gate may check in an invited visitor whose invite pass it scans. */
  gateChecksInInvites: z.boolean().default(false),
  /** Visitors on site at once; over it a check-in needs a desk approval (null: no limit). */
  capacity: z.number().int().min(1).nullable().default(null),
  /** Limits per zone id: visitors whose pass opens the zone (or every zone); over it, the same approval. */
  zoneCapacities: z.record(z.string().min(1), z.number().int().min(1)).default({}),
  /**
   * When a station may install a downloaded update (local time; `start` after `end` spans midnight), and
   * only while no visitor is on site (docs/updates.md).
   */
  updateWindow: z
    .object({ start: timeOfDay, end: timeOfDay })
    .refine((w) => w.start !== w.end, { message: 'the window must not be empty', path: ['end'] })
    .default({ start: '02:00', end: '04:00' }),
});
export type SiteSettings = z.output<typeof siteSettingsSchema>;

type Shape = typeof siteSettingsSchema.shape;

/**
 * A change to some settings; values not given stay as they are. Built from the fields without their
 * defaults: `.partial()` would fill every missing value with its default and so reset it.
 */
export const siteSettingsPatchSchema = z.object(
  Object.fromEntries(
    Object.entries(siteSettingsSchema.shape).map(([key, field]) => [key, field.unwrap().optional()]),
  ) as { [K in keyof Shape]: z.ZodOptional<ReturnType<Shape[K]['unwrap']>> },
);

export const DEFAULT_SITE_SETTINGS: SiteSettings = siteSettingsSchema.parse({});

/**
 * Settings as stored (an op's fields, a station's JSON) as every reader takes them: upgraded, defaults
 * filled in; stored values were valid when written, so a value a newer release no longer accepts falls back
 * to the defaults.
 */
export function readStoredSettings(stored: Record<string, unknown>): SiteSettings {
  const parsed = siteSettingsSchema.safeParse(upgradeStoredSettings(stored));
  return parsed.success ? parsed.data : DEFAULT_SITE_SETTINGS;
}
