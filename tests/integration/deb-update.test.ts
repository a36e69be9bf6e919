// .deb updates and their rollback, for real: the station's deb installer (src/main/updates/deb-installer.ts)
// runs the root helper the package ships (build/linux/gatehouse-deb-update) as a child process, which
// installs real packages built with dpkg-deb through Debian's dpkg into a throwaway root (dpkg --root; the
// helper's GATEHOUSE_UPDATE_ROOT, honoured only outside sudo). Feeds are signed with a real Ed25519 key by
// the code `publish` runs. The refusals come first: each leaves the installed version and the kept
// packages as they were.
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { debInstaller } from '../../src/main/updates/deb-installer';
import type { SignedFeed, VerifiedRelease } from '../../src/main/updates/installer';
import { buildFeed, signFeed } from '../../src/server/updates/publish';
import { feedText } from '../../src/shared/updates';

const HELPER = path.resolve('build/linux/gatehouse-deb-update');

let dir: string;
let root: string;
let org: KeyObject;
let restarts: number;
let logs: string[];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-deb-update-'));
  root = path.join(dir, 'root');
  for (const sub of ['var/lib/dpkg/info', 'var/lib/dpkg/updates', 'etc/gatehouse'])
    mkdirSync(path.join(root, sub), { recursive: true });
  for (const file of ['status', 'available']) writeFileSync(path.join(root, 'var/lib/dpkg', file), '');
  const keys = generateKeyPairSync('ed25519');
  org = keys.privateKey;
  // Root's own copy of the organisation's public key, as an IT person puts it there.
  writeFileSync(
    path.join(root, 'etc/gatehouse/update-key.pub'),
    keys.publicKey.export({ type: 'spki', format: 'pem' }),
  );
  restarts = 0;
  logs = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A package as the .deb target lays one out, reduced to a file that says its version. */
