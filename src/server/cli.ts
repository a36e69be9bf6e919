// `npm run server -- [serve] [options]`, `add-site`, `enroll`, `import-hosts` (`--help` lists them all).
// The admin API token is GATEHOUSE_ADMIN_TOKEN, or the file admin-token in the data dir (made on first run).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
import { LOG_LEVELS, METRICS_TOKEN_FILE, withConfig } from '../cli/config';
import { enrollmentRoleSchema, type EnrollmentRole } from '../shared/sync';
import {
  UPDATE_CHANNELS,
  UPDATE_PLATFORMS,
  VERSION_PATTERN,
  type UpdateChannel,
  type UpdatePlatform,
} from '../shared/updates';
import { serverDataKeyProblem } from './data-key';
import { databaseUrlProblem, redactedUrl } from './database-url';
import { fleetTable } from './fleet';
import type { NotifyOptions } from './notify/service';
import { createSiteSchema, SyncService } from './service';
import { addAdminSchema } from './console/accounts';
import { readPassword } from './console/password-prompt';
import { consoleStoreOf, openStore, type Storage } from './open-store';

const USAGE = `Usage:
  npm run server -- [serve] [options]     run the sync server
  npm run server -- add-site --name NAME [--timezone ZONE] [--data-dir DIR]
  npm run server -- enroll --site ID --role kiosk|desk|gate [--ttl-hours 24] [--data-dir DIR]
  npm run server -- import-hosts --site ID --file hosts.csv [--dry-run] [--data-dir DIR]
  npm run server -- stations [--json] [--data-dir DIR]   every station: online, version, sync, alerts
  npm run server -- add-admin --login LOGIN --name NAME [--data-dir DIR]   a console administrator
  npm run server -- migrate-to --database URL [--data-dir DIR]   move the embedded database to PostgreSQL
  npm run server -- update-key --out DIR          make the organisation's update signing key pair
  npm run server -- publish --server URL --key FILE --release V --file FILE [--file FILE…]
                    [--channel stable|beta] [--platform linux] [--rollout PERCENT]
  npm run server -- rollout --server URL --release V --percent N [--channel stable|beta] [--platform linux]
  npm run server -- pin --server URL --site ID --release V | --unpin

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
  --log-level LEVEL     fatal|error|warn|info|debug|trace|silent (default info, or LOG_LEVEL); JSON logs on stdout
  --metrics-token-file F  the bearer token for GET /metrics (default DATA-DIR/metrics-token, made on first start)
  --config FILE         defaults from the "server" section of a JSON config file (or GATEHOUSE_CONFIG);
                        flags > environment (GATEHOUSE_PORT, GATEHOUSE_DATA_DIR, …) > file > defaults
                        (docs/operations.md)

add-site:     --name NAME, --timezone ZONE (an IANA time zone, default UTC); the site starts with the default
              visitor types and documents and a Reception host, and a one-time setup code for its first admin
enroll:       --site ID, --role kiosk|desk|gate, --ttl-hours HOURS (how long the one-use code is valid)
import-hosts: --site ID, --file CSV, --dry-run (show what would change, change nothing)
stations:     --json (the same as GET /admin/stations, for scripts and monitoring)
add-admin:    --login LOGIN, --name NAME: an administrator of the web console (/console/); the password
              (at least 12 characters) is asked for twice at a terminal, or read as the first line of stdin
              when piped (never a flag: it would show in ps and the shell history). See docs/console.md.
migrate-to:   copies everything in the embedded database of --data-dir into the new, empty PostgreSQL
              database --database (stop the server first); then start it with --database. See docs/postgresql.md.
update-key:   --out DIR: writes update-key.pem (private, 0600: keep it off the server) and update-key.pub
publish:      signs the channel file with --key and uploads it and the files to the running server at --server;
              --rollout (default 100) is the per cent of stations offered it
rollout:      changes the per cent of stations offered a published version (0 stops it)
pin:          holds every station of a site on a published version; --unpin lets it follow its channel
              publish, rollout and pin use the admin token from GATEHOUSE_ADMIN_TOKEN. See docs/updates.md.

Environment: GATEHOUSE_ADMIN_TOKEN (else the file admin-token in the data folder), GATEHOUSE_NOTIFY_SECRET,
GATEHOUSE_DATABASE_URL, GATEHOUSE_SERVER_DATA_KEY (the key of the embedded database, base64 of 32 bytes;
else the file keys/server-data.key in the data folder, made on first run), LOG_LEVEL (default info).
See docs/sync.md and docs/privacy.md.`;

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
  'log-level': { type: 'string', default: 'info' },
  'metrics-token-file': { type: 'string' },
} as const;

