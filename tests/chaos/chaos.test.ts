// A handful of chaos seeds in `npm test` (tests/chaos/chaos.ts has the run; `npm run chaos -- --seeds 200`
// runs many). Each seed is a whole run of real processes: a server, four stations, a fault proxy. One seed
// runs with the server as two instances on a real PostgreSQL (issue #19), rolling restarts among its faults.
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/postgres';
import { replayCommand, runChaos } from './chaos';

/** Seeds whose skewed station is the kiosk 3 days ahead (7) and the gate 3 days behind (10). */
const SEEDS = [7, 10];
const STEPS = 20;

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe('chaos: real server and stations under random operations and faults', () => {
  for (const seed of SEEDS) {
    it(`converges for seed ${seed}`, async () => {
      const result = await runChaos(seed, { steps: STEPS });
      expect(result.problems, `replay with: ${replayCommand(seed, STEPS)}`).toEqual([]);
      // The run did something: writes were acknowledged and faults injected. How many writes is a matter of
      // timing (an operation at a station a fault has just killed is refused): seed 7 acknowledged 9 on a
      // quiet machine and 5 inside the whole suite, so only "some" is asserted.
      expect(sum(result.acked)).toBeGreaterThan(0);
      expect(sum(result.faults)).toBeGreaterThan(0);
    }, 400_000);
  }

  it('converges for seed 1 with two server instances on PostgreSQL, through rolling restarts', async () => {
    const result = await runChaos(1, { steps: STEPS, database: await freshDatabase() });
    expect(result.problems, `replay with: ${replayCommand(1, STEPS, true)}`).toEqual([]);
    expect(result.faults.rollingRestart).toBeGreaterThan(0);
    expect(sum(result.acked)).toBeGreaterThan(0);
  }, 600_000);
});
