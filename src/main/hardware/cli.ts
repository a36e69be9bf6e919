// `npm run devices -- list [--data-dir DIR]`: the devices a station is configured with, and what is plugged in.
// `npm run devices -- simulate [--dir DIR] [--data-dir DIR] [--printer-port 9100]`: a serial scanner and an
// LCUS relay on socat pty pairs and a TCP 9100 badge printer, logging what each receives; type a code and
// press Enter to "scan" it. With --data-dir the station in that directory is configured to use them.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LcusRelaySimulator, SerialScannerSimulator, TcpPrinterSimulator } from '../../../drivers';
import { openDatabase } from '../../db/open';
import {
  devicesConfigSchema,
  EMPTY_DEVICES_CONFIG,
  type DevicesConfig,
  type PrinterConfig,
} from '../../shared/devices';
import { DATABASE_FILE } from '../station';
import { readDevicesConfig, writeDevicesConfig } from './config';
import { detectDevices } from './detect';

const USAGE = `Usage:
  npm run devices -- list [--data-dir DIR]
  npm run devices -- simulate [--dir DIR] [--data-dir DIR] [--printer-port PORT]`;

export async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      dir: { type: 'string' },
      'printer-port': { type: 'string', default: '9100' },
    },
  });
  const command = positionals[0];
  if (command === 'list') return list(values['data-dir']);
  if (command === 'simulate') return simulate(values.dir, values['data-dir'], Number(values['printer-port']));
  console.error(USAGE);
  process.exitCode = 2;
}

async function list(dataDir = path.resolve('data')): Promise<void> {
  const file = path.join(dataDir, DATABASE_FILE);
  let config = EMPTY_DEVICES_CONFIG;
  if (existsSync(file)) {
    const db = openDatabase(file);
    config = readDevicesConfig(db);
    db.$client.close();
    console.log(`Configured on the station in ${dataDir}:`);
  } else {
    console.log(`There is no station in ${dataDir} (give its --data-dir), so nothing is configured.`);
  }
  const configured = [
    ...config.scanners.map((s) => `  scanner  ${s.id}  ${s.name}  ${s.kind} ${s.path}`),
    ...config.relays.map(
      (r) => `  relay    ${r.id}  ${r.name}  ${r.kind} ${r.path} channel ${r.channel}, ${r.pulseMs} ms`,
    ),
    ...config.printers.map((p) => `  printer  ${p.id}  ${p.name}  ${p.kind} ${printerTarget(p)}`),
  ];
  console.log(configured.length ? configured.join('\n') : '  (none)');

  const found = await detectDevices();
  console.log('\nDetected now:');
  for (const p of found.serialPorts)
    console.log(
      `  serial   ${p.path}  ${p.vendorId ?? '----'}:${p.productId ?? '----'}  ${p.manufacturer ?? ''}  → ${p.suggested === 'lcus' ? 'LCUS relay' : 'serial scanner?'}`,
    );
  for (const h of found.hidDevices)
    console.log(
      `  hid      ${h.path}  ${h.vendorId}:${h.productId}  ${h.product ?? ''}  → ${h.suggested === 'usbrelay' ? 'USBRelay' : 'HID POS scanner'}`,
    );
  for (const q of found.cupsQueues)
    console.log(`  cups     ${q.name}  ${q.deviceUri ?? ''}  ${q.accepting ? 'accepting' : 'not accepting'}`);
  if (!found.serialPorts.length && !found.hidDevices.length && !found.cupsQueues.length)
    console.log('  (nothing)');
  for (const problem of found.problems) console.log(`  ! ${problem}`);
}

function printerTarget(p: PrinterConfig): string {
  switch (p.kind) {
    case 'cups':
      return `queue ${p.queue}`;
    case 'zpl-serial':
      return `${p.path} ${p.baudRate} baud`;
    case 'electron':
      return p.deviceName ? `printer "${p.deviceName}"` : 'the default printer';
    default:
      return `${p.host}:${p.port}`;
  }
}

async function simulate(dir: string | undefined, dataDir: string | undefined, printerPort: number) {
  const base = dir ?? mkdtempSync(path.join(tmpdir(), 'gatehouse-devices-'));
  const scanner = await SerialScannerSimulator.start(
    path.join(base, 'scanner'),
    path.join(base, 'scanner-sim'),
    'cr',
  );
  const relay = await LcusRelaySimulator.start(path.join(base, 'relay'), path.join(base, 'relay-sim'));
  const printer = await TcpPrinterSimulator.start(printerPort).catch(() => TcpPrinterSimulator.start(0));

  const config: DevicesConfig = devicesConfigSchema.parse({
    scanners: [{ kind: 'serial', id: 'sim-scanner', name: 'Simulated scanner', path: scanner.devicePath }],
    relays: [{ kind: 'lcus', id: 'sim-relay', name: 'Simulated relay', path: relay.devicePath }],
    printers: [
      {
        kind: 'zpl',
        id: 'sim-printer',
        name: 'Simulated ZPL printer',
        host: printer.host,
        port: printer.port,
      },
    ],
  });
  console.log(`Simulated devices (in ${base}):
  serial scanner  ${scanner.devicePath}   (9600 8N1, CR framing)
  LCUS relay      ${relay.devicePath}   (1 channel)
  TCP printer     ${printer.host}:${printer.port}   (ZPL or Brother QL)
`);
  if (dataDir) {
    const db = openDatabase(path.join(dataDir, DATABASE_FILE));
    writeDevicesConfig(db, config, new Date().toISOString());
    db.$client.close();
    console.log(
      `The station in ${dataDir} now uses them; (re)start it: npm run serve -- --data-dir ${dataDir}\n`,
    );
  } else {
    console.log(`Point a station at them: on its devices page (desk or gate, as admin) add the devices above,
or run this again with --data-dir DIR to write this configuration into that station:
${JSON.stringify(config)}
`);
  }
  console.log('Type a code and press Enter to scan it. Ctrl+C stops.\n');

  relay.on('command', ({ channel, on, frame }) =>
    console.log(`[relay]   channel ${channel} ${on ? 'ON ' : 'OFF'}  ${Buffer.from(frame).toString('hex')}`),
  );
  relay.on('rejected', ({ reason }) => console.log(`[relay]   rejected a frame: ${reason}`));
  printer.on('job', (job) => {
    const text = Buffer.from(job).toString('latin1');
    const kind = text.startsWith('^XA') ? 'ZPL' : job[200] === 0x1b ? 'Brother QL raster' : 'raw';
    console.log(`[printer] received a ${kind} job of ${job.length} bytes`);
  });

  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const code = line.trim();
    if (code)
      void scanner.scan(code).then(
        () => console.log(`[scanner] sent ${JSON.stringify(code)}`),
        (err: unknown) => console.log(`[scanner] could not send: ${String(err)}`),
      );
  });
  const stop = async () => {
    input.close();
    await Promise.all([scanner.close(), relay.close(), printer.close()]);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
