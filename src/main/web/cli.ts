// `npm run serve -- [options]` (`--help` lists them): runs the station core and serves its screen for browser kiosks (`chromium --kiosk URL`) and tests.
import path from 'node:path';
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
import { LOG_LEVELS, METRICS_TOKEN_FILE, withConfig } from '../../cli/config';
import { LANGUAGES, STATION_KINDS, type Language, type StationKind } from '../../shared/domain';

const USAGE = `Usage: npm run serve -- [options]

Runs a Gatehouse station and serves its screen on http://HOST:PORT/ (for browser kiosks and tests).

Options:
  --port PORT              TCP port, 0 for any free one (default 4310)
  --host HOST              address to listen on (default 127.0.0.1); any other name is also accepted
                           as the Host header of requests
  --data-dir DIR           the station's data folder, made on first start (default ./data)
  --demo                   a fresh data folder gets the demo site
  --kind kiosk|desk|gate   set the station up as this kind, skipping the setup screen
  --language en|es|fr|de   with --kind: the station's language
  --site ID                with --kind: the site (default: the first)
  --renderer-dir DIR       serve the screen from DIR (default dist/renderer)
  --log-level LEVEL        fatal|error|warn|info|debug|trace|silent (default info); the log is
                           DIR/logs/station.N.log, a new file each day or at 10 MB, 14 kept
  --metrics-token-file F   the bearer token for GET /metrics (default DATA-DIR/metrics-token, made
                           owner-only on first start)
  --config FILE            read defaults from the "station" section of a JSON config file
                           (or GATEHOUSE_CONFIG). Precedence: flags > environment > file > defaults;
                           each flag's variable is GATEHOUSE_ and its name, e.g. GATEHOUSE_DATA_DIR,
                           LOG_LEVEL for --log-level (docs/operations.md)
  -h, --help               this help
  --version                the version`;

interface ServeArgs {
  port: number;
  host: string;
  dataDir: string;
  demo: boolean;
  preset?: { kind: StationKind; language?: Language; siteId?: string };
  rendererDir?: string;
  logLevel: string;
  metricsTokenFile: string;
}

export const serveCli: CliSpec<ServeArgs> = {
  usage: USAGE,
  parse(argv) {
    const { values } = parseOptions(withConfig(argv, 'station'), {
      port: { type: 'string', default: '4310' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string', default: 'data' },
      demo: { type: 'boolean', default: false },
      kind: { type: 'string' },
      language: { type: 'string' },
      site: { type: 'string' },
      'renderer-dir': { type: 'string' },
      'log-level': { type: 'string', default: 'info' },
      'metrics-token-file': { type: 'string' },
    });
    if (!values.host.trim()) throw new UsageError('--host must not be empty.');
    if (!values.kind && (values.language !== undefined || values.site !== undefined))
      throw new UsageError('--language and --site set a station up, so they need --kind.');
    const kind = values.kind === undefined ? undefined : choiceArg(values.kind, '--kind', STATION_KINDS);
    const dataDir = path.resolve(values['data-dir']);
    return {
      port: portArg(values.port),
      host: values.host,
      dataDir,
      logLevel: choiceArg(values['log-level'], '--log-level', LOG_LEVELS),
      metricsTokenFile: path.resolve(dataDir, values['metrics-token-file'] ?? METRICS_TOKEN_FILE),
      demo: values.demo,
      ...(kind
        ? {
            preset: {
              kind,
              language:
                values.language === undefined
                  ? undefined
                  : choiceArg(values.language, '--language', LANGUAGES),
              siteId: values.site,
            },
          }
        : {}),
      rendererDir: values['renderer-dir'],
    };
  },
  run: serve,
};

async function serve(values: ServeArgs): Promise<void> {
  // Loaded only now, so --help and a wrong command line answer at once.
  const [{ startStation }, { createWebHost }, ops] = await Promise.all([
    import('../station'),
    import('./server'),
    import('../../cli/ops'),
  ]);
  const station = await startStation({
    dataDir: values.dataDir,
    demo: values.demo,
    ...(values.preset ? { preset: values.preset } : {}),
  });
  const logger = ops.createLogger({
    level: values.logLevel,
    file: path.join(values.dataDir, 'logs', 'station'),
  });
  const app = await createWebHost(station, {
    logger,
    metricsToken: ops.loadOrCreateMetricsToken(values.metricsTokenFile),
    rendererDir: values.rendererDir,
    allowedHosts: values.host === '127.0.0.1' ? [] : [values.host],
  });
  try {
    await app.listen({ port: values.port, host: values.host });
  } catch (error) {
    await app.close();
    await station.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : values.port;
  logger.info({ port, dataDir: values.dataDir }, 'station ready');
  console.log(
    `Gatehouse station ready at http://${values.host === '0.0.0.0' ? '127.0.0.1' : values.host}:${port}/`,
  );

  const stop = async () => {
    await app.close();
    await station.close(); // switches every relay off before the process ends
    await ops.flushLogger(logger);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (isMain(import.meta.url)) exitWith(runCli(serveCli, process.argv.slice(2)));
