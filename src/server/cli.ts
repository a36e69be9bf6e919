// `npm run server -- [serve] [options]`, `add-site`, `enroll`, `import-hosts` (`--help` lists them all).
// The admin API token is GATEHOUSE_ADMIN_TOKEN, or the file admin-token in the data dir (made on first run).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  choiceArg,
  exitWith,
  isMain,
  parseOptions,
  portArg,
  positiveNumberArg,
  requiredArg,
  runCli,
  UsageError,
  type CliSpec,
} from '../cli/args';
import { enrollmentRoleSchema, type EnrollmentRole } from '../shared/sync';
import { databaseUrlProblem } from './database-url';
import { fleetTable } from './fleet';
import type { NotifyOptions } from './notify/service';
import { createSiteSchema, SyncService } from './service';
import type { SyncStore } from './store';

const USAGE = `Usage:
  npm run server -- [serve] [options]     run the sync server
  npm run server -- add-site --name NAME [--timezone ZONE] [--data-dir DIR]
  npm run server -- enroll --site ID --role kiosk|desk|gate [--ttl-hours 24] [--data-dir DIR]
  npm run server -- import-hosts --site ID --file hosts.csv [--dry-run] [--data-dir DIR]
  npm run server -- stations [--json] [--data-dir DIR]   every station: online, version, sync, alerts

Every command:
  --data-dir DIR        the server's data folder (default ./server-data)
  --database URL        keep the data in PostgreSQL (postgres://user@host:5432/db) instead of the embedded
                        SQLite file in the data folder (or GATEHOUSE_DATABASE_URL; see docs/postgresql.md)
  -h, --help            this help
  --version             the version

serve:
  --port PORT           TCP port, 0 for any free one (default 4320)
  --host HOST           address to listen on (default 127.0.0.1)
  --public-url URL      how hosts reach this server, for approve/deny links (or GATEHOUSE_PUBLIC_URL)
  --smtp-host HOST      send e-mail through this relay (or GATEHOUSE_SMTP_HOST; password GATEHOUSE_SMTP_PASS)
  --smtp-port PORT      (default 587)
  --smtp-user USER
  --smtp-from ADDRESS
  --smtp-tls starttls|tls|none   (default starttls)
  --sms-url URL         send SMS through this Twilio-style API (or GATEHOUSE_SMS_URL; token GATEHOUSE_SMS_TOKEN)
  --sms-account SID
  --sms-from NUMBER

add-site:     --name NAME, --timezone ZONE (an IANA time zone, default UTC)
enroll:       --site ID, --role kiosk|desk|gate, --ttl-hours HOURS (how long the one-use code is valid)
import-hosts: --site ID, --file CSV, --dry-run (show what would change, change nothing)
stations:     --json (the same as GET /admin/stations, for scripts and monitoring)

Environment: GATEHOUSE_ADMIN_TOKEN (else the file admin-token in the data folder), GATEHOUSE_NOTIFY_SECRET,
GATEHOUSE_DATABASE_URL, LOG_LEVEL (default info). See docs/sync.md.`;

const DATA_DIR = {
  'data-dir': { type: 'string', default: 'server-data' },
  database: { type: 'string' },
} as const;
const SERVE_OPTIONS = {
  ...DATA_DIR,
  port: { type: 'string', default: '4320' },
  host: { type: 'string', default: '127.0.0.1' },
  // Notifications (src/server/notify); secrets only from env: GATEHOUSE_SMTP_PASS, GATEHOUSE_SMS_TOKEN.
  'public-url': { type: 'string' },
  'smtp-host': { type: 'string' },
  'smtp-port': { type: 'string' },
  'smtp-user': { type: 'string' },
  'smtp-from': { type: 'string' },
  'smtp-tls': { type: 'string', default: 'starttls' },
  'sms-url': { type: 'string' },
  'sms-account': { type: 'string' },
  'sms-from': { type: 'string' },
} as const;

/** Where every command keeps its data: the data folder, and a PostgreSQL URL or null for embedded SQLite. */
interface Storage {
  dataDir: string;
  database: string | null;
}

type ServerArgs = Storage &
  (
    | { command: 'serve'; port: number; host: string; notify: NotifyFlags }
    | { command: 'add-site'; name: string; timezone: string }
    | { command: 'enroll'; siteId: string; role: EnrollmentRole; ttlHours: number }
    | { command: 'import-hosts'; siteId: string; file: string; dryRun: boolean }
    | { command: 'stations'; json: boolean }
  );

