// A handful of chaos seeds in `npm test` (tests/chaos/chaos.ts has the run; `npm run chaos -- --seeds 200`
// runs many). Each seed is a whole run of real processes: a server, four stations, a fault proxy. One seed
// runs with the server as two instances on a real PostgreSQL (issue #19), rolling restarts among its faults.
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/postgres';
import { replayCommand, runChaos } from './chaos';

/** Seeds whose skewed station is the kiosk 3 days ahead (7) and the gate 3 days behind (10). */
const SEEDS = [7, 10];
const STEPS = 20;

describe('chaos: real server and stations under random operations and faults', () => {
  for (const seed of SEEDS) {
    it(`converges for seed ${seed}`, async () => {
      const result = await runChaos(seed, { steps: STEPS });
      expect(result.problems, `replay with: ${replayCommand(seed, STEPS)}`).toEqual([]);
      // The run did something: writes were acknowledged and faults injected.
      expect(Object.values(result.acked).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    }, 400_000);
  }

  it('converges for seed 1 with two server instances on PostgreSQL, through rolling restarts', async () => {
    const result = await runChaos(1, { steps: STEPS, database: await freshDatabase() });
    expect(result.problems, `replay with: ${replayCommand(1, STEPS, true)}`).toEqual([]);
    expect(result.faults.rollingRestart).toBeGreaterThan(0);
    expect(Object.values(result.acked).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
  }, 600_000);
});
