// The kiosk session's supervisor (build/linux/gatehouse-kiosk-run, run by the package's autostart entry)
// with a stand-in for the Electron app: a real child process, killed with SIGKILL as a crash or the
// out-of-memory killer would end it. It is started again (with GATEHOUSE_SUPERVISED=1 and the same
// arguments), at once when it asks for it with exit code 75 (after an update), after a wait when it keeps
// failing; it stays ended when it quits on purpose (exit 0), and the session's end stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../support/until';

const SUPERVISOR = path.resolve('build/linux/gatehouse-kiosk-run');

let dir: string;
let supervisor: ChildProcess | undefined;
let stderr: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-kiosk-run-'));
  stderr = '';
});
afterEach(() => {
  // The supervisor has its own process group: everything it started goes with it.
  if (supervisor?.exitCode === null && supervisor.pid) process.kill(-supervisor.pid, 'SIGKILL');
  supervisor = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Starts the supervisor on a stand-in app that, at its Nth start, does line N of `plan`: `run` (until
 * killed; SIGTERM ends it cleanly) or `exit CODE`. Each start appends "pid supervised args" to `starts`.
 */
function supervise(plan: string[]): ChildProcess {
  const app = path.join(dir, 'gatehouse');
  writeFileSync(path.join(dir, 'plan'), `${plan.join('\n')}\n`);
  writeFileSync(
    app,
    `#!/bin/sh
trap 'echo "$$" >> "${dir}/terminated"; exit 0' TERM
echo "$$ \${GATEHOUSE_SUPERVISED:-no} $*" >> "${dir}/starts"
n=$(wc -l < "${dir}/starts")
action=$(sed -n "\${n}p" "${dir}/plan")
case "$action" in exit*) exit \${action#exit } ;; esac
while :; do sleep 0.05; done
`,
    { mode: 0o755 },
  );
  const child = spawn('sh', [SUPERVISOR, '--kiosk-test-flag'], {
    env: { ...process.env, GATEHOUSE_APP: app, GATEHOUSE_RESTART_MAX_DELAY: '2' },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  supervisor = child;
  return child;
}

const starts = () => {
  try {
    return readFileSync(path.join(dir, 'starts'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [pid, supervised, ...args] = line.split(' ');
        return { pid: Number(pid), supervised, args };
      });
  } catch {
    return [];
  }
};
const startCount = (n: number) => until(() => starts().length >= n && starts(), `${n} starts of the app`);
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

describe('the kiosk supervisor', () => {
  it('starts the app again when its main process is killed, and stops with the session', async () => {
    const child = supervise(['run', 'run', 'exit 75', 'exit 1', 'run']);
    const [first] = await startCount(1);
    expect(first).toEqual({ pid: expect.any(Number), supervised: '1', args: ['--kiosk-test-flag'] });

    process.kill(first!.pid, 'SIGKILL');
    const [, second] = await startCount(2);
    expect(second!.pid).not.toBe(first!.pid);
    expect(second!.args).toEqual(['--kiosk-test-flag']);
    expect(stderr).toMatch(/Gatehouse ended with status 137; starting it again/);

    // Killed again; the third start asks for a restart (after an update), the fourth fails to start.
    process.kill(second!.pid, 'SIGKILL');
    const all = await startCount(5);
    expect(stderr).toMatch(/Gatehouse asked to be started again/);
    expect(stderr).toMatch(/Gatehouse ended with status 1; starting it again/);
    expect(new Set(all.map((s) => s.pid)).size).toBe(5);
    expect(all.every((s) => s.supervised === '1')).toBe(true);

    // The session ends: the app is told to stop, and nothing starts it again.
    process.kill(child.pid!, 'SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(readFileSync(path.join(dir, 'terminated'), 'utf8').trim()).toBe(String(all[4]!.pid));
    expect(starts()).toHaveLength(5);
  });

  it('stays ended when the app quits on purpose', async () => {
    const child = supervise(['exit 0', 'run']);
    expect(await exited(child)).toBe(0);
    expect(starts()).toHaveLength(1);
  });
});