/** The data folder and the --database URL (or GATEHOUSE_DATABASE_URL), checked before anything is created. */
function storage(values: { 'data-dir': string; database?: string | undefined }): Storage {
  const database = values.database ?? (process.env.GATEHOUSE_DATABASE_URL || undefined);
  if (database !== undefined) {
    const problem = databaseUrlProblem(database);
    const from = values.database !== undefined ? '--database' : 'GATEHOUSE_DATABASE_URL';
    if (problem)
      throw new UsageError(`${from} ${problem}: give a URL such as postgres://gatehouse@db:5432/gatehouse.`);
  }
  return { dataDir: path.resolve(values['data-dir']), database: database ?? null };
}

type NotifyFlags = Record<string, string | undefined> & { host: string; port: string };

const COMMANDS = ['serve', 'add-site', 'enroll', 'import-hosts', 'stations'] as const;

export const serverCli: CliSpec<ServerArgs> = {
  usage: USAGE,
  parse(argv) {
    const explicit = argv[0] !== undefined && !argv[0].startsWith('-');
    const command = explicit ? choiceArg(argv[0]!, 'The command', COMMANDS) : 'serve';
    const rest = explicit ? argv.slice(1) : argv;
    switch (command) {
      case 'serve': {
        const { values } = parseOptions(rest, SERVE_OPTIONS);
        const port = portArg(values.port);
        if (values['smtp-port'] !== undefined) portArg(values['smtp-port'], '--smtp-port');
        choiceArg(values['smtp-tls'], '--smtp-tls', ['starttls', 'tls', 'none']);
        for (const flag of ['public-url', 'sms-url'] as const) {
          const url = values[flag];
          if (url !== undefined && !URL.canParse(url))
            throw new UsageError(`--${flag} must be a URL, not "${url}".`);
        }
        return {
          command,
          ...storage(values),
          port,
          host: values.host,
          notify: { ...values, port: String(port) },
        };
      }
      case 'add-site': {
        const { values } = parseOptions(rest, {
          ...DATA_DIR,
          name: { type: 'string' },
          timezone: { type: 'string', default: 'UTC' },
        });
        const name = requiredArg(values.name, '--name', 'add-site');
        if (!createSiteSchema.safeParse({ name, timezone: values.timezone }).success)
          throw new UsageError(
            `--timezone must be an IANA time zone such as Europe/London, not "${values.timezone}".`,
          );
        return { command, ...storage(values), name, timezone: values.timezone };
      }
      case 'enroll': {
        const { values } = parseOptions(rest, {
          ...DATA_DIR,
          site: { type: 'string' },
          role: { type: 'string' },
          'ttl-hours': { type: 'string', default: '24' },
        });
        return {
          command,
          ...storage(values),
          siteId: requiredArg(values.site, '--site', 'enroll'),
          role: choiceArg(
            requiredArg(values.role, '--role', 'enroll'),
            '--role',
            enrollmentRoleSchema.options,
          ),
          ttlHours: positiveNumberArg(values['ttl-hours'], '--ttl-hours', 24 * 30),
        };
      }
      case 'import-hosts': {
        const { values } = parseOptions(rest, {
          ...DATA_DIR,
          site: { type: 'string' },
          file: { type: 'string' },
          'dry-run': { type: 'boolean', default: false },
        });
        return {
          command,
          ...storage(values),
          siteId: requiredArg(values.site, '--site', 'import-hosts'),
          file: requiredArg(values.file, '--file', 'import-hosts'),
          dryRun: values['dry-run'],
        };
      }
      case 'stations': {
        const { values } = parseOptions(rest, { ...DATA_DIR, json: { type: 'boolean', default: false } });
        return { command, ...storage(values), json: values.json };
      }
    }
  },
  run: main,
};

