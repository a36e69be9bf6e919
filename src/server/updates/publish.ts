// The publisher's side of updates (docs/updates.md), run on the IT person's machine, not on the server:
// `update-key` makes the organisation's Ed25519 key pair, `publish` describes the build files in a channel
// file, signs it with the private key and uploads both to the sync server. The private key never leaves
// the publisher's machine; the server and the stations get only the public half.
import { createHash, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { feedText, type UpdateChannel, type UpdateFeed, type UpdatePlatform } from '../../shared/updates';

export const PRIVATE_KEY_FILE = 'update-key.pem';
export const PUBLIC_KEY_FILE = 'update-key.pub';

/** Makes the key pair in `dir`: the private key owner-only (0600), the public key to hand out. Never overwrites. */
export function generateUpdateKey(dir: string): { privateKeyFile: string; publicKeyFile: string } {
  const privateKeyFile = path.join(dir, PRIVATE_KEY_FILE);
  const publicKeyFile = path.join(dir, PUBLIC_KEY_FILE);
  for (const file of [privateKeyFile, publicKeyFile])
    if (existsSync(file))
      throw new Error(`${file} already exists; an update key is made once (stations trust its public half).`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
    flag: 'wx',
  });
  writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), {
    mode: 0o644,
    flag: 'wx',
  });
  return { privateKeyFile, publicKeyFile };
}

/** Reads the private update key; refuses a file others may read, and anything but Ed25519. */
export function readPrivateKey(file: string): KeyObject {
  let text: string;
  try {
    if ((statSync(file).mode & 0o077) !== 0)
      throw new Error(`${file} may be read by others; make it owner-only (chmod 600) first.`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    throw new Error(`Cannot read the update key ${file}: ${code}.`, { cause: error });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    throw new Error(`${file} is not a private key (make one with \`npm run server -- update-key\`).`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 key.`);
  return key;
}

async function describe(file: string): Promise<{ url: string; sha512: string; size: number }> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { url: path.basename(file), sha512: hash.digest('base64'), size: statSync(file).size };
}

/** The channel file for the build files (the first is the one electron-updater installs). */
export async function buildFeed(input: {
  version: string;
  channel: UpdateChannel;
  platform: UpdatePlatform;
  files: string[];
  releaseDate: Date;
}): Promise<UpdateFeed> {
  const files = await Promise.all(input.files.map(describe));
  return {
    version: input.version,
    files,
    path: files[0]!.url,
    sha512: files[0]!.sha512,
    releaseDate: input.releaseDate.toISOString(),
    channel: input.channel,
    platform: input.platform,
  };
}

/** The detached signature of a feed's exact bytes, base64. */
export const signFeed = (text: string, key: KeyObject): string =>
  sign(null, Buffer.from(text), key).toString('base64');

export interface PublishInput {
  server: string;
  adminToken: string;
  key: KeyObject;
  version: string;
  channel: UpdateChannel;
  platform: UpdatePlatform;
  files: string[];
  rollout: number;
  releaseDate: Date;
}

/** Uploads the files, then the signed feed; the release is live (for `rollout` per cent) when this returns. */
export async function publishRelease(input: PublishInput): Promise<{ feed: string; signature: string }> {
  const feed = feedText(await buildFeed(input));
  const signature = signFeed(feed, input.key);
  const headers = { authorization: `Bearer ${input.adminToken}` };
  const answer = async (response: Response, what: string) => {
    if (response.ok) return;
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new Error(
      `${what}: the server answered ${response.status}: ${body.message ?? response.statusText}`,
    );
  };
  for (const file of input.files) {
    const url = new URL(`/admin/updates/files/${encodeURIComponent(path.basename(file))}`, input.server);
    const response = await fetch(url, {
      method: 'PUT',
      headers: {
        ...headers,
        'content-type': 'application/octet-stream',
        'content-length': String(statSync(file).size),
      },
      body: Readable.toWeb(createReadStream(file)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    await answer(response, `Uploading ${path.basename(file)}`);
  }
  const response = await fetch(new URL('/admin/updates/releases', input.server), {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ feed, signature, rollout: input.rollout }),
  });
  await answer(response, `Publishing ${input.version}`);
  return { feed, signature };
}
