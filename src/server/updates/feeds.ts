// The update feeds the sync server hosts (docs/updates.md): releases per channel and platform, each with
// its channel file as the publisher signed it; a rollout percentage per release and a pinned version per
// site decide which signed feed a station is served. The server holds no signing key: it stores and
// serves signatures, and refuses a release whose signature or artefacts do not match (when it knows the
// organisation's public key), so a mistake is caught at publishing, not at every station.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { SyncError } from '../../shared/sync';
import {
  ARTEFACT_NAME,
  UPDATE_CHANNELS,
  UPDATE_PLATFORMS,
  compareVersions,
  feedText,
  updateFeedSchema,
  versionSchema,
  type UpdateChannel,
  type UpdatePlatform,
} from '../../shared/updates';
import { parse } from '../service';
import type { StationRecord } from '../store';
import type { ReleaseKey, ReleaseRow, UpdateStore } from './store';

/** Largest artefact the server accepts (an AppImage is about 150 MB). */
export const MAX_ARTEFACT_BYTES = 1024 * 1024 * 1024;

/**
 * Whether a station is in a release's staged rollout: the first four bytes of SHA-256(stationId + version)
 * mod 100 below the percentage. Deterministic (the same answer at every poll), different per release (not
 * always the same stations first), and monotonic: raising the percentage only adds stations.
 */
export function inRollout(stationId: string, version: string, percentage: number): boolean {
  const bucket =
    createHash('sha256')
      .update(stationId + version)
      .digest()
      .readUInt32BE(0) % 100;
  return bucket < percentage;
}

const publishSchema = z.object({
  feed: z.string().max(64 * 1024),
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'an Ed25519 signature in base64'),
  rollout: z.number().int().min(0).max(100).default(100),
});
const rolloutSchema = z.object({
  channel: z.enum(UPDATE_CHANNELS),
  platform: z.enum(UPDATE_PLATFORMS).default('linux'),
  version: versionSchema,
  rollout: z.number().int().min(0).max(100),
});
const pinSchema = z.object({ version: versionSchema.nullable() });

export interface ReleaseView {
  channel: UpdateChannel;
  platform: string;
  version: string;
  rollout: number;
  files: { url: string; size: number }[];
  publishedAt: string;
  updatedAt: string;
}

export interface UpdateFeedsOptions {
  /** Where artefacts are kept (the server's data folder/updates). */
  dir: string;
  /** The organisation's public key (PEM or SPKI base64); when given, releases must be signed by it. */
  publicKey?: string;
  now?: () => Date;
}

/** Reads a PEM or base64 SPKI Ed25519 public key; throws a plain sentence otherwise. */
export function readPublicKey(text: string): KeyObject {
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN')
      ? createPublicKey(text)
      : createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new Error('The update public key is not a valid public key (PEM or SPKI base64).');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('The update public key must be an Ed25519 key.');
  return key;
}

export class UpdateFeeds {
  private readonly publicKey: KeyObject | undefined;
  private readonly now: () => Date;

  constructor(
    private readonly store: UpdateStore,
    private readonly options: UpdateFeedsOptions,
  ) {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.publicKey = options.publicKey ? readPublicKey(options.publicKey) : undefined;
    this.now = options.now ?? (() => new Date());
  }

  private artefactPath(name: string): string {
    if (!ARTEFACT_NAME.test(name))
      throw new SyncError('invalid_input', `"${name}" is not a plain file name.`);
    return path.join(this.options.dir, name);
  }

  private entry(action: string, details: Record<string, unknown>) {
    return { at: this.now().toISOString(), action, details };
  }

