// The update feed the sync server serves to stations (docs/updates.md): electron-updater's generic-provider
// channel file (latest-linux.yml, beta-linux.yml, latest.yml, …) written as JSON, which YAML 1.2 reads as
// it is, so electron-updater and the station read the very bytes the organisation key signed.
import { z } from 'zod';

export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

export const UPDATE_PLATFORMS = ['linux', 'linux-arm64', 'win', 'mac'] as const;
export type UpdatePlatform = (typeof UPDATE_PLATFORMS)[number];

/** The response header carrying the feed's detached Ed25519 signature (base64), as `<feed>.sig` does. */
export const FEED_SIGNATURE_HEADER = 'x-gatehouse-feed-signature';

/** major.minor.patch with an optional pre-release (1.4.0, 1.5.0-beta.2); no build metadata. */
export const VERSION_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
export const versionSchema = z.string().regex(VERSION_PATTERN, 'a version such as 1.4.0 or 1.5.0-beta.2');

/** A file name an artefact may have on the server and in the feed: no folders, no leading dot. */
export const ARTEFACT_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$/;

/** Semantic-version order: negative when a < b. A pre-release comes before its release. */
export function compareVersions(a: string, b: string): number {
  const pa = VERSION_PATTERN.exec(a);
  const pb = VERSION_PATTERN.exec(b);
  if (!pa || !pb) throw new Error(`Not a version: ${pa ? b : a}`);
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return d;
  }
  const [ra, rb] = [pa[4], pb[4]];
  if (ra === rb) return 0;
  if (ra === undefined) return 1;
  if (rb === undefined) return -1;
  const xa = ra.split('.');
  const xb = rb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    const [x, y] = [xa[i], xb[i]];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The channel file electron-updater asks for: stable is its default channel "latest". */
export function feedFileName(channel: UpdateChannel, platform: UpdatePlatform): string {
  const prefix = channel === 'stable' ? 'latest' : channel;
  const suffix = { linux: '-linux', 'linux-arm64': '-linux-arm64', win: '', mac: '-mac' }[platform];
  return `${prefix}${suffix}.yml`;
}

/** The channel and platform a feed file name stands for, or null for any other name. */
export function parseFeedFileName(name: string): { channel: UpdateChannel; platform: UpdatePlatform } | null {
  for (const channel of UPDATE_CHANNELS)
    for (const platform of UPDATE_PLATFORMS)
      if (feedFileName(channel, platform) === name) return { channel, platform };
  return null;
}

const sha512Base64 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a SHA-512 digest in base64');

/**
 * One release as its feed says it: electron-updater's UpdateInfo fields, plus the channel and platform
 * it was published for, so a feed signed for beta cannot be served as stable.
 */
export const updateFeedSchema = z.object({
  version: versionSchema,
  files: z
    .array(
      z.object({
        url: z.string().regex(ARTEFACT_NAME, 'a plain file name'),
        sha512: sha512Base64,
        size: z.number().int().positive(),
      }),
    )
    .min(1)
    .max(8),
  path: z.string().regex(ARTEFACT_NAME),
  sha512: sha512Base64,
  releaseDate: z.iso.datetime(),
  channel: z.enum(UPDATE_CHANNELS),
  platform: z.enum(UPDATE_PLATFORMS),
});
export type UpdateFeed = z.infer<typeof updateFeedSchema>;

/** The feed's bytes as they are signed and served: compact JSON, one line. */
export function feedText(feed: UpdateFeed): string {
  return `${JSON.stringify(feed)}\n`;
}
