// A sync server process for the crash tests: `crash-server <data-dir> <port>`; prints "listening <url>".
// With HANG_AFTER_PUSH=n, the n-th push that applied ops is committed, "applied" is printed, and the answer
// is never sent: the test kills the process there, between the server's apply and the station's ack.
// With GATEHOUSE_DATABASE_URL the store is that PostgreSQL database (one of several instances on it).
// SIGTERM shuts it down as `npm run server` does (src/server/cli.ts): requests in flight answered, then exit.
import { createSyncServer } from '../../../src/server/app';
import { PgSyncStore } from '../../../src/server/pg-store';
import { SqliteSyncStore } from '../../../src/server/sqlite-store';

const [dataDir, port] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: crash-server <data-dir> <port>');
const database = process.env.GATEHOUSE_DATABASE_URL;
const store = database ? await PgSyncStore.open(database) : SqliteSyncStore.open(dataDir);
const { app } = await createSyncServer({ store, adminToken: process.env.ADMIN_TOKEN ?? 'admin' });
const hangAfter = Number(process.env.HANG_AFTER_PUSH ?? 0);
let pushes = 0;
app.addHook('onSend', async (req, _reply, payload) => {
  if (req.url !== '/sync/push' || hangAfter === 0) return payload;
  if (++pushes < hangAfter) return payload;
  process.stdout.write('applied\n');
  return new Promise(() => {}); // committed, never acknowledged
});
const url = await app.listen({ port: Number(port ?? 0), host: '127.0.0.1' });
process.stdout.write(`listening ${url}\n`);
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0));
});
