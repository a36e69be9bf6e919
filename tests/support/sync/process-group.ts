// Child processes of the sync tests in a process group of their own, killed whole. A station under
// libfaketime is `faketime` with node as its child: a signal to the child alone would leave node running
// (still holding its port and its SQLite files), so the chaos suite and the clock tests kill the group.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/** Spawns `file` as the leader of a new process group. */
export function spawnGroup(file: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn(file, args, { ...options, detached: true });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Sends `signal` to the child's whole group and resolves once every process of it has gone (SIGKILL: as a
 * power cut would leave its files), so its port and files are free for a restart.
 */
export async function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-pid, signal);
  } catch {
    // the group has gone already
  }
  await exited;
  if (signal !== 'SIGKILL') return; // a graceful stop: the leader's exit is the answer
  for (let waited = 0; alive(pid) && waited < 10_000; waited += 20)
    await new Promise((resolve) => setTimeout(resolve, 20));
}
