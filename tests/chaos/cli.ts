// `npm run chaos -- [--seeds N] [--from S] [--seed S] [--steps N] [--verbose]`: runs chaos seeds one
// after the other (tests/chaos/chaos.ts) and says for each whether it converged; a failing seed prints
// its problems and the command that replays it. Exits 1 when any seed failed.
import { parseArgs } from 'node:util';
import { replayCommand, runChaos } from './chaos';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    from: { type: 'string', default: '1' },
    seed: { type: 'string' },
    steps: { type: 'string', default: '30' },
    verbose: { type: 'boolean', default: false },
  },
});
const whole = (text: string, name: string) => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`chaos: ${name} must be a whole number, not "${text}"`);
    process.exit(2);
  }
  return n;
};
const steps = whole(values.steps, '--steps');
const seeds =
  values.seed !== undefined
    ? [whole(values.seed, '--seed')]
    : Array.from({ length: whole(values.seeds, '--seeds') }, (_, i) => whole(values.from, '--from') + i);

let failed = 0;
for (const seed of seeds) {
  const started = Date.now();
  const result = await runChaos(seed, { steps, log: values.verbose ? (l) => console.log(l) : undefined });
  const took = ((Date.now() - started) / 1000).toFixed(1);
  const writes = Object.entries(result.acked)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const faults = Object.entries(result.faults)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const clock = result.skew ? `${result.skew.station} ${result.skew.faketime}` : 'no skew';
  if (result.problems.length === 0) {
    console.log(
      `seed ${seed}: converged in ${took} s (${clock}; writes: ${writes || 'none'}; faults: ${faults || 'none'})`,
    );
  } else {
    failed++;
    console.log(`seed ${seed}: FAILED in ${took} s (${clock}; faults: ${faults || 'none'})`);
    for (const problem of result.problems) console.log(`  - ${problem}`);
    console.log(`  replay: ${replayCommand(seed, steps)}`);
  }
}
console.log(`${seeds.length - failed} of ${seeds.length} seeds converged`);
process.exit(failed > 0 ? 1 : 0);
