// Test stations: a real station core on a real SQLite file in a fresh temp directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Caller } from '../../src/main/context';
import { startStation, type Station, type StationOptions } from '../../src/main/station';
import type { Role } from '../../src/shared/roles';

export interface TestStation extends Station {
  dataDir: string;
  /** Closes the station and removes its data directory. */
  dispose(): void;
}

export async function tempStation(options: Partial<StationOptions> = {}): Promise<TestStation> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'gatehouse-test-'));
  const station = await startStation({ demo: true, preset: { kind: 'desk' }, ...options, dataDir });
  return {
    ...station,
    dataDir,
    dispose() {
      station.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A caller of the given role, as a transport would build it after sign-in. */
export const as = (role: Role, userId: string | null = null): Caller => ({ role, userId });

/** Row counts of the tables a call could change, to prove a refused call changed nothing. */
export function tableCounts(station: Station): Record<string, number> {
  const sqlite = station.core.db.$client;
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
    )
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [t, sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]),
  );
}
