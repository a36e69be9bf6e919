// The config file of the long-running programs (`npm run serve`, `npm run server -- serve`): a JSON file
// named by --config FILE or GATEHOUSE_CONFIG, with a section per program:
//
//   { "station": { "port": 4310, "host": "0.0.0.0", "data-dir": "/var/lib/gatehouse", "log-level": "info" },
//     "server":  { "port": 4320, "data-dir": "/var/lib/gatehouse-server", "public-url": "https://…" } }
//
// Precedence, lowest first: built-in defaults < config file < environment variables < command-line flags.
// It works by turning the file and the environment into flags placed before the real ones, so every value
// goes through the same checks as a flag and a later flag wins. The file is read and checked with zod in
// the parse step, before anything is created; a mistake is a UsageError (exit code 2) naming the file and
// the key. Secrets (admin token, SMTP password, SMS token) are never read from it: they stay in the
// environment or in owner-only files. See docs/operations.md.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from './args';

/** The file in a data folder that holds the /metrics bearer token (src/cli/ops.ts). */
export const METRICS_TOKEN_FILE = 'metrics-token';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.number().int().min(0).max(65535);
const text = z.string().trim().min(1);
const logLevel = z.enum(LOG_LEVELS);

/** Each section's keys are the program's flag names; the values are checked again as flags. */
const SECTIONS = {
  station: z.strictObject({
    port,
    host: text,
    'data-dir': text,
    'renderer-dir': text,
    'log-level': logLevel,
    'metrics-token-file': text,
  }),
  server: z.strictObject({
    port,
    host: text,
    'data-dir': text,
    database: text,
    'public-url': text,
    'smtp-host': text,
    'smtp-port': port,
    'smtp-user': text,
    'smtp-from': text,
    'smtp-tls': z.enum(['starttls', 'tls', 'none']),
    'sms-url': text,
    'sms-account': text,
    'sms-from': text,
    'log-level': logLevel,
    'metrics-token-file': text,
  }),
} as const;

export type ConfigSection = keyof typeof SECTIONS;

export const configFileSchema = z.strictObject({
  station: SECTIONS.station.partial().optional(),
  server: SECTIONS.server.partial().optional(),
});

/** The environment variable of each flag: GATEHOUSE_ and the flag in upper snake case; log-level is LOG_LEVEL. */
export function envName(flag: string): string {
  if (flag === 'log-level') return 'LOG_LEVEL';
  if (flag === 'database') return 'GATEHOUSE_DATABASE_URL';
  return `GATEHOUSE_${flag.toUpperCase().replaceAll('-', '_')}`;
}

/** Reads and checks a config file; a UsageError names the file and every wrong key. */
export function readConfigFile(file: string): z.infer<typeof configFileSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'is not valid JSON';
    throw new UsageError(`The config file ${file} ${reason}.`);
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.join('.') || '(top level)';
      const keys = 'keys' in issue ? ` ${(issue.keys as string[]).join(', ')}` : '';
      return `${where}${keys}: ${issue.message}`;
    });
    throw new UsageError(`The config file ${file} is not right: ${problems.join('; ')}.`);
  }
  return parsed.data;
}

/**
 * The command line with the config file's and the environment's values in front as flags, and --config
 * taken out: parse the result as usual, and a flag given on the command line wins (the last one counts).
 */
export function withConfig(
  argv: string[],
  section: ConfigSection,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const rest: string[] = [];
  let file = env.GATEHOUSE_CONFIG || undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config') {
      file = argv[++i];
      if (file === undefined) throw new UsageError('--config needs a file name.');
    } else if (arg.startsWith('--config=')) file = arg.slice('--config='.length);
    else rest.push(arg);
  }
  const flags = (values: Record<string, unknown>) =>
    Object.entries(values).flatMap(([key, value]) => [`--${key}`, String(value)]);
  const fromFile = file ? flags(readConfigFile(file)[section] ?? {}) : [];
  const fromEnv = flags(
    Object.fromEntries(
      Object.keys(SECTIONS[section].shape)
        .map((key) => [key, env[envName(key)]] as const)
        .filter(([, value]) => value !== undefined && value !== ''),
    ),
  );
  return [...fromFile, ...fromEnv, ...rest];
}
