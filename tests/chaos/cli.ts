// `npm run chaos -- [--seeds N] [--from S] [--seed S] [--steps N] [--jobs J] [--pg] [--verbose]`: runs
// chaos seeds (tests/chaos/chaos.ts), J at a time (default 1: one after the other; each seed has its own
// folders, ports and database, so seeds never share anything), and says for each whether it converged; a
// failing seed prints its problems and the command that replays it. Exits 1 when any seed failed. With --pg the server is two
// instances on PostgreSQL: a throwaway cluster for the run (tests/support/postgres-cluster.ts), a new
// database for each seed.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { clusterParent, startCluster, stopCluster } from '../support/postgres-cluster';
import { buildTestPrograms } from '../support/programs';
import { replayCommand, runChaos } from './chaos';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '5' },
    from: { type: 'string', default: '1' },
    seed: { type: 'string' },
    steps: { type: 'string', default: '30' },
    jobs: { type: 'string', default: '1' },
    verbose: { type: 'boolean', default: false },
    pg: { type: 'boolean', default: false },
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
const jobs = Math.max(1, whole(values.jobs, '--jobs'));
const seeds =
  values.seed !== undefined
    ? [whole(values.seed, '--seed')]
    : Array.from({ length: whole(values.seeds, '--seeds') }, (_, i) => whole(values.from, '--from') + i);

const clusterDir = values.pg ? path.join(clusterParent('gatehouse-chaos-pg-'), 'cluster') : undefined;
const superuserUrl = clusterDir ? await startCluster(clusterDir) : undefined;
// The station and server programs compiled once for all seeds (each seed starts them a dozen times).
const removePrograms = await buildTestPrograms();
const cleanUp = () => {
  removePrograms();
  if (!clusterDir) return;
  stopCluster(clusterDir);
  rmSync(path.dirname(clusterDir), { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    cleanUp();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });

/** A new empty database on the run's cluster for one seed: its URL. */
async function seedDatabase(seed: number): Promise<string | undefined> {
  if (!superuserUrl) return undefined;
  const name = `chaos_${seed}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(superuserUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let failed = 0;
/** Runs one seed and prints its lines together (seeds running side by side finish in any order). */
async function runSeed(seed: number): Promise<void> {
  const started = Date.now();
  let result: Awaited<ReturnType<typeof runChaos>>;
  try {
    result = await runChaos(seed, {
      steps,
      log: values.verbose ? (l) => console.log(`[seed ${seed}] ${l}`) : undefined,
      database: await seedDatabase(seed),
    });
  } catch (error) {
    // The run itself broke (a process that would not start again, say): the seed failed, the others go on.
    failed++;
    console.log(
      `seed ${seed}: ERROR ${(error as Error).message}\n  replay: ${replayCommand(seed, steps, values.pg)}`,
    );
    return;
  }
  const took = ((Date.now() - started) / 1000).toFixed(1);
  const writes = Object.entries(result.acked)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const faults = Object.entries(result.faults)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const clock = result.skew ? `${result.skew.station} ${result.skew.faketime}` : 'no skew';
  const lines: string[] = [];
  if (result.problems.length === 0) {
    lines.push(
      `seed ${seed}: converged in ${took} s (${clock}; writes: ${writes || 'none'}; faults: ${faults || 'none'})`,
    );
  } else {
    failed++;
    lines.push(`seed ${seed}: FAILED in ${took} s (${clock}; faults: ${faults || 'none'})`);
    for (const problem of result.problems) lines.push(`  - ${problem}`);
    lines.push(`  replay: ${replayCommand(seed, steps, values.pg)}`);
  }
  console.log(lines.join('\n'));
}

const queue = [...seeds];
await Promise.all(
  Array.from({ length: Math.min(jobs, seeds.length) }, async () => {
    for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) await runSeed(seed);
  }),
);
cleanUp();
console.log(
  `${seeds.length - failed} of ${seeds.length} seeds converged${values.pg ? ' (two instances on PostgreSQL)' : ''}`,
);
process.exit(failed > 0 ? 1 : 0);
