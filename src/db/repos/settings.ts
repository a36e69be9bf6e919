import { and, eq } from 'drizzle-orm';
import type { Db } from '../open';
import { settings } from '../schema';

/** The key a site's settings are stored under (scope `site:<id>`), one JSON value of what was set. */
export const SITE_SETTINGS_KEY = 'site';

export type SettingScope = 'station' | `site:${string}`;

export const settingsRepo = {
  get<T>(db: Db, scope: SettingScope, key: string): T | undefined {
    const row = db
      .select({ value: settings.value })
      .from(settings)
      .where(and(eq(settings.scope, scope), eq(settings.key, key)))
      .get();
    return row?.value as T | undefined;
  },
  set(db: Db, scope: SettingScope, key: string, value: unknown, now: string): void {
    db.insert(settings)
      .values({ scope, key, value, updatedAt: now })
      .onConflictDoUpdate({ target: [settings.scope, settings.key], set: { value, updatedAt: now } })
      .run();
  },
};
