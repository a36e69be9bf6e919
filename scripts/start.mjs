// `npm start [-- web host options]`: the station as an Electron app where Electron can run, otherwise
// (no Electron binary, no display) the same station through the web host, which prints its URL.
// Both start on the demo site the first time. GATEHOUSE_DATA_DIR chooses the data directory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildForElectron } from './electron-native.mjs';
import { viteBuild } from './vite-build.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const passThrough = process.argv.slice(2);

/** Runs a build step quietly; shows its output only when it fails. */
const build = (what, args) => viteBuild(ROOT, args, { what });

/** The Electron binary, or the reason there is none that can run here. */
function findElectron() {
  let binary;
  try {
    binary = require('electron'); // the package's main is the path of the binary it downloaded
  } catch {
    return { reason: 'the Electron binary is not installed (node_modules/electron has no dist/)' };
  }
  if (typeof binary !== 'string' || !existsSync(binary))
    return { reason: `the Electron binary is missing (${binary})` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display to show its window on (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error || probe.status !== 0) {
    const why = probe.error?.message ?? (probe.stderr.trim().split('\n')[0] || `exit code ${probe.status}`);
    return { reason: `the Electron binary cannot start (${why})` };
  }
  return { binary };
}

/** Runs the child in the foreground: signals go to it, its exit code becomes ours. */
function foreground(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function main() {
  if (!existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) build('the station screen', []);
  build('the Electron main process', ['--config', 'vite.electron.config.ts']);
  build('the Electron preload', ['--config', 'vite.electron.config.ts', '--mode', 'preload']);

  const electron = findElectron();
  let reason = electron.reason;
  if (electron.binary) {
    try {
      buildForElectron({ quiet: true });
    } catch (error) {
      reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    }
  }
  if (electron.binary && !reason) {
    foreground(electron.binary, [ROOT, ...passThrough]);
    return;
  }

  const dataDir = process.env.GATEHOUSE_DATA_DIR ?? path.join(ROOT, 'data');
  console.log(`Electron is not available here: ${reason}. Running the web host instead.`);
  foreground(process.execPath, [
    require.resolve('tsx/cli'),
    'src/main/web/cli.ts',
    '--demo',
    '--data-dir',
    dataDir,
    ...passThrough,
  ]);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
