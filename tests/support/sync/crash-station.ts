// A station process for the sync crash tests (already enrolled; its sync client starts by itself).
//   write: registers visits as fast as it can while sync pushes, printing "ok <visitId>" for each confirmed one;
//   pull:  only syncs, with small pull pages (PULL_PAGE), so a kill lands in the middle of a long pull.
import { startStation } from '../../../src/main/station';
import { registerForever } from '../register-forever';

const [dataDir, mode] = process.argv.slice(2);
if (!dataDir || (mode !== 'write' && mode !== 'pull'))
  throw new Error('usage: crash-station <data-dir> write|pull');

const station = await startStation({
  dataDir,
  sync: { debounceMs: 0, pollMs: 20, pushPageSize: 25, pullPageSize: Number(process.env.PULL_PAGE ?? 1000) },
});
process.stdout.write('ready\n');
if (mode === 'write') {
  const sqlite = station.core.db.$client;
  const hostId = sqlite.prepare('SELECT id FROM hosts LIMIT 1').pluck().get() as string;
  const visitorTypeId = sqlite.prepare('SELECT id FROM visitor_types LIMIT 1').pluck().get() as string;
  await registerForever(station, hostId, visitorTypeId);
}
