// `npm run bench -- <suite> [--json]`: runs one benchmark suite and prints its figures; with --json the
// last line is one JSON object { "suite": …, "metrics": { name: number } }.
import { parseArgs } from 'node:util';
import { apiSuite } from './suites/api';
import { cipherSuite } from './suites/cipher';
import { kioskSuite } from './suites/kiosk';
import { decodeSuite } from './suites/decode';
import { deskSuite } from './suites/desk';
import { notifySuite } from './suites/notify';
import { devicesSuite } from './suites/devices';
import { gateSuite } from './suites/gate';
import { syncSuite } from './suites/sync';
import { syncPgSuite } from './suites/sync-pg';
import { securitySuite } from './suites/security';
import { retentionSuite } from './suites/retention';
import { fleetSuite } from './suites/fleet';

const suites: Record<string, () => Promise<Record<string, number>>> = {
  api: apiSuite,
  kiosk: kioskSuite,
  decode: decodeSuite,
  desk: deskSuite,
  notify: notifySuite,
  devices: devicesSuite,
  gate: gateSuite,
  sync: syncSuite,
  'sync-pg': syncPgSuite,
  security: securitySuite,
  retention: retentionSuite,
  fleet: fleetSuite,
  cipher: cipherSuite,
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false } },
});
const name = positionals[0];
const suite = name ? suites[name] : undefined;
if (!name || !suite) {
  console.error(`Usage: npm run bench -- <suite> [--json]\nSuites: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}

const metrics = await suite();
const width = Math.max(...Object.keys(metrics).map((k) => k.length));
console.log(`Suite ${name}`);
for (const [metric, value] of Object.entries(metrics)) console.log(`  ${metric.padEnd(width)}  ${value}`);
if (values.json) console.log(JSON.stringify({ suite: name, metrics }));
process.exit(0);