  /**
   * Stores an uploaded artefact under its name. Uploading the same bytes again is harmless; other bytes
   * under a name already stored are refused (a published feed points at it).
   */
  async storeArtefact(name: string, body: Readable): Promise<{ name: string; size: number; sha512: string }> {
    const target = this.artefactPath(name);
    const part = path.join(this.options.dir, `.${name}.${process.pid}.${Date.now()}.part`);
    const hash = createHash('sha512');
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > MAX_ARTEFACT_BYTES)
              throw new SyncError('invalid_input', `An artefact may be at most ${MAX_ARTEFACT_BYTES} bytes.`);
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(part, { mode: 0o600 }),
      );
      if (size === 0) throw new SyncError('invalid_input', 'The artefact is empty.');
      const sha512 = hash.digest('base64');
      if (existsSync(target)) {
        const existing = await sha512Of(target);
        if (existing !== sha512)
          throw new SyncError(
            'forbidden',
            `An artefact named ${name} with other contents is already stored; give the new build a new name.`,
          );
        rmSync(part, { force: true });
      } else {
        renameSync(part, target);
        await this.store.record(this.entry('artefact.store', { name, size, sha512 }));
      }
      return { name, size, sha512 };
    } finally {
      rmSync(part, { force: true });
    }
  }

  /** A release as the publisher signed it; its artefacts must already be stored with the digests it names. */
  async publish(body: unknown): Promise<ReleaseView> {
    const input = parse(publishSchema, body);
    let json: unknown;
    try {
      json = JSON.parse(input.feed);
    } catch {
      throw new SyncError(
        'invalid_input',
        'The feed is not the JSON channel file the publish command writes.',
      );
    }
    const feed = parse(updateFeedSchema, json);
    if (feedText(feed) !== input.feed)
      throw new SyncError('invalid_input', 'The feed is not in the form the publish command writes.');
    if (
      this.publicKey &&
      !verify(null, Buffer.from(input.feed), this.publicKey, Buffer.from(input.signature, 'base64'))
    )
      throw new SyncError(
        'forbidden',
        'The feed is not signed by the organisation update key this server knows; stations would refuse it.',
      );
    for (const file of feed.files) {
      const stored = this.artefactPath(file.url);
      if (!existsSync(stored))
        throw new SyncError(
          'invalid_input',
          `Upload the artefact ${file.url} before publishing its release.`,
        );
      if (statSync(stored).size !== file.size || (await sha512Of(stored)) !== file.sha512)
        throw new SyncError('invalid_input', `The stored ${file.url} is not the file the feed describes.`);
    }
    const at = this.now().toISOString();
    const key = { channel: feed.channel, platform: feed.platform, version: feed.version };
    const added = await this.store.addRelease(
      {
        ...key,
        feed: input.feed,
        signature: input.signature,
        rollout: input.rollout,
        publishedAt: at,
        updatedAt: at,
      },
      this.entry('release.publish', { ...key, rollout: input.rollout, files: feed.files.map((f) => f.url) }),
    );
    if (!added)
      throw new SyncError(
        'forbidden',
        `Version ${feed.version} is already published on ${feed.channel} for ${feed.platform}; publish a new version.`,
      );
    return (await this.release(key))!;
  }

  /** Changes how many stations a release is offered to (0 stops it; stations that installed it keep it). */
  async setRollout(body: unknown): Promise<ReleaseView> {
    const input = parse(rolloutSchema, body);
    const key = { channel: input.channel, platform: input.platform, version: input.version };
    const changed = await this.store.setRollout(
      key,
      input.rollout,
      this.now().toISOString(),
      this.entry('release.rollout', { ...key, rollout: input.rollout }),
    );
    if (!changed)
      throw new SyncError(
        'not_found',
        `Version ${input.version} is not published on ${input.channel} for ${input.platform}.`,
      );
    return (await this.release(key))!;
  }

  /** Holds a site on a published version (null: follow its channel again). */
  async pin(siteId: string, body: unknown): Promise<{ siteId: string; version: string | null }> {
    const { version } = parse(pinSchema, body);
    const outcome = await this.store.pin(
      siteId,
      version,
      this.now().toISOString(),
      this.entry(version === null ? 'site.unpin' : 'site.pin', { siteId, version }),
    );
    if (outcome === 'no_site') throw new SyncError('not_found', `There is no site ${siteId}.`);
    if (outcome === 'no_release')
      throw new SyncError(
        'not_found',
        `Version ${version} has not been published; publish it before pinning a site to it.`,
      );
    return { siteId, version };
  }

  /** Every release (newest first), the pins, and the latest changes, for the admin API. */
  async overview() {
    const releases = (await this.store.releases())
      .sort((a, b) => compareVersions(b.version, a.version))
      .map((r) => this.view(r));
    return { releases, pins: await this.store.pins(), history: await this.store.history(50) };
  }

  /**
   * The signed feed a station is served on a channel and platform: its site's pinned version when the site
   * has one (on that channel, else on any), otherwise the newest release whose rollout includes it.
   * null when there is none (the station keeps what it runs).
   */
  async feedFor(
    station: StationRecord,
    channel: UpdateChannel,
    platform: UpdatePlatform,
  ): Promise<{ feed: string; signature: string; version: string } | null> {
    const rows = await this.store.releases(platform);
    const pin = await this.store.pinOf(station.siteId);
    if (pin) {
      const pinned = rows.filter((r) => r.version === pin.version);
      return pinned.find((r) => r.channel === channel) ?? pinned[0] ?? null;
    }
    return (
      rows
        .filter((r) => r.channel === channel && inRollout(station.id, r.version, r.rollout))
        .sort((a, b) => compareVersions(b.version, a.version))[0] ?? null
    );
  }

  /** A stored artefact to stream to a station; not_found for a name not stored. */
  artefact(name: string): { stream: Readable; size: number } {
    const file = this.artefactPath(name);
    if (!existsSync(file)) throw new SyncError('not_found', `There is no update file ${name}.`);
    return { stream: createReadStream(file), size: statSync(file).size };
  }

  private async release(key: ReleaseKey): Promise<ReleaseView | undefined> {
    const row = await this.store.release(key);
    return row && this.view(row);
  }

  private view(row: ReleaseRow): ReleaseView {
    const feed = updateFeedSchema.parse(JSON.parse(row.feed));
    return {
      channel: row.channel,
      platform: row.platform,
      version: row.version,
      rollout: row.rollout,
      files: feed.files.map((f) => ({ url: f.url, size: f.size })),
      publishedAt: row.publishedAt,
      updatedAt: row.updatedAt,
    };
  }
}

async function sha512Of(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}
