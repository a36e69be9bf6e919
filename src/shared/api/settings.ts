import { z } from 'zod';
import { method } from '../contract';
import { siteSettingsPatchSchema, siteSettingsSchema } from '../settings';
import { EVERYONE } from '../roles';

export const settingsMethods = {
  'settings.site': method({
    summary:
      "This station's site settings (kiosk timeouts, check-out time, thresholds…), defaults filled in.",
    roles: EVERYONE,
    writes: false,
    input: z.object({}),
    output: siteSettingsSchema,
  }),
  'settings.zones': method({
    summary: "This station's site's zones (for zone limits and gates).",
    roles: ['admin', 'reception', 'security'],
    writes: false,
    input: z.object({}),
    output: z.object({ zones: z.array(z.object({ id: z.string(), name: z.string() })) }),
  }),
  'settings.updateSite': method({
    summary: 'Changes some site settings; the others keep their values.',
    roles: ['admin'],
    writes: true,
    input: siteSettingsPatchSchema,
    output: siteSettingsSchema,
  }),
};
