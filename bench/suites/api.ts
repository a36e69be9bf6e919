// Suite `api`: round-trip latency of a read method in process and over HTTP, and station cold start.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startStation } from '../../src/main/station';
import { createWebHost } from '../../src/main/web/server';
import { summarize, time } from '../stats';

export async function apiSuite(): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-'));
  try {
    const station = await startStation({ dataDir, demo: true, preset: { kind: 'desk' } });
    const reception = { role: 'reception' as const, userId: null };
    const inProcess = summarize(
      await time(2000, () => station.dispatcher.call('visits.today', {}, reception)),
    );

    const app = await createWebHost(station);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const { token } = await station.client().session.signIn({ login: 'reception', secret: '2222' });
    const http = summarize(
      await time(1000, async () => {
        const response = await fetch(`${base}/api/visits.today`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: '{}',
        });
        await response.json();
      }),
    );
    await app.close();
    station.close();

    // Cold start: a new process on an existing data directory, from spawn to its "ready" line.
    const coldStart = summarize(await time(5, () => startProcess(dataDir), 1));
    return {
      in_process_read_median_ms: inProcess.median,
      in_process_read_p99_ms: inProcess.p99,
      http_read_median_ms: http.median,
      http_read_p99_ms: http.p99,
      cold_start_median_ms: coldStart.median,
      cold_start_p99_ms: coldStart.p99,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function startProcess(dataDir: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main/web/cli.ts', '--data-dir', dataDir, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('ready at')) {
        child.kill('SIGTERM');
        resolve();
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal ? undefined : reject(new Error(`station exited with ${code}`)),
    );
  });
}
