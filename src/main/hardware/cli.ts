// `npm run devices -- list [--data-dir DIR]`: the devices a station is configured with, and what is plugged in.
// `npm run devices -- simulate [--dir DIR] [--data-dir DIR] [--printer-port 9100]`: a serial scanner and an
// LCUS relay on socat pty pairs and a TCP 9100 badge printer, logging what each receives; type a code and
// press Enter to "scan" it. With --data-dir the station in that directory is configured to use them.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  choiceArg,
  exitWith,
  isMain,
  parseOptions,
  portArg,
  runCli,
  UsageError,
  type CliSpec,
} from '../../cli/args';
import {
  devicesConfigSchema,
  EMPTY_DEVICES_CONFIG,
  type DevicesConfig,
  type PrinterConfig,
} from '../../shared/devices';

const USAGE = `Usage:
  npm run devices -- list [--data-dir DIR]
  npm run devices -- simulate [--dir DIR] [--data-dir DIR] [--printer-port PORT]

list       the devices configured on the station in --data-dir (default ./data), and what is plugged in now
simulate   a serial scanner and an LCUS relay (socat pty pairs in --dir, default a new temporary folder) and
           a ZPL/Brother QL printer on TCP --printer-port (default 9100, another free one if taken); type a
           code and press Enter to scan it. With --data-dir, that station is configured to use them.

  -h, --help    this help
  --version     the version`;

type DevicesArgs =
  | { command: 'list'; dataDir: string }
  | { command: 'simulate'; dir?: string; dataDir?: string; printerPort: number };

export const devicesCli: CliSpec<DevicesArgs> = {
  usage: USAGE,
  parse(argv) {
    const command = argv[0];
    if (command === undefined || command.startsWith('-'))
      throw new UsageError('Give a command: list or simulate.');
    if (choiceArg(command, 'The command', ['list', 'simulate'] as const) === 'list') {
      const { values } = parseOptions(argv.slice(1), { 'data-dir': { type: 'string', default: 'data' } });
      return { command: 'list', dataDir: path.resolve(values['data-dir']) };
    }
    const { values } = parseOptions(argv.slice(1), {
      'data-dir': { type: 'string' },
      dir: { type: 'string' },
      'printer-port': { type: 'string', default: '9100' },
    });
    return {
      command: 'simulate',
      dir: values.dir === undefined ? undefined : path.resolve(values.dir),
      dataDir: values['data-dir'] === undefined ? undefined : path.resolve(values['data-dir']),
      printerPort: portArg(values['printer-port'], '--printer-port'),
    };
  },
  run: (args) =>
    args.command === 'list' ? list(args.dataDir) : simulate(args.dir, args.dataDir, args.printerPort),
};

/** The station and device code, loaded only when a command runs, so --help and a wrong command line answer at once. */
async function load() {
  const [
    drivers,
    { openStationDatabase, DATABASE_FILE },
    { fileVault, StationKeys },
    config,
    { detectDevices },
  ] = await Promise.all([
    import('../../../drivers'),
    import('../station'),
    import('../core/data-keys'),
    import('./config'),
    import('./detect'),
  ]);
  /** The station's database, opened with its data key (keys/data.key or GATEHOUSE_DATA_KEY). */
  const openDatabase = (dataDir: string) =>
    openStationDatabase(dataDir, new StationKeys(fileVault(dataDir))).db;
  return { ...drivers, ...config, openDatabase, DATABASE_FILE, detectDevices };
}

async function list(dataDir: string): Promise<void> {
  const { openDatabase, DATABASE_FILE, readDevicesConfig, detectDevices } = await load();
  const file = path.join(dataDir, DATABASE_FILE);
  let config = EMPTY_DEVICES_CONFIG;
  if (existsSync(file)) {
    const db = openDatabase(dataDir);
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
  const { openDatabase, DATABASE_FILE, writeDevicesConfig, ...sim } = await load();
  const { LcusRelaySimulator, SerialScannerSimulator, TcpPrinterSimulator } = sim;
  if (dataDir && !existsSync(path.join(dataDir, DATABASE_FILE)))
    throw new UsageError(`There is no station in ${dataDir} to configure (give the --data-dir of one).`);
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
    const db = openDatabase(dataDir);
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

if (isMain(import.meta.url)) exitWith(runCli(devicesCli, process.argv.slice(2)));
