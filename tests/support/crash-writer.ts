// A station process that registers visits through the API as fast as it can and prints the id of each
// one the API has confirmed. The crash test kills it with SIGKILL at random moments.
import { startStation } from '../../src/main/station';
import { DEMO_SITE } from '../../src/main/demo';
import { registerForever } from './register-forever';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-writer <data-dir>');

const station = await startStation({ dataDir, demo: true, preset: { kind: 'desk' } });
const sqlite = station.core.db.$client;
const hostId = sqlite
  .prepare('SELECT id FROM hosts WHERE site_id = ? LIMIT 1')
  .pluck()
  .get(DEMO_SITE.id) as string;
const visitorTypeId = sqlite
  .prepare('SELECT id FROM visitor_types WHERE site_id = ? LIMIT 1')
  .pluck()
  .get(DEMO_SITE.id) as string;

// The test holds our stdin open: when it ends (the test process died), stop rather than write forever.
process.stdin.on('end', () => process.exit(1)).resume();
process.stdout.write('ready\n');
await registerForever(station, hostId, visitorTypeId);
