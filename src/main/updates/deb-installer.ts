// The Installer of a station installed from the .deb (docs/updates.md#the-deb-package): hands the
// verified package, with the signed feed it came in, to the root helper build/linux/gatehouse-deb-update
// (run through `sudo -n`, allowed by the postinst's sudoers rule, so no password dialog reaches the kiosk
// screen). The helper checks the signature and the digest again itself, since it cannot trust the
// station's user, keeps the package of the version it replaces, and reinstalls that one on rollback.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Installer, VerifiedRelease } from './installer';

const execFileAsync = promisify(execFile);

export interface DebInstallerOptions {
  /** The helper's command line: `['sudo', '-n', <helper>]` in the package; tests run the script itself. */
  helper: string[];
  /** Where the signed feed is written for the helper (the station's updates folder). */
  dir: string;
  /** The helper's environment (tests: GATEHOUSE_UPDATE_ROOT); default this process's. */
  env?: NodeJS.ProcessEnv;
  /** Starts the station again on the version now installed; called once the helper is done. */
  restart: () => void;
  log: (message: string) => void;
}

/** Runs the helper; its stderr's last line is the reason when it refuses. */
async function runHelper(options: DebInstallerOptions, args: string[]): Promise<string> {
  const [command, ...rest] = options.helper;
  try {
    const { stdout } = await execFileAsync(command!, [...rest, ...args], {
      env: options.env ?? process.env,
      timeout: 10 * 60_000,
      maxBuffer: 4 << 20,
    });
    return stdout.trim();
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    const reason = stderr.split('\n').at(-1) || (error as Error).message;
    throw new Error(`The update helper failed: ${reason.replace(/^gatehouse-deb-update: /, '')}`, {
      cause: error,
    });
  }
}

export function debInstaller(options: DebInstallerOptions): Installer {
  return {
    async install(release: VerifiedRelease) {
      if (!release.feed)
        throw new Error(`The download of ${release.version} kept no signed feed; it is taken again later.`);
      mkdirSync(options.dir, { recursive: true, mode: 0o700 });
      const feedFile = path.join(options.dir, `feed-${release.version}.json`);
      const signatureFile = `${feedFile}.sig`;
      writeFileSync(feedFile, release.feed.text, { mode: 0o600 });
      writeFileSync(signatureFile, release.feed.signature, { mode: 0o600 });
      options.log(await runHelper(options, ['install', feedFile, signatureFile, release.file]));
      options.restart();
    },
    async rollback(to) {
      options.log(await runHelper(options, ['rollback', to.version]));
      options.restart();
    },
  };
}
