// A sync server in a child process of its own (tests/support/sync/crash-server.ts), for tests and benches
// that kill it for real: SIGKILL leaves its SQLite files as a power cut would, and a restart on the same
// data dir and port is the server coming back.

import { createInterface } from 'node:readline';
import { programArgs } from '../programs';
import { killGroup, spawnGroup } from './process-group';

export interface ServerProcess {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** Lines the process printed after "listening". */
  lines: ReturnType<typeof createInterface>;
  /** SIGKILL (default) or SIGTERM, resolved once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a server on `dataDir` (port 0: any free port) and resolves once it listens. */
export async function startServerProcess(
  dataDir: string,
  port: number | string = 0,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawnGroup(
    process.execPath,
    [...programArgs('tests/support/sync/crash-server.ts'), dataDir, String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...env },
    },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => line.startsWith('listening ') && resolve(line.slice('listening '.length)));
    void exited.then(() => reject(new Error(`the sync server on ${dataDir} exited before listening`)));
  });
  return {
    url,
    lines,
    async kill(signal = 'SIGKILL') {
      await killGroup(child, signal);
      await exited;
    },
  };
}
