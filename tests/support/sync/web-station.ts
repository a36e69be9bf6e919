// A station process with its web host, for tests that drive real stations through their public HTTP API
// and kill them for real (tests/support/sync/station-process.ts starts it, under libfaketime when asked).
//   web-station <data-dir> [port]   prints "listening <url>" once it serves; port 0 (default): any free one
// A fresh data dir gets the demo seed, and the demo's admin account for its second site too, so staff can
// sign in at a station of either demo site (tests/support/sync/process-fleet.ts). Local accounts, as the
// demo's: never synced, and left alone by the checksum repair.
import { staffRepo } from '../../../src/db/repos/directory';
import { hashSecret } from '../../../src/node/secrets';
import { DEMO_SECOND_SITE, DEMO_STAFF } from '../../../src/main/demo';
import { startStation } from '../../../src/main/station';
import { createWebHost } from '../../../src/main/web/server';
import { newId } from '../../../src/shared/ids';

const [dataDir, port = '0'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: web-station <data-dir> [port]');

// Short sync timers, as a test wants them: a push soon after each write, a poll every second.
const station = await startStation({
  dataDir,
  demo: true,
  hardware: { enabled: false },
  sync: { debounceMs: 20, pollMs: 1_000 },
});
const { db } = station.core;
const admin = DEMO_STAFF.find((s) => s.role === 'admin')!;
if (!staffRepo.findByLogin(db, DEMO_SECOND_SITE.id, admin.login)) {
  const at = new Date().toISOString();
  staffRepo.insert(db, {
    id: newId(),
    siteId: DEMO_SECOND_SITE.id,
    login: admin.login,
    name: admin.name,
    role: 'admin',
    pinHash: await hashSecret(admin.pin),
    createdAt: at,
    updatedAt: at,
  });
}
const app = await createWebHost(station);
const address = await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write(`listening ${address}\n`);
const stop = async () => {
  await app.close();
  await station.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