type ServerArgs =
  | (Storage &
      (
        | {
            command: 'serve';
            port: number;
            host: string;
            notify: NotifyFlags;
            logLevel: string;
            metricsTokenFile: string;
          }
        | { command: 'add-site'; name: string; timezone: string }
        | { command: 'enroll'; siteId: string; role: EnrollmentRole; ttlHours: number }
        | { command: 'import-hosts'; siteId: string; file: string; dryRun: boolean }
        | { command: 'stations'; json: boolean }
        | { command: 'add-admin'; login: string; name: string }
      ))
  // Copies the embedded database in --data-dir into the empty PostgreSQL database --database.
  | { command: 'migrate-to'; dataDir: string; database: string }
  // The update commands speak to a running server over HTTP; they keep no data of their own.
  | { command: 'update-key'; out: string }
  | {
      command: 'publish';
      server: string;
      adminToken: string;
      key: string;
      version: string;
      files: string[];
      channel: UpdateChannel;
      platform: UpdatePlatform;
      rollout: number;
    }
  | {
      command: 'rollout';
      server: string;
      adminToken: string;
      version: string;
      percent: number;
      channel: UpdateChannel;
      platform: UpdatePlatform;
    }
  | { command: 'pin'; server: string; adminToken: string; siteId: string; version: string | null };

/** The data folder and the --database URL (or GATEHOUSE_DATABASE_URL), checked before anything is created. */
function storage(values: { 'data-dir': string; database?: string | undefined }): Storage {
  const database = values.database ?? (process.env.GATEHOUSE_DATABASE_URL || undefined);
  if (database !== undefined) {
    const problem = databaseUrlProblem(database);
    const from = values.database !== undefined ? '--database' : 'GATEHOUSE_DATABASE_URL';
    if (problem)
      throw new UsageError(`${from} ${problem}: give a URL such as postgres://gatehouse@db:5432/gatehouse.`);
  }
  // The embedded store's key (src/server/data-key.ts): a malformed one is a usage error, nothing created.
  const keyProblem = database === undefined ? serverDataKeyProblem() : null;
  if (keyProblem) throw new UsageError(`${keyProblem} Make one with: openssl rand -base64 32`);
  return { dataDir: path.resolve(values['data-dir']), database: database ?? null };
}

type NotifyFlags = Record<string, string | undefined> & { host: string; port: string };

const COMMANDS = [
  'serve',
  'add-site',
  'enroll',
  'import-hosts',
  'stations',
  'add-admin',
  'migrate-to',
  'update-key',
  'publish',
  'rollout',
  'pin',
] as const;

const SERVER_URL = { server: { type: 'string' } } as const;
// --release, not --version: --version is every CLI's "print the version".
const RELEASE = {
  release: { type: 'string' },
  channel: { type: 'string', default: 'stable' },
  platform: { type: 'string', default: 'linux' },
} as const;

/** The running server to talk to, and the admin token to do it with (never a flag: it would show in ps). */
function serverArgs(server: string | undefined, command: string) {
  const url = requiredArg(server, '--server', command);
  if (!URL.canParse(url)) throw new UsageError(`--server must be a URL, not "${url}".`);
  const adminToken = process.env.GATEHOUSE_ADMIN_TOKEN;
  if (!adminToken)
    throw new UsageError(`${command} needs the server's admin token in GATEHOUSE_ADMIN_TOKEN.`);
  return { server: url, adminToken };
}

