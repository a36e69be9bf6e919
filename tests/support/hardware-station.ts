// A station with its hardware manager for one describe block: a temp dir for the pty links, the events
// the station emitted, cleanup steps for simulators, all torn down after each test.
import { afterEach, beforeEach } from 'vitest';
import { tempDir, until } from '../../drivers/common/test-support';
import type { HardwareOptions } from '../../src/main/hardware/manager';
import type { StationOptions } from '../../src/main/station';
import type { DevicesConfigInput } from '../../src/shared/devices';
import type { StationEvent } from '../../src/shared/events';
import { as, tempStation, type TestStation } from './station';

export function useHardwareStation(defaults: HardwareOptions) {
  let dir: ReturnType<typeof tempDir> | undefined;
  let station: TestStation | undefined;
  const fixture = {
    events: [] as StationEvent[],
    /** Run after the station is closed, last added first (simulators, pty pairs). */
    cleanup: [] as Array<() => Promise<void>>,
    get dir(): string {
      if (!dir) throw new Error('the temp dir exists only inside a test');
      return dir.path;
    },
    /** Starts the station with these hardware options and configures its devices as an admin. */
    async startWith(
      config: DevicesConfigInput,
      hardware: HardwareOptions = {},
      options: Partial<StationOptions> = {},
    ): Promise<TestStation> {
      station = await tempStation({ ...options, hardware: { ...defaults, ...hardware } });
      station.onEvent((e) => fixture.events.push(e));
      const saved = await station.client(as('admin')).devices.configure(config);
      // The station reopens its devices after the commit: wait until it uses the new configuration.
      const opened = station;
      await until(() => JSON.stringify(opened.hardware.config()) === JSON.stringify(saved));
      return station;
    },
  };
  beforeEach(() => {
    dir = tempDir('gatehouse-hw-');
    fixture.events.length = 0;
  });
  afterEach(async () => {
    if (station) {
      await station.close();
      station.dispose();
      station = undefined;
    }
    for (const step of fixture.cleanup.splice(0).reverse()) await step();
    dir?.remove();
  });
  return fixture;
}
