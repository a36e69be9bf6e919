import { z } from 'zod';
import { method } from '../contract';
import { languageSchema, stationKindSchema, LANGUAGES } from '../domain';
import { EVERYONE } from '../roles';

const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  defaultLanguage: languageSchema,
  /** How dates and times are written here ("en-GB"): the site's locale setting, else its language. */
  locale: z.string(),
});

export const stationStatusSchema = z.object({
  configured: z.boolean(),
  station: z.object({
    id: z.string(),
    name: z.string(),
    kind: stationKindSchema.nullable(),
    language: languageSchema,
  }),
  site: siteSchema.nullable(),
  /** Sites this station may join (the first-run setup screen offers them). */
  sites: z.array(siteSchema.pick({ id: true, name: true })),
  languages: z.array(languageSchema),
});
export type StationStatus = z.infer<typeof stationStatusSchema>;

export const stationMethods = {
  'station.status': method({
    summary: "This station's role, site and language, and the sites it could be set up for.",
    roles: EVERYONE,
    writes: false,
    input: z.object({}),
    output: stationStatusSchema,
  }),
  'station.configure': method({
    summary: 'First-run setup (anyone, once) or a later change by an admin: role, site and language.',
    roles: ['visitor', 'admin'],
    writes: true,
    input: z.object({
      kind: stationKindSchema,
      siteId: z.string().min(1),
      language: languageSchema,
      name: z.string().trim().min(1).max(60).optional(),
    }),
    output: stationStatusSchema,
  }),
  'station.exitKiosk': method({
    summary:
      'Leaves kiosk mode on this station (the Electron window leaves full-screen kiosk mode; the browser kiosk session ends). Only a signed-in admin or reception may; every exit and every refusal is audited.',
    roles: ['admin', 'reception'],
    writes: true,
    input: z.object({}),
    output: z.object({ ok: z.literal(true), requestId: z.string() }),
  }),
};

export { LANGUAGES };