function deb(version: string, options: { name?: string; file?: string; filler?: string } = {}): string {
  const tree = path.join(dir, `tree-${version}-${options.name ?? 'gatehouse'}-${options.filler ?? ''}`);
  mkdirSync(path.join(tree, 'DEBIAN'), { recursive: true });
  mkdirSync(path.join(tree, 'opt/Gatehouse'), { recursive: true });
  writeFileSync(
    path.join(tree, 'DEBIAN/control'),
    [
      `Package: ${options.name ?? 'gatehouse'}`,
      `Version: ${version}`,
      'Architecture: all',
      'Maintainer: Gatehouse <station@gatehouse.example>',
      'Description: Gatehouse station (test build)',
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(tree, 'opt/Gatehouse/version'), `${version}${options.filler ?? ''}\n`);
  const out = path.join(dir, options.file ?? `gatehouse_${version}_all.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '-Znone', '--build', tree, out], { stdio: 'pipe' });
  return out;
}

/** The signed feed `publish` would serve for this file, and the release the updater hands the installer. */
async function release(
  version: string,
  file: string,
  previousVersion: string,
  key = org,
): Promise<VerifiedRelease & { feed: SignedFeed }> {
  const feed = await buildFeed({
    version,
    channel: 'stable',
    platform: 'linux',
    files: [file],
    releaseDate: new Date(0),
  });
  const text = feedText(feed);
  return {
    version,
    file,
    sha512: feed.sha512,
    previousVersion,
    feed: { text, signature: signFeed(text, key) },
  };
}

const installer = () =>
  debInstaller({
    helper: ['sh', HELPER],
    dir: path.join(dir, 'station-updates'),
    env: { ...process.env, GATEHOUSE_UPDATE_ROOT: root },
    restart: () => void restarts++,
    log: (message) => logs.push(message),
  });

const dpkg = (...args: string[]) =>
  spawnSync('dpkg', [`--root=${root}`, '--force-not-root', '--log=/dev/null', ...args], { encoding: 'utf8' });
const installedVersion = () => /^Version: (.*)$/m.exec(dpkg('-s', 'gatehouse').stdout)?.[1];
const installedFile = () => readFileSync(path.join(root, 'opt/Gatehouse/version'), 'utf8').trim();
const kept = () => readdirSync(path.join(root, 'var/lib/gatehouse-update')).sort();
const helper = (args: string[], env: Record<string, string> = {}) =>
  spawnSync('sh', [HELPER, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GATEHOUSE_UPDATE_ROOT: root, ...env },
  });

/** 1.0.0 installed by hand by IT, and kept by them so the first update can be rolled back. */
function installedByHand() {
  const first = deb('1.0.0');
  expect(dpkg('-i', first).status).toBe(0);
  const keep = helper(['keep', first]);
  expect(keep.stderr).toBe('');
  expect(keep.stdout.trim()).toBe('kept 1.0.0');
  return first;
}

describe('the .deb update helper refuses', () => {
  it('a feed not signed by the organisation key, a swapped package, another package, no newer version', async () => {
    installedByHand();
    const next = deb('1.1.0');
    const unchanged = () => {
      expect(installedVersion()).toBe('1.0.0');
      expect(installedFile()).toBe('1.0.0');
      expect(kept()).toEqual(['gatehouse_1.0.0.deb']);
      expect(restarts).toBe(0);
    };
    const refusals: [Promise<VerifiedRelease & { feed: SignedFeed }>, RegExp][] = [
      [
        release('1.1.0', next, '1.0.0', generateKeyPairSync('ed25519').privateKey),
        /not signed by the organisation's update key/,
      ],
      // A feed signed for one file, handed another build of the same version.
      [
        release('1.1.0', next, '1.0.0').then((r) => ({
          ...r,
          file: deb('1.1.0', { filler: '-evil', file: 'evil.deb' }),
        })),
        /not the file the signed feed describes/,
      ],
      [release('1.1.0', deb('1.1.0', { name: 'rootkit', file: 'rootkit.deb' }), '1.0.0'), /not gatehouse/],
      [
        release('1.0.0', deb('1.0.0', { file: 'again.deb' }), '1.0.0'),
        /1\.0\.0 is not newer than the installed 1\.0\.0/,
      ],
    ];
    for (const [made, reason] of refusals) {
      await expect(installer().install(await made)).rejects.toThrow(reason);
      unchanged();
    }
    // A signature that is not even base64, and a release without its signed feed.
    const good = await release('1.1.0', next, '1.0.0');
    await expect(installer().install({ ...good, feed: { ...good.feed, signature: '%%%' } })).rejects.toThrow(
      /not signed|not base64/,
    );
    const { feed: _feed, ...unsigned } = good;
    await expect(installer().install(unsigned)).rejects.toThrow(/kept no signed feed/);
    unchanged();
  });

  it('a rollback to a version it did not replace, and keep through sudo', async () => {
    const first = installedByHand();
    await expect(installer().rollback({ version: '1.0.0', failedVersion: '1.1.0' })).rejects.toThrow(
      /no package of 1\.0\.0 is kept/,
    );
    const sudo = helper(['keep', first], { SUDO_USER: 'kiosk' });
    expect(sudo.status).toBe(1);
    expect(sudo.stderr).toMatch(/keep is for root itself, not through sudo/);
    expect(helper(['install', 'only-one-argument']).status).toBe(2);
    expect(installedVersion()).toBe('1.0.0');
  });
});

describe('a .deb update', () => {
  it('installs N+1, goes back to N when told, and only once', async () => {
    installedByHand();
    const next = await release('1.1.0', deb('1.1.0'), '1.0.0');
    await installer().install(next);
    expect(installedVersion()).toBe('1.1.0');
    expect(installedFile()).toBe('1.1.0');
    expect(restarts).toBe(1);
    expect(logs).toContain('installed 1.1.0 (previous: 1.0.0)');
    expect(kept()).toEqual(['gatehouse_1.0.0.deb', 'gatehouse_1.1.0.deb', 'previous']);

    // 1.1.0 did not start healthy: the updater asks to go back.
    await installer().rollback({ version: '1.0.0', failedVersion: '1.1.0' });
    expect(installedVersion()).toBe('1.0.0');
    expect(installedFile()).toBe('1.0.0');
    expect(restarts).toBe(2);
    expect(logs).toContain('back on 1.0.0');
    // Once: the kiosk user cannot use the helper to step back again.
    await expect(installer().rollback({ version: '1.0.0', failedVersion: '1.1.0' })).rejects.toThrow(
      /no package of 1\.0\.0 is kept/,
    );

    // The next good release installs over N, and N (kept since IT kept it) is what it would go back to.
    await installer().install(await release('1.2.0', deb('1.2.0'), '1.0.0'));
    expect(installedVersion()).toBe('1.2.0');
    expect(kept()).toEqual(['gatehouse_1.0.0.deb', 'gatehouse_1.2.0.deb', 'previous']);
  });

  it('installs the first update even when IT kept nothing, and then cannot go back', async () => {
    expect(dpkg('-i', deb('1.0.0')).status).toBe(0);
    await installer().install(await release('1.1.0', deb('1.1.0'), '1.0.0'));
    expect(installedVersion()).toBe('1.1.0');
    await expect(installer().rollback({ version: '1.0.0', failedVersion: '1.1.0' })).rejects.toThrow(
      /no package of 1\.0\.0 is kept to go back to \(reinstall it by hand\)/,
    );
    expect(installedVersion()).toBe('1.1.0');
  });
});
