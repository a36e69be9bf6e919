// A handful of chaos seeds in `npm test` (tests/chaos/chaos.ts has the run; `npm run chaos -- --seeds 200`
// runs many). Each seed is a whole run of real processes: a server, four stations, a fault proxy.
import { describe, expect, it } from 'vitest';
import { replayCommand, runChaos } from './chaos';

/** Seeds chosen to cover each kind of clock: one station ahead, one behind, none. */
const SEEDS = [3, 8];
const STEPS = 24;

describe('chaos: real server and stations under random operations and faults', () => {
  for (const seed of SEEDS) {
    it(`converges for seed ${seed}`, async () => {
      const result = await runChaos(seed, { steps: STEPS });
      expect(result.problems, `replay with: ${replayCommand(seed, STEPS)}`).toEqual([]);
      // The run did something: writes were acknowledged and faults injected.
      expect(Object.values(result.acked).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    }, 240_000);
  }
});
