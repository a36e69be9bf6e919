// The station's updater (docs/updates.md): polls the update feed the sync server chooses for it, accepts a
// release only when the feed carries a valid Ed25519 signature of the organisation's update key and the
// downloaded file has the SHA-512 and size the signed feed names, downloads in the background, and hands
// the release to the Installer (./installer.ts) only inside the site's quiet window (site setting
// updateWindow, in the site's time zone) while no visitor is on site. After the restart the new version
// must report healthy (a good sync) within a grace period, or the installer is told to roll back.
//
// The updater is the one writer of its state (station setting `update.state`); every change of it, and
// every refused feed, is an audit entry written in the same transaction.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { settingsRepo } from '../../db/repos/settings';
import {
  FEED_SIGNATURE_HEADER,
  compareVersions,
  feedFileName,
  updateFeedSchema,
  type UpdateChannel,
  type UpdateFeed,
  type UpdatePlatform,
} from '../../shared/updates';
import { appendAudit } from '../core/audit';
import type { StationCore } from '../core/context';
import { syncServerSettings } from '../sync/enroll';
import type { UpdateRollbackReport } from '../../shared/sync';
import type { Installer, SignedFeed, VerifiedRelease } from './installer';
import { inQuietWindow, installWait, UPDATE_STATE_KEY } from './pending';

const STATE_KEY = UPDATE_STATE_KEY;

export type UpdateState =
  | { phase: 'idle'; failedVersions: string[]; rollback?: UpdateRollback }
  | {
      phase: 'downloaded';
      version: string;
      file: string;
      sha512: string;
      downloadedAt: string;
      failedVersions: string[];
      /** The signed feed and its signature, for an installer that checks them again (the .deb helper). */
      feed?: SignedFeed;
    }
  | {
      phase: 'installing';
      version: string;
      previousVersion: string;
      startedAt: string;
      failedVersions: string[];
    };

/** The last rollback, reported in the fleet view until the next install (src/shared/sync.ts). */
export type UpdateRollback = UpdateRollbackReport;

/** Why a feed or artefact was refused; each is an audit entry and the updater's lastRefusal. */
export type UpdateRefusal = 'unsigned' | 'bad_signature' | 'malformed' | 'wrong_feed' | 'tampered';

export interface StationUpdaterOptions {
  installer: Installer;
  /** The organisation's update public key (PEM, or SPKI DER base64); the only key whose feeds are trusted. */
  publicKey: string | KeyObject;
  /** Where downloads go (the station's data folder/updates). */
  dir: string;
  channel?: UpdateChannel;
  platform?: UpdatePlatform;
  /** The version running now (default the station's). */
  version?: string;
  /**
   * Take only the feed's file with this ending (`.deb` for an installed package); default the feed's
   * `path`, the first file. A release without such a file is not taken.
   */
  artefactExtension?: string;
  /** How long a new version has after its start to report healthy (default 15 minutes). */
  healthGraceMs?: number;
  /** Whether this start is healthy (default: the station's last sync went through). */
  healthy?: () => boolean;
  /** How often the feed is read (default hourly). */
  checkEveryMs?: number;
  /** How often start()'s timer ticks (default every minute). */
  tickMs?: number;
  log?: (message: string) => void;
}

export interface UpdateStatus {
  state: UpdateState;
  lastCheckAt: string | null;
  lastRefusal: { reason: UpdateRefusal; message: string; at: string } | null;
}

class Refused extends Error {
  constructor(
    readonly reason: UpdateRefusal,
    message: string,
  ) {
    super(message);
  }
}

function readKey(key: string | KeyObject): KeyObject {
  const object =
    typeof key !== 'string'
      ? key
      : key.includes('-----BEGIN')
        ? createPublicKey(key)
        : createPublicKey({ key: Buffer.from(key.trim(), 'base64'), format: 'der', type: 'spki' });
  if (object.asymmetricKeyType !== 'ed25519')
    throw new Error('The update public key must be an Ed25519 key.');
  return object;
}

export { inQuietWindow };

