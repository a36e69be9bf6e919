// What the command-line programs (`npm run serve`, `npm run server`, `npm run devices`) share: strict
// argument parsing with Node's util.parseArgs, --help and --version, and the exit codes.
//
// Every program reads and checks all of its arguments in `parse` before `run` creates anything (a data
// directory, a database, a key), so a mistyped command line leaves no trace.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import pkg from '../../package.json' with { type: 'json' };

/** Exit codes of every Gatehouse CLI. */
export const EXIT = {
  /** Done (or --help / --version). */
  ok: 0,
  /** The command line was right but the work failed: port in use, unreadable file, server refused. */
  failure: 1,
  /** The command line is wrong: unknown option or command, missing or malformed value. Nothing was created. */
  usage: 2,
} as const;

/** A mistake in the command line: reported with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CliSpec<T> {
  /** The complete --help text. */
  usage: string;
  /** Reads and checks the arguments; throws UsageError. Must not create or open anything. */
  parse: (argv: string[]) => T;
  /** Does the work. A long-running server resolves once it listens. */
  run: (args: T) => Promise<void> | void;
}

const HELP = new Set(['--help', '-h']);

/** Runs a CLI and returns its exit code; --help, `help` and --version win over everything else. */
export async function runCli<T>(spec: CliSpec<T>, argv: string[]): Promise<number> {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  if (head.some((arg) => HELP.has(arg)) || head[0] === 'help') {
    process.stdout.write(`${spec.usage.trim()}\n\n${EXIT_CODES_HELP}\n`);
    return EXIT.ok;
  }
  if (head.includes('--version')) {
    process.stdout.write(`${pkg.version}\n`);
    return EXIT.ok;
  }
  let args: T;
  try {
    args = spec.parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`Error: ${error.message}\nRun with --help for usage.\n`);
    return EXIT.usage;
  }
  try {
    await spec.run(args);
    return EXIT.ok;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof UsageError ? EXIT.usage : EXIT.failure;
  }
}

const EXIT_CODES_HELP = `Exit codes: ${EXIT.ok} done, ${EXIT.failure} failed, ${EXIT.usage} wrong command line (nothing was created).`;

/** For `if (isMain(import.meta.url)) exitWith(runCli(…))`: exits only on failure, so servers keep running. */
export function exitWith(code: Promise<number>): void {
  code.then(
    (value) => {
      if (value !== EXIT.ok) process.exit(value);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(EXIT.failure);
    },
  );
}

/** True when the module is the program being run (`tsx path/to/cli.ts`), not imported. */
export const isMain = (moduleUrl: string): boolean => moduleUrl === `file://${process.argv[1]}`;

/**
 * util.parseArgs in strict mode, its errors as UsageError (unknown option, missing value, stray
 * argument). Positionals are allowed only when `positionals` is given, as the most accepted.
 */
export function parseOptions<O extends Options>(argv: string[], options: O, positionals = 0) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: positionals > 0 });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
      throw new UsageError(error.message);
    throw error;
  }
  if (parsed.positionals.length > positionals)
    throw new UsageError(`Unexpected argument "${parsed.positionals[positionals]}".`);
  return parsed;
}

/** A TCP port, 0 (any free port) to 65535. */
export function portArg(value: string, flag = '--port'): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port >= 0 && port <= 65535))
    throw new UsageError(`${flag} must be a port number from 0 to 65535, not "${value}".`);
  return port;
}

/** One of a fixed set of words. */
export function choiceArg<C extends string>(value: string, flag: string, choices: readonly C[]): C {
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`${flag} must be one of ${choices.join(', ')}, not "${value}".`);
  return value as C;
}

/** A number greater than 0, at most `max`. */
export function positiveNumberArg(value: string, flag: string, max = Infinity): number {
  const n = /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!(n > 0 && n <= max))
    throw new UsageError(
      `${flag} must be a number above 0${max < Infinity ? ` and at most ${max}` : ''}, not "${value}".`,
    );
  return n;
}

/** A value that must be given. */
export function requiredArg(value: string | undefined, flag: string, what: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${what} needs ${flag}.`);
  return value;
}
