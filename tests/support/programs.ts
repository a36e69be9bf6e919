// The test programs that run as child processes (a station with its web host, a sync server), compiled to
// JavaScript once per run with the production build of the Node programs (vite.node.config.ts, as
// `npm run build:node` makes dist-node/). Under tsx each start spent about 3 s of CPU transforming and
// loading the sources; the chaos run and the sync tests start such processes hundreds of times.
// Without a build (a test file run on its own) the programs run under tsx, from their sources.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Entry points started as child processes, relative to the project root. */
const PROGRAMS = ['tests/support/sync/web-station.ts', 'tests/support/sync/crash-server.ts'] as const;
type Program = (typeof PROGRAMS)[number];

/** Where the compiled programs of this run are; set by the run's setup, inherited by its processes. */
const ENV = 'GATEHOUSE_TEST_PROGRAMS';

/** Node's arguments to run a program: its compiled file when this run built one, else its source under tsx. */
export function programArgs(program: Program): string[] {
  const built = process.env[ENV];
  return built ? [path.join(built, program.replace(/\.ts$/, '.js'))] : ['--import', 'tsx', program];
}

/**
 * Compiles the programs into a folder of their own under node_modules/.cache (inside the project, so the
 * compiled files find the runtime dependencies in node_modules), and points this process and its children
 * at it. Returns the clean-up.
 */
export async function buildTestPrograms(): Promise<() => void> {
  const root = process.cwd();
  const outDir = path.join(root, 'node_modules/.cache/gatehouse-test-programs', String(process.pid));
  mkdirSync(outDir, { recursive: true });
  const { build } = await import('vite');
  await build({
    configFile: path.join(root, 'vite.node.config.ts'),
    logLevel: 'warn',
    build: { outDir, sourcemap: false, rollupOptions: { input: [...PROGRAMS] } },
  });
  process.env[ENV] = outDir;
  return () => {
    delete process.env[ENV];
    rmSync(outDir, { recursive: true, force: true });
  };
}