export class StationUpdater {
  private readonly key: KeyObject;
  private readonly version: string;
  private readonly channel: UpdateChannel;
  private readonly platform: UpdatePlatform;
  private lastCheck = 0;
  private lastCheckAt: string | null = null;
  private lastRefusal: UpdateStatus['lastRefusal'] = null;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly core: StationCore,
    private readonly options: StationUpdaterOptions,
  ) {
    this.key = readKey(options.publicKey);
    this.version = options.version ?? core.version;
    this.channel = options.channel ?? 'stable';
    this.platform = options.platform ?? 'linux';
  }

  status(): UpdateStatus {
    return { state: this.state(), lastCheckAt: this.lastCheckAt, lastRefusal: this.lastRefusal };
  }

  /** Ticks every tickMs until stop(): confirms or rolls back a new start, checks the feed, installs. */
  start(): void {
    if (this.timer) return;
    const tick = () => void this.tick().catch((e: unknown) => this.log(`update tick failed: ${String(e)}`));
    this.timer = setInterval(tick, this.options.tickMs ?? 60_000);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One step; one at a time (a tick while another runs waits for it). */
  tick(): Promise<void> {
    this.running ??= this.step().finally(() => (this.running = undefined));
    return this.running;
  }

  private async step(): Promise<void> {
    const now = this.core.now();
    const state = this.state();
    if (state.phase === 'installing') return this.afterInstall(state, now);
    if (now.getTime() - this.lastCheck >= (this.options.checkEveryMs ?? 3_600_000)) await this.check();
    const ready = this.state();
    if (ready.phase === 'downloaded') await this.installIfQuiet(ready, now);
  }

  /**
   * Reads the feed the server offers this station; downloads and verifies a newer release. Refusals are
   * recorded and the station stays on what it runs. Returns the state after the check.
   */
  async check(): Promise<UpdateState> {
    const server = syncServerSettings(this.core);
    if (!server) return this.state();
    const now = this.core.now();
    this.lastCheck = now.getTime();
    this.lastCheckAt = now.toISOString();
    const headers = { authorization: `Bearer ${server.credential}` };
    const base = new URL('/updates/', server.serverUrl);
    try {
      const response = await fetch(new URL(feedFileName(this.channel, this.platform), base), {
        headers,
        signal: AbortSignal.timeout(30_000),
      });
      if (response.status === 404) return this.state(); // nothing offered to this station
      if (!response.ok) throw new Error(`The sync server answered ${response.status} for the update feed.`);
      const text = await response.text();
      const signature = response.headers.get(FEED_SIGNATURE_HEADER);
      const feed = this.verifiedFeed(text, signature);
      const state = this.state();
      if (compareVersions(feed.version, this.version) <= 0) return state;
      if (state.failedVersions.includes(feed.version)) return state;
      if (state.phase === 'downloaded' && state.version === feed.version) return state;
      // verifiedFeed refused a feed without a signature.
      const signed = { text, signature: signature ?? '' };
      return await this.download(feed, signed, base, headers, state.failedVersions);
    } catch (error) {
      if (!(error instanceof Refused)) {
        this.log(`update check failed: ${error instanceof Error ? error.message : String(error)}`);
        return this.state();
      }
      this.refuse(error);
      return this.state();
    }
  }

  /** The feed, if `signature` is the organisation key's signature of exactly `text`; throws Refused. */
  private verifiedFeed(text: string, signature: string | null): UpdateFeed {
    if (!signature) throw new Refused('unsigned', 'The update feed carries no signature.');
    if (!verify(null, Buffer.from(text), this.key, Buffer.from(signature, 'base64')))
      throw new Refused('bad_signature', 'The update feed is not signed by the organisation update key.');
    let feed: UpdateFeed;
    try {
      feed = updateFeedSchema.parse(JSON.parse(text));
    } catch {
      throw new Refused('malformed', 'The signed update feed cannot be read.');
    }
    if (feed.channel !== this.channel || feed.platform !== this.platform)
      throw new Refused(
        'wrong_feed',
        `The signed feed is for ${feed.channel}/${feed.platform}, not ${this.channel}/${this.platform}.`,
      );
    return feed;
  }

  private async download(
    feed: UpdateFeed,
    signed: SignedFeed,
    base: URL,
    headers: Record<string, string>,
    failedVersions: string[],
  ): Promise<UpdateState> {
    const { artefactExtension } = this.options;
    const entry = artefactExtension
      ? feed.files.find((f) => f.url.endsWith(artefactExtension))
      : (feed.files.find((f) => f.url === feed.path) ?? feed.files[0]);
    if (!entry) {
      this.log(`update ${feed.version} has no ${artefactExtension} file for this installation; not taken`);
      return this.state();
    }
    mkdirSync(this.options.dir, { recursive: true, mode: 0o700 });
    const file = path.join(this.options.dir, entry.url);
    const part = `${file}.part`;
    try {
      const response = await fetch(new URL(encodeURIComponent(entry.url), base), { headers });
      if (!response.ok || !response.body)
        throw new Error(`The sync server answered ${response.status} for ${entry.url}.`);
      const hash = createHash('sha512');
      let size = 0;
      await pipeline(
        Readable.fromWeb(response.body as WebReadableStream),
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > entry.size)
              throw new Refused('tampered', `${entry.url} is larger than the signed feed says.`);
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(part, { mode: 0o600 }),
      );
      if (size !== entry.size || hash.digest('base64') !== entry.sha512)
        throw new Refused(
          'tampered',
          `${entry.url} is not the file the signed feed describes (SHA-512 differs).`,
        );
      renameSync(part, file);
    } finally {
      rmSync(part, { force: true });
    }
    const next: UpdateState = {
      phase: 'downloaded',
      version: feed.version,
      file,
      sha512: entry.sha512,
      downloadedAt: this.core.now().toISOString(),
      failedVersions,
      feed: signed,
    };
    this.write(next, 'update.download', 'ok', { version: feed.version, file: entry.url, size: entry.size });
    return next;
  }

  private async installIfQuiet(state: Extract<UpdateState, { phase: 'downloaded' }>, now: Date) {
    if (compareVersions(state.version, this.version) <= 0) {
      this.write({ phase: 'idle', failedVersions: state.failedVersions }, 'update.superseded', 'ok', {
        version: state.version,
        running: this.version,
      });
      return;
    }
    // Outside the quiet window, or a visitor on site: the same test the fleet view reports (./pending.ts).
    const quiet = installWait(this.core.db, this.core.stationId, now);
    if (!quiet || quiet.wait) return;
    const updateWindow = quiet.window;
    const release: VerifiedRelease = {
      version: state.version,
      file: state.file,
      sha512: state.sha512,
      previousVersion: this.version,
      ...(state.feed ? { feed: state.feed } : {}),
    };
    // Recorded before the installer runs: it may end this process.
    this.write(
      {
        phase: 'installing',
        version: state.version,
        previousVersion: this.version,
        startedAt: now.toISOString(),
        failedVersions: state.failedVersions,
      },
      'update.install',
      'ok',
      { version: state.version, previousVersion: this.version, window: updateWindow },
    );
    try {
      await this.options.installer.install(release);
    } catch (error) {
      // Not installed (the feed moved on, a download failed): start again from the next check.
      const message = error instanceof Error ? error.message : String(error);
      this.write({ phase: 'idle', failedVersions: state.failedVersions }, 'update.failed', 'refused', {
        version: state.version,
        message: message.slice(0, 300),
      });
    }
  }

  /** After an install: the new version confirms itself once healthy, or is rolled back after the grace. */
  private async afterInstall(state: Extract<UpdateState, { phase: 'installing' }>, now: Date) {
    const grace = this.options.healthGraceMs ?? 15 * 60_000;
    const overdue = now.getTime() - Date.parse(state.startedAt) > grace;
    const details = { version: state.version, previousVersion: state.previousVersion };
    if (this.version === state.version) {
      if (this.healthy()) {
        this.write({ phase: 'idle', failedVersions: state.failedVersions }, 'update.confirm', 'ok', details);
      } else if (overdue) {
        const failedVersions = [...state.failedVersions, state.version];
        const rollback: UpdateRollback = {
          failedVersion: state.version,
          to: state.previousVersion,
          at: now.toISOString(),
          problem: null,
        };
        this.write({ phase: 'idle', failedVersions, rollback }, 'update.rollback', 'refused', {
          ...details,
          reason: 'not healthy after start',
        });
        try {
          await this.options.installer.rollback({
            version: state.previousVersion,
            failedVersion: state.version,
          });
        } catch (error) {
          // It stays on the failed version: the fleet view says so, and someone must reinstall by hand.
          const problem = (error instanceof Error ? error.message : String(error)).slice(0, 300);
          this.write(
            { phase: 'idle', failedVersions, rollback: { ...rollback, problem } },
            'update.failed',
            'refused',
            { ...details, message: problem },
          );
        }
      }
    } else if (overdue) {
      // Still (or again) on another version long after the install: it did not take.
      this.write(
        { phase: 'idle', failedVersions: [...state.failedVersions, state.version] },
        'update.failed',
        'refused',
        { ...details, running: this.version },
      );
    }
  }

  private healthy(): boolean {
    if (this.options.healthy) return this.options.healthy();
    const sync = this.core.sync.status();
    return (
      sync.online && sync.lastSyncAt !== null && Date.parse(sync.lastSyncAt) >= this.core.startedAt.getTime()
    );
  }

  private state(): UpdateState {
    return (
      settingsRepo.get<UpdateState>(this.core.db, 'station', STATE_KEY) ?? {
        phase: 'idle',
        failedVersions: [],
      }
    );
  }

  private write(
    next: UpdateState,
    action: string,
    outcome: 'ok' | 'refused',
    details: Record<string, unknown>,
  ) {
    const { db, stationId } = this.core;
    const at = this.core.now().toISOString();
    db.$client.transaction(() => {
      settingsRepo.set(db, 'station', STATE_KEY, next, at);
      appendAudit(db, { at, stationId, actorId: null, role: 'station', action, outcome, details });
    })();
    this.log(`${action} ${JSON.stringify(details)}`);
  }

  /** A refused feed or file: audited once per distinct refusal, kept as lastRefusal; nothing else changes. */
  private refuse(error: Refused) {
    const at = this.core.now().toISOString();
    const repeat = this.lastRefusal?.reason === error.reason && this.lastRefusal.message === error.message;
    this.lastRefusal = { reason: error.reason, message: error.message, at };
    if (repeat) return;
    const { db, stationId } = this.core;
    db.$client.transaction(() => {
      appendAudit(db, {
        at,
        stationId,
        actorId: null,
        role: 'station',
        action: 'update.refuse',
        outcome: 'refused',
        details: { reason: error.reason, message: error.message },
      });
    })();
    this.log(`update refused: ${error.message}`);
  }

  private log(message: string) {
    this.options.log?.(message);
  }
}
