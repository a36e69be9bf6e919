// The station's device configuration, stored as one settings value (scope 'station', key 'devices').
import type { Db } from '../../db/open';
import { settingsRepo } from '../../db/repos/settings';
import { devicesConfigSchema, EMPTY_DEVICES_CONFIG, type DevicesConfig } from '../../shared/devices';

const KEY = 'devices';

export function readDevicesConfig(db: Db): DevicesConfig {
  const stored = settingsRepo.get<unknown>(db, 'station', KEY);
  if (stored === undefined) return EMPTY_DEVICES_CONFIG;
  // Valid when written; a value a newer release no longer accepts means "no devices", not a crash.
  const parsed = devicesConfigSchema.safeParse(stored);
  return parsed.success ? parsed.data : EMPTY_DEVICES_CONFIG;
}

export function writeDevicesConfig(db: Db, config: DevicesConfig, nowIso: string): void {
  settingsRepo.set(db, 'station', KEY, config, nowIso);
}

/** The printer a new badge goes to: the configured default, else the first printer. */
export function defaultPrinter(config: DevicesConfig) {
  return config.printers.find((p) => p.id === config.defaultPrinterId) ?? config.printers[0] ?? null;
}
