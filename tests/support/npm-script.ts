// Long-running `npm run <script>` processes as the README starts them (the sync server, `serve` stations),
// for browser tests on real processes: a free port, a script ready when its URL answers, and stopping
// every process of its tree.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A long-running `npm run <script>`, ready when `url` answers. */
export async function startScript(script: string, args: string[], url: string): Promise<ChildProcess> {
  const child = spawn('npm', ['run', '--silent', script, '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true, // its own process group, so the whole npm → tsx → node tree stops together
  });
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm run ${script} ended with ${child.exitCode}`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return child;
    if (Date.now() > until) throw new Error(`npm run ${script} did not answer at ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** SIGTERM to each script's process group, then a second for them to finish writing. */
export async function stopScripts(children: ChildProcess[]): Promise<void> {
  for (const child of children)
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
