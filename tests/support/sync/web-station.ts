// A station process with its web host, for tests that drive real stations through their public HTTP API
// and kill them for real (tests/support/sync/station-process.ts starts it, under libfaketime when asked).
//   web-station <data-dir> [port]   prints "listening <url>" once it serves; port 0 (default): any free one
// A fresh data dir gets the demo seed (its staff accounts, for signing in: tests/support/sync/process-fleet.ts).
import { startStation } from '../../../src/main/station';
import { createWebHost } from '../../../src/main/web/server';

const [dataDir, port = '0'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: web-station <data-dir> [port]');

// Short sync timers, as a test wants them: a push soon after each write, a poll every second.
const station = await startStation({
  dataDir,
  demo: true,
  hardware: { enabled: false },
  sync: { debounceMs: 20, pollMs: 1_000 },
});
const app = await createWebHost(station);
const address = await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
const stop = async () => {
  await app.close();
  await station.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
