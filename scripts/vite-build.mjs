// One `vite build` run as a child process, for the scripts and tests that build a part of the product.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Runs `vite build ...args` in projectDir with the project's own vite; quiet unless it fails, when it
 * throws with vite's output and `what` (e.g. 'the station screen') in the message.
 */
export function viteBuild(projectDir, args, { what = 'the build', env = process.env } = {}) {
  const require = createRequire(path.join(projectDir, 'package.json'));
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', ...args], {
    cwd: projectDir,
    encoding: 'utf8',
    env,
  });
  if (result.status !== 0) throw new Error(`Building ${what} failed:\n${result.stdout}${result.stderr}`);
}