function adminToken(dataDir: string): string {
  if (process.env.GATEHOUSE_ADMIN_TOKEN) return process.env.GATEHOUSE_ADMIN_TOKEN;
  const file = path.join(dataDir, 'admin-token');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** The HMAC key of approve/deny links: GATEHOUSE_NOTIFY_SECRET, or the file notify-secret in the data dir. */
function notifySecret(dataDir: string): string {
  if (process.env.GATEHOUSE_NOTIFY_SECRET) return process.env.GATEHOUSE_NOTIFY_SECRET;
  const file = path.join(dataDir, 'notify-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function notifyOptions(values: NotifyFlags, dataDir: string): NotifyOptions {
  const env = process.env;
  const smtpHost = values['smtp-host'] ?? env.GATEHOUSE_SMTP_HOST;
  const smsUrl = values['sms-url'] ?? env.GATEHOUSE_SMS_URL;
  const tls = values['smtp-tls'] ?? 'starttls'; // starttls (required) | tls (port 465) | none (test relays)
  return {
    publicUrl: values['public-url'] ?? env.GATEHOUSE_PUBLIC_URL ?? `http://${values.host}:${values.port}`,
    secret: notifySecret(dataDir),
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: Number(values['smtp-port'] ?? env.GATEHOUSE_SMTP_PORT ?? 587),
          secure: tls === 'tls',
          requireTls: tls === 'starttls',
          user: values['smtp-user'] ?? env.GATEHOUSE_SMTP_USER,
          pass: env.GATEHOUSE_SMTP_PASS,
          from: values['smtp-from'] ?? env.GATEHOUSE_SMTP_FROM ?? 'Gatehouse <gatehouse@localhost>',
        }
      : undefined,
    sms: smsUrl
      ? {
          url: smsUrl,
          accountSid: values['sms-account'] ?? env.GATEHOUSE_SMS_ACCOUNT ?? '',
          authToken: env.GATEHOUSE_SMS_TOKEN ?? '',
          from: values['sms-from'] ?? env.GATEHOUSE_SMS_FROM ?? '',
        }
      : undefined,
    rateLimits: { email: 120, sms: 30, slack: 60, teams: 60 },
  };
}

async function main(args: ServerArgs): Promise<void> {
  // A file to import is read before the data folder is touched, so an unreadable one leaves nothing behind.
  let csv = '';
  if (args.command === 'import-hosts') {
    try {
      csv = readFileSync(args.file, 'utf8');
    } catch (error) {
      throw new Error(
        `Cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
        {
          cause: error,
        },
      );
    }
  }
  // Loaded only now, so --help and a wrong command line answer at once.
  const [{ createSyncServer, REDACT }, { SqliteSyncStore, SERVER_DATABASE_FILE }] = await Promise.all([
    import('./app'),
    import('./sqlite-store'),
  ]);
  let store: SyncStore;
  if (args.database) {
    // Connected (and migrated) before the data folder is made: a wrong URL or password leaves nothing behind.
    const { PgSyncStore } = await import('./pg-store');
    store = await PgSyncStore.open(args.database);
    mkdirSync(args.dataDir, { recursive: true });
  } else {
    // Reading the fleet needs a server that has run here: an empty folder is a mistyped --data-dir.
    if (args.command === 'stations' && !existsSync(path.join(args.dataDir, SERVER_DATABASE_FILE)))
      throw new Error(`There is no sync server database in ${args.dataDir}; give its --data-dir.`);
    mkdirSync(args.dataDir, { recursive: true });
    store = SqliteSyncStore.open(args.dataDir);
  }

  if (args.command !== 'serve') {
    try {
      const service = new SyncService(store);
      if (args.command === 'import-hosts') {
        const result = await service.importHosts(args.siteId, { csv, dryRun: args.dryRun });
        const list = (label: string, names: string[]) =>
          console.log(`${label}: ${names.length}${names.length ? `\n  ${names.join('\n  ')}` : ''}`);
        list(
          'Added',
          result.added.map((h) => (h.email ? `${h.name} <${h.email}>` : h.name)),
        );
        list(
          'Changed',
          result.changed.map((h) => `${h.name} (${h.fields.join(', ')})`),
        );
        list(
          'Deactivated',
          result.deactivated.map((h) => h.name),
        );
        console.log(result.applied ? 'Applied.' : 'Nothing was changed (dry run, or nothing to do).');
      } else if (args.command === 'stations') {
        const fleet = await service.fleet();
        if (args.json) console.log(JSON.stringify({ stations: fleet }, null, 2));
        else console.log(fleetTable(fleet, await store.listSites()));
      } else if (args.command === 'add-site') {
        const site = await service.createSite({ name: args.name, timezone: args.timezone });
        console.log(`Site ${site.name}: ${site.id}`);
      } else {
        const code = await service.createEnrollmentCode({
          siteId: args.siteId,
          role: args.role,
          ttlHours: args.ttlHours,
        });
        console.log(
          `Enrollment code for a ${code.role} station: ${code.code} (one use, until ${code.expiresAt})`,
        );
      }
    } finally {
      await store.close();
    }
    return;
  }

  // Notifications keep their queue in the embedded store; on PostgreSQL this server runs without them.
  const notify = args.database ? undefined : notifyOptions(args.notify, args.dataDir);
  if (!notify)
    console.error(
      'Notifications (e-mail, SMS, approve/deny links, webhooks) are not available on PostgreSQL yet: this server syncs stations without them.',
    );
  const { app } = await createSyncServer({
    store,
    adminToken: adminToken(args.dataDir),
    notify,
    logger: { level: process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACT, censor: '[redacted]' } },
  });
  try {
    await app.listen({ port: args.port, host: args.host });
  } catch (error) {
    await app.close();
    await store.close();
    throw error;
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    await app.close(); // stops accepting, answers what is in flight, closes nudge sockets
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (isMain(import.meta.url)) exitWith(runCli(serverCli, process.argv.slice(2)));
