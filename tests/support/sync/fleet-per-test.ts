// A fresh folder, server and station processes for each test of a vitest file, all killed and removed
// after it (the clock tests of tests/sync). Kept apart from ./process-fleet, which the chaos CLI also
// runs outside vitest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { ServerProcess } from './server-process';
import type { StationProcess } from './station-process';

export interface FleetPerTest {
  /** This test's folder: the server's and each station's data go below it. */
  dir: string;
  server: ServerProcess | undefined;
  /** Started stations: every one is killed after the test. */
  stations: StationProcess[];
}

export function fleetPerTest(name: string): FleetPerTest {
  const fleet: FleetPerTest = { dir: '', server: undefined, stations: [] };
  beforeEach(() => {
    fleet.dir = mkdtempSync(path.join(tmpdir(), `gatehouse-${name}-`));
  });
  afterEach(async () => {
    for (const s of fleet.stations.splice(0)) await s.kill();
    await fleet.server?.kill();
    fleet.server = undefined;
    rmSync(fleet.dir, { recursive: true, force: true });
  });
  return fleet;
}