function versionArg(value: string | undefined, command: string): string {
  const version = requiredArg(value, '--release', command);
  if (!VERSION_PATTERN.test(version))
    throw new UsageError(`--release must be a version such as 1.4.0 or 1.5.0-beta.2, not "${version}".`);
  return version;
}

function percentArg(value: string, flag: string): number {
  const n = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 100))
    throw new UsageError(`${flag} must be a whole per cent from 0 to 100, not "${value}".`);
  return n;
}

export const serverCli: CliSpec<ServerArgs> = {
  usage: USAGE,
  parse(argv) {
    const explicit = argv[0] !== undefined && !argv[0].startsWith('-');
    const command = explicit ? choiceArg(argv[0]!, 'The command', COMMANDS) : 'serve';
    const rest = explicit ? argv.slice(1) : argv;
    const update = parseUpdateCommand(command, rest);
    if (update) return update;
    switch (command) {
      case 'serve': {
        const { values } = parseOptions(withConfig(rest, 'server'), SERVE_OPTIONS);
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
          logLevel: choiceArg(values['log-level'], '--log-level', LOG_LEVELS),
          metricsTokenFile: path.resolve(
            values['data-dir'],
            values['metrics-token-file'] ?? METRICS_TOKEN_FILE,
          ),
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
      case 'add-admin': {
        const { values } = parseOptions(rest, {
          ...DATA_DIR,
          login: { type: 'string' },
          name: { type: 'string' },
        });
        const login = requiredArg(values.login, '--login', command);
        const name = requiredArg(values.name, '--name', command);
        const problem = addAdminSchema.pick({ login: true, name: true }).safeParse({ login, name });
        if (!problem.success)
          throw new UsageError(
            `${problem.error.issues[0]!.path[0] === 'login' ? '--login' : '--name'} ${problem.error.issues[0]!.message}.`,
          );
        return { command, ...storage(values), login, name };
      }
      case 'migrate-to': {
        const { values } = parseOptions(rest, DATA_DIR);
        const target = storage(values);
        if (!target.database)
          throw new UsageError(
            'migrate-to needs --database postgres://… (the new, empty PostgreSQL database).',
          );
        return { command, dataDir: target.dataDir, database: target.database };
      }
      default:
        throw new UsageError(`Unknown command "${command}".`); // the update commands returned above
    }
  },
  run: main,
};

/** The update commands' parsing (docs/updates.md); null for any other command. */
function parseUpdateCommand(command: (typeof COMMANDS)[number], rest: string[]): ServerArgs | null {
  switch (command) {
    case 'update-key': {
      const { values } = parseOptions(rest, { out: { type: 'string' } });
      return { command, out: path.resolve(requiredArg(values.out, '--out', 'update-key')) };
    }
    case 'publish': {
      const { values } = parseOptions(rest, {
        ...SERVER_URL,
        ...RELEASE,
        key: { type: 'string' },
        file: { type: 'string', multiple: true },
        rollout: { type: 'string', default: '100' },
      });
      if (!values.file?.length) throw new UsageError('publish needs --file (one or more build files).');
      return {
        command,
        ...serverArgs(values.server, command),
        key: path.resolve(requiredArg(values.key, '--key', command)),
        version: versionArg(values.release, command),
        files: values.file.map((f) => path.resolve(f)),
        channel: choiceArg(values.channel, '--channel', UPDATE_CHANNELS),
        platform: choiceArg(values.platform, '--platform', UPDATE_PLATFORMS),
        rollout: percentArg(values.rollout, '--rollout'),
      };
    }
    case 'rollout': {
      const { values } = parseOptions(rest, { ...SERVER_URL, ...RELEASE, percent: { type: 'string' } });
      return {
        command,
        ...serverArgs(values.server, command),
        version: versionArg(values.release, command),
        percent: percentArg(requiredArg(values.percent, '--percent', command), '--percent'),
        channel: choiceArg(values.channel, '--channel', UPDATE_CHANNELS),
        platform: choiceArg(values.platform, '--platform', UPDATE_PLATFORMS),
      };
    }
    case 'pin': {
      const { values } = parseOptions(rest, {
        ...SERVER_URL,
        site: { type: 'string' },
        release: { type: 'string' },
        unpin: { type: 'boolean', default: false },
      });
      if (values.unpin === (values.release !== undefined))
        throw new UsageError('pin needs either --release or --unpin.');
      return {
        command,
        ...serverArgs(values.server, command),
        siteId: requiredArg(values.site, '--site', command),
        version: values.unpin ? null : versionArg(values.release, command),
      };
    }
    default:
      return null;
  }
}

/** Runs an update command against a running server (or, for update-key, on this machine alone). */
async function runUpdateCommand(
  args: Extract<ServerArgs, { command: 'update-key' | 'publish' | 'rollout' | 'pin' }>,
): Promise<void> {
  const { generateUpdateKey, publishRelease, readPrivateKey } = await import('./updates/publish');
  if (args.command === 'update-key') {
    const { privateKeyFile, publicKeyFile } = generateUpdateKey(args.out);
    console.log(
      `Private key: ${privateKeyFile} (owner-only; keep it off the server, back it up)\nPublic key:  ${publicKeyFile} (copy to the server's data folder and to every station)`,
    );
    return;
  }
  if (args.command === 'publish') {
    const key = readPrivateKey(args.key); // before anything is uploaded
    for (const file of args.files) if (!existsSync(file)) throw new Error(`There is no file ${file}.`);
    await publishRelease({ ...args, key, releaseDate: new Date() });
    console.log(
      `Published ${args.version} on ${args.channel} (${args.platform}) for ${args.rollout}% of stations.`,
    );
    return;
  }
  const [route, method, body] =
    args.command === 'rollout'
      ? (['/admin/updates/rollout', 'POST', { ...args, rollout: args.percent }] as const)
      : ([
          `/admin/sites/${encodeURIComponent(args.siteId)}/update-pin`,
          'PUT',
          { version: args.version },
        ] as const);
  const response = await fetch(new URL(route, args.server), {
    method,
    headers: { authorization: `Bearer ${args.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok)
    throw new Error(`The server answered ${response.status}: ${answer.message ?? response.statusText}`);
  console.log(
    args.command === 'rollout'
      ? `${args.version} on ${args.channel} (${args.platform}) is now offered to ${args.percent}% of stations.`
      : args.version === null
        ? `Site ${args.siteId} follows its channel again.`
        : `Site ${args.siteId} is pinned to ${args.version}.`,
  );
}

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

/**
 * The secret the stations' ID-number key derives from: GATEHOUSE_ID_NUMBER_SECRET, or the file
 * id-number-secret in the data dir (0600, made the first time). Losing it changes the key a newly
 * enrolled station gets: keep it with the server's backups.
 */
function idNumberSecret(dataDir: string): Buffer {
  if (process.env.GATEHOUSE_ID_NUMBER_SECRET) return Buffer.from(process.env.GATEHOUSE_ID_NUMBER_SECRET);
  const file = path.join(dataDir, 'id-number-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim());
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

/** The update feeds: artefacts in updates/, releases checked against update-key.pub when it is there. */
function updateOptions(dataDir: string): { dir: string; publicKey?: string } {
  const publicKeyFile = path.join(dataDir, 'update-key.pub');
  return {
    dir: path.join(dataDir, 'updates'),
    publicKey: existsSync(publicKeyFile) ? readFileSync(publicKeyFile, 'utf8') : undefined,
  };
}

/** Copies the embedded database into an empty PostgreSQL one and says what it copied. */
async function migrateTo(args: { dataDir: string; database: string }): Promise<void> {
  const [{ SqliteSyncStore }, { PgSyncStore }, { moveToPostgres }] = await Promise.all([
    import('./sqlite-store'),
    import('./pg-store'),
    import('./move-store'),
  ]);
  // Read as it is, plain or encrypted (with its key): the data folder stays as it was, the fallback.
  const source = await openStore({ dataDir: args.dataDir, database: null }, { existing: true });
  try {
    const target = await openStore(args);
    try {
      if (!(source instanceof SqliteSyncStore) || !(target instanceof PgSyncStore))
        throw new Error('migrate-to copies an embedded database into PostgreSQL.');
      const copied = await moveToPostgres(source, target);
      for (const { table, rows } of copied) if (rows > 0) console.log(`${table}: ${rows}`);
      console.log(
        `Copied into ${redactedUrl(args.database)}. Start the server with --database; the stations keep syncing.`,
      );
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

async function main(args: ServerArgs): Promise<void> {
  if (
    args.command === 'update-key' ||
    args.command === 'publish' ||
    args.command === 'rollout' ||
    args.command === 'pin'
  )
    return runUpdateCommand(args);
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
  if (args.command === 'migrate-to') return migrateTo(args);
  // The password is read and checked before the data folder is touched: a short one leaves nothing behind.
  let password = '';
  if (args.command === 'add-admin') {
    password = await readPassword();
    const problem = addAdminSchema.shape.password.safeParse(password);
    if (!problem.success)
      throw new Error(`The password needs ${problem.error.issues[0]!.message}; nothing was changed.`);
  }
  // Loaded only now, so --help and a wrong command line answer at once.
  const [{ createSyncServer }, { createLogger, loadOrCreateMetricsToken }] = await Promise.all([
    import('./app'),
    import('../cli/ops'),
  ]);
  // Reading the fleet needs a server that has run here: an empty folder is a mistyped --data-dir.
  // Only the server's start encrypts a plain embedded file: a command may run beside a server using it.
  const store = await openStore(args, {
    existing: args.command === 'stations',
    encryptPlain: args.command === 'serve',
  });

  if (args.command !== 'serve') {
    try {
      const service = new SyncService(store);
      if (args.command === 'import-hosts') {
        const result = await service.importHosts(args.siteId, { csv, dryRun: args.dryRun }, 'command line');
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
        // A dry run names every bad line (an import is refused with the first ten) and fails like it.
        if (result.problems.length) {
          list(
            'Problems',
            result.problems.map((p) => `line ${p.line}: ${p.message}`),
          );
          throw new Error('The CSV has problems (listed above); nothing was changed.');
        }
        console.log(result.applied ? 'Applied.' : 'Nothing was changed (dry run, or nothing to do).');
      } else if (args.command === 'stations') {
        const fleet = await service.fleet();
        if (args.json) console.log(JSON.stringify({ stations: fleet }, null, 2));
        else console.log(fleetTable(fleet, await store.listSites()));
      } else if (args.command === 'add-admin') {
        const { ConsoleAccounts } = await import('./console/accounts');
        const accounts = new ConsoleAccounts(await consoleStoreOf(store));
        const admin = await accounts.addAdmin(
          { login: args.login, name: args.name, password },
          'command line',
        );
        console.log(
          `Console administrator ${admin.name} (${admin.login}) added; sign in at <server>/console/.`,
        );
      } else if (args.command === 'add-site') {
        const site = await service.createSite({ name: args.name, timezone: args.timezone, starter: true });
        console.log(
          `Site ${site.name}: ${site.id}\nSetup code for its first admin: ${site.setupCode} (shown only now; enter it at a desk of the site)`,
        );
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

  const notify = notifyOptions(args.notify, args.dataDir);
  const { app } = await createSyncServer({
    store,
    adminToken: adminToken(args.dataDir),
    idNumberSecret: idNumberSecret(args.dataDir),
    notify,
    updates: updateOptions(args.dataDir),
    metricsToken: loadOrCreateMetricsToken(args.metricsTokenFile),
    loggerInstance: createLogger({ level: args.logLevel }),
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
