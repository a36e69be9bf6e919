// `npm run server -- [--port 4320] [--host 127.0.0.1] [--data-dir DIR]`   run the sync server
// `npm run server -- add-site --name NAME --timezone Europe/London [--data-dir DIR]`
// `npm run server -- enroll --site <id> --role <kiosk|desk|gate> [--ttl-hours 24] [--data-dir DIR]`
// `npm run server -- import-hosts --site <id> --file hosts.csv [--dry-run] [--data-dir DIR]`
// The admin API token is GATEHOUSE_ADMIN_TOKEN, or the file admin-token in the data dir (made on first run).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSyncServer, REDACT } from './app';
import type { NotifyOptions } from './notify/service';
import { SyncService } from './service';
import { SqliteSyncStore } from './sqlite-store';

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

function notifyOptions(values: Record<string, string | undefined>, dataDir: string): NotifyOptions {
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

export async function main(args: string[]): Promise<void> {
  const dryRun = args.includes('--dry-run'); // import-hosts: a flag among string options
  const argv = args.filter((a) => a !== '--dry-run');
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'serve';
  const { values } = parseArgs({
    args: command === 'serve' ? argv : argv.slice(1),
    options: {
      port: { type: 'string', default: '4320' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string', default: path.resolve('server-data') },
      site: { type: 'string' },
      role: { type: 'string' },
      'ttl-hours': { type: 'string', default: '24' },
      name: { type: 'string' },
      timezone: { type: 'string' },
      file: { type: 'string' },
      // Notifications (src/server/notify); secrets also from env: GATEHOUSE_SMTP_PASS, GATEHOUSE_SMS_TOKEN.
      'public-url': { type: 'string' },
      'smtp-host': { type: 'string' },
      'smtp-port': { type: 'string', default: '587' },
      'smtp-user': { type: 'string' },
      'smtp-from': { type: 'string' },
      'smtp-tls': { type: 'string', default: 'starttls' },
      'sms-url': { type: 'string' },
      'sms-account': { type: 'string' },
      'sms-from': { type: 'string' },
    },
  });
  const dataDir = values['data-dir'];
  mkdirSync(dataDir, { recursive: true });
  const store = SqliteSyncStore.open(dataDir);

  if (command === 'import-hosts') {
    try {
      if (!values.site || !values.file)
        throw new Error('import-hosts needs --site <id> and --file <hosts.csv>.');
      const result = await new SyncService(store).importHosts(values.site, {
        csv: readFileSync(values.file, 'utf8'),
        dryRun,
      });
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
    } finally {
      store.close();
    }
    return;
  }
  if (command === 'enroll' || command === 'add-site') {
    try {
      const service = new SyncService(store);
      if (command === 'add-site') {
        const site = await service.createSite({ name: values.name, timezone: values.timezone ?? 'UTC' });
        console.log(`Site ${site.name}: ${site.id}`);
      } else {
        const code = await service.createEnrollmentCode({
          siteId: values.site,
          role: values.role,
          ttlHours: Number(values['ttl-hours']),
        });
        console.log(
          `Enrollment code for a ${code.role} station: ${code.code} (one use, until ${code.expiresAt})`,
        );
      }
    } finally {
      store.close();
    }
    return;
  }
  if (command !== 'serve')
    throw new Error(`Unknown command "${command}": use serve, add-site, enroll or import-hosts.`);

  const { app } = await createSyncServer({
    store,
    adminToken: adminToken(dataDir),
    notify: notifyOptions(values, dataDir),
    logger: { level: process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACT, censor: '[redacted]' } },
  });
  await app.listen({ port: Number(values.port), host: values.host });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    await app.close(); // stops accepting, answers what is in flight, closes nudge sockets
    store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
