// Updates from the sync server, end to end (docs/updates.md): a real sync server hosting the feed, real
// enrolled stations on version N (the package's), releases N+1 published and signed with a real Ed25519
// organisation key by the publish code the CLI runs, and a recording Installer in place of Electron's.
// Refusals first: a feed signed by another key, an unsigned feed, a tampered artefact. Then the quiet
// window on the station's injected clock, the staged rollout, the site pin, confirmation and rollback.
import type { StationHealth } from '../../src/shared/sync';
import { until } from '../support/until';
import { DateTime } from 'luxon';
import { execFile } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args';
import { settingsRepo } from '../../src/db/repos/settings';
import { VERSION } from '../../src/main/core/version';
import type { Station } from '../../src/main/station';
import { syncServerSettings } from '../../src/main/sync/enroll';
import type { Installer, VerifiedRelease } from '../../src/main/updates/installer';
import { inQuietWindow, StationUpdater, type StationUpdaterOptions } from '../../src/main/updates/updater';
import { createWebHost } from '../../src/main/web/server';
import { serverCli } from '../../src/server/cli';
import { inRollout } from '../../src/server/updates/feeds';
import { generateUpdateKey, publishRelease, readPrivateKey } from '../../src/server/updates/publish';
import { FEED_SIGNATURE_HEADER, type UpdateChannel } from '../../src/shared/updates';
// electron-updater's generic-provider parsing, without Electron (these modules do not load it).
import { parseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider';
import { as } from '../support/station';
import { enrolledStations } from '../support/sync/enrolled';
import {
  adminCall,
  siteWithDirectory,
  startSyncServer,
  type RunningSyncServer,
  type SyncServerUnderTest,
} from '../support/sync/server';

const ADMIN = 'updates-admin-token';
const ZONE = 'Europe/London';

/** N+1, N+2 of the version this package is (N). */
const bump = (version: string, by: number) => {
  const [major, minor, patch] = version.split('-')[0]!.split('.').map(Number);
  return `${major}.${minor}.${patch! + by}`;
};
const NEXT = bump(VERSION, 1);
const AFTER_NEXT = bump(VERSION, 2);

/** The next local 12:00 and 02:30 in the site's zone after the real now: outside and inside 02:00–04:00. */
const noonTomorrow = () =>
  DateTime.now().setZone(ZONE).plus({ days: 1 }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
const quietTime = () => noonTomorrow().plus({ days: 1 }).set({ hour: 2, minute: 30 });

class RecordingInstaller implements Installer {
  installs: VerifiedRelease[] = [];
  rollbacks: { version: string; failedVersion: string }[] = [];
  async install(release: VerifiedRelease) {
    this.installs.push(release);
  }
  async rollback(to: { version: string; failedVersion: string }) {
    this.rollbacks.push(to);
  }
}

let dir: string;
let org: { privateKey: KeyObject; publicKeyPem: string };
let running: RunningSyncServer | undefined;
const server = { stations: [] as Station[] } as SyncServerUnderTest;
const { station, pushed } = enrolledStations(server, ADMIN);
const closers: (() => Promise<void> | void)[] = [];
let clock: Date;

/** Starts the sync server with update feeds; `knowsKey`: it checks releases against the organisation key. */
async function startServer(knowsKey = false) {
  running = await startSyncServer('updates', {
    adminToken: ADMIN,
    updates: {
      dir: path.join(dir, 'server-updates'),
      publicKey: knowsKey ? org.publicKeyPem : undefined,
    },
  });
  Object.assign(server, {
    dir: running.dir,
    store: running.store,
    app: running.server.app,
    base: running.base,
  });
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-updates-'));
  // The organisation key as `npm run server -- update-key` makes it.
  const keys = generateUpdateKey(path.join(dir, 'it-laptop'));
  org = {
    privateKey: readPrivateKey(keys.privateKeyFile),
    publicKeyPem: readFileSync(keys.publicKeyFile, 'utf8'),
  };
  clock = noonTomorrow().toJSDate();
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  for (const s of server.stations.splice(0)) await s.close();
  await running?.close();
  running = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A build file of a version: random bytes, as an AppImage would be to the updater. */
function buildFile(version: string): string {
  const file = path.join(dir, `Gatehouse-${version}.AppImage`);
  writeFileSync(file, randomBytes(256 * 1024));
  return file;
}

async function publish(
  version: string,
  options: { rollout?: number; key?: KeyObject; channel?: UpdateChannel; file?: string } = {},
) {
  const file = options.file ?? buildFile(version);
  await publishRelease({
    server: server.base,
    adminToken: ADMIN,
    key: options.key ?? org.privateKey,
    version,
    channel: options.channel ?? 'stable',
    platform: 'linux',
    files: [file],
    rollout: options.rollout ?? 100,
    releaseDate: clock,
  });
  return file;
}

/** An enrolled desk station of a new site on version N with its updater (not started: the test ticks it). */
async function updatingStation(siteName = 'Harbour', extra: Partial<StationUpdaterOptions> = {}) {
  const site = await siteWithDirectory(server.base, ADMIN, siteName, ZONE);
  const s = await station(site.id, 'desk', { now: () => clock });
  await s.sync.client?.syncNow();
  const installer = new RecordingInstaller();
  const updater = new StationUpdater(s.core, {
    installer,
    publicKey: org.publicKeyPem,
    dir: path.join(dir, `station-${s.core.stationId}`, 'updates'),
    ...extra,
  });
  return { site, station: s, installer, updater, downloads: updaterDir(updater) };
}

const updaterDir = (updater: StationUpdater) => () => {
  const folder = (updater as unknown as { options: StationUpdaterOptions }).options.dir;
  return existsSync(folder) ? readdirSync(folder) : [];
};

/**
 * A station that installed N+1 in the quiet window, and the updater of N+1 after its start, which cannot
 * sync (it fails before reaching the server): not healthy, with a grace of 10 minutes.
 */
async function installedUnhealthy() {
  await startServer(true);
  const { station: s, updater, installer } = await updatingStation();
  await publish(NEXT);
  clock = quietTime().toJSDate();
  await updater.tick();
  expect(installer.installs).toHaveLength(1);
  const dataDir = s.core.db.$client.name.replace(/\/gatehouse\.sqlite$/, '');
  const failing = new StationUpdater(s.core, {
    installer,
    publicKey: org.publicKeyPem,
    dir: path.join(dataDir, 'updates'),
    version: NEXT,
    healthGraceMs: 10 * 60_000,
    healthy: () => false,
  });
  return { station: s, installer, failing, dataDir };
}

/** The message of a station's fleet alert once its health report (sent after a good sync) shows it. */
async function fleetAlert(s: Station, code: string): Promise<string> {
  const alert = async () => {
    const { stations } = (await (
      await fetch(`${server.base}/admin/stations`, { headers: { authorization: `Bearer ${ADMIN}` } })
    ).json()) as { stations: { id: string; alerts: { code: string; message: string }[] }[] };
    return stations.find((x) => x.id === s.core.stationId)?.alerts.find((a) => a.code === code)?.message;
  };
  await s.sync.client?.syncNow();
  return until(alert, `the fleet alert ${code}`);
}

const auditActions = (s: Station) =>
  s.core.db.$client
    .prepare("SELECT action, outcome, details FROM audit_entries WHERE action LIKE 'update.%' ORDER BY seq")
    .all() as { action: string; outcome: string; details: string }[];

describe('a station refuses what the organisation did not sign', () => {
  it('refuses a feed signed by another key, downloads nothing and stays on N', async () => {
    await startServer(); // a server that does not check (or was made to serve) a release signed by someone else
    const { station: s, updater, installer, downloads } = await updatingStation();
    await publish(NEXT, { key: generateKeyPairSync('ed25519').privateKey });

    expect(await updater.check()).toMatchObject({ phase: 'idle' });
    expect(updater.status().lastRefusal).toMatchObject({ reason: 'bad_signature' });
    clock = quietTime().toJSDate();
    await updater.tick();
    expect(installer.installs).toEqual([]);
    expect(downloads()).toEqual([]);
    expect(auditActions(s)).toEqual([
      expect.objectContaining({ action: 'update.refuse', outcome: 'refused' }),
    ]);
  });

  it('refuses an unsigned feed (the signature stripped on the way)', async () => {
    await startServer();
    const { station: s, updater, installer, downloads } = await updatingStation();
    await publish(NEXT);
    // A machine in the middle passes everything on but the signature.
    const proxy = await strippingProxy(server.base);
    // The database keeps the server's address only; the credential stays in the vault.
    settingsRepo.set(s.core.db, 'station', 'sync.server', { serverUrl: proxy }, clock.toISOString());

    expect(await updater.check()).toMatchObject({ phase: 'idle' });
    expect(updater.status().lastRefusal).toMatchObject({ reason: 'unsigned' });
    expect(downloads()).toEqual([]);
    expect(installer.installs).toEqual([]);
  });

  it('refuses a tampered artefact: the file on the server is not the one the signed feed names', async () => {
    await startServer(true);
    const { updater, installer, downloads } = await updatingStation();
    const file = await publish(NEXT);
    // Someone with the server's disk swaps the build for one of the same size.
    const stored = path.join(dir, 'server-updates', path.basename(file));
    writeFileSync(stored, randomBytes(statSync(stored).size));

    expect(await updater.check()).toMatchObject({ phase: 'idle' });
    expect(updater.status().lastRefusal).toMatchObject({ reason: 'tampered' });
    expect(downloads()).toEqual([]); // the partial download is gone too
    clock = quietTime().toJSDate();
    await updater.tick();
    expect(installer.installs).toEqual([]);
  });

  it('the server refuses to publish a release not signed by the key it knows, or without its file', async () => {
    await startServer(true);
    await expect(publish(NEXT, { key: generateKeyPairSync('ed25519').privateKey })).rejects.toThrow(
      /not signed by the organisation update key/,
    );
    // A feed that is not one the publish command writes.
    const response = await fetch(`${server.base}/admin/updates/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ feed: '{"version":"9.9.9"}\n', signature: `${'A'.repeat(86)}==` }),
    });
    expect(response.status).toBe(400);
    // Without the admin token nothing is uploaded.
    const upload = await fetch(`${server.base}/admin/updates/files/Other.AppImage`, {
      method: 'PUT',
      headers: { authorization: 'Bearer wrong', 'content-type': 'application/octet-stream' },
      body: 'bytes',
    });
    expect(upload.status).toBe(401);
    const overview = (await (
      await fetch(`${server.base}/admin/updates`, { headers: { authorization: `Bearer ${ADMIN}` } })
    ).json()) as { releases: unknown[] };
    expect(overview.releases).toEqual([]);
    expect(existsSync(path.join(dir, 'server-updates', 'Other.AppImage'))).toBe(false);
    // So a station is offered nothing.
    const { updater } = await updatingStation();
    expect(await updater.check()).toMatchObject({ phase: 'idle' });
    expect(updater.status().lastRefusal).toBeNull();
  });

  it('a station without the credential of an enrolled station gets no feed', async () => {
    await startServer(true);
    await publish(NEXT);
    const response = await fetch(`${server.base}/updates/latest-linux.yml`);
    expect(response.status).toBe(401);
  });
});

describe('a station on N updates to N+1 inside its quiet window', () => {
  it('downloads in the background, waits for the window and an empty site, installs, then confirms', async () => {
    await startServer(true);
    const { site, station: s, updater, installer, downloads } = await updatingStation();
    const web = await createWebHost(s);
    closers.push(() => web.close());
    const url = await web.listen({ port: 0, host: '127.0.0.1' });
    expect(
      (
        await fetch(`${url}/api/station.status`, {
          method: 'POST',
          body: '{}',
          headers: { 'content-type': 'application/json' },
        })
      ).ok,
    ).toBe(true);

    const file = await publish(NEXT);
    // Noon: downloaded and verified, not installed.
    await updater.tick();
    expect(updater.status().state).toMatchObject({ phase: 'downloaded', version: NEXT });
    expect(downloads()).toEqual([path.basename(file)]);
    const downloaded = updater.status().state as { file: string };
    expect(readFileSync(downloaded.file)).toEqual(readFileSync(file));
    expect(installer.installs).toEqual([]);
    // The fleet view shows what it waits to install, since when and why.
    const reported = async () => {
      const { stations } = (await (
        await fetch(`${server.base}/admin/stations`, { headers: { authorization: `Bearer ${ADMIN}` } })
      ).json()) as { stations: { id: string; health: { health: StationHealth } | null }[] };
      return stations.find((x) => x.id === s.core.stationId)?.health?.health.pendingUpdate;
    };
    // The report follows a good sync without being awaited by it: poll the server for the news.
    const pending = async (expected: unknown) => {
      await s.sync.client?.syncNow();
      await until(
        async () => JSON.stringify(await reported()) === JSON.stringify(expected),
        `the pending update ${JSON.stringify(expected)}`,
      ).catch(() => {});
      return reported();
    };
    const since = (updater.status().state as { downloadedAt: string }).downloadedAt;
    const waitingForWindow = { version: NEXT, since, waitingFor: 'quiet_window' };
    expect(await pending(waitingForWindow)).toEqual(waitingForWindow);

    // 02:30 with a visitor on site: still waits.
    const reception = s.client(as('reception'));
    const visit = await reception.visits.register({
      visitor: { name: 'Ada Lovelace' },
      hostId: site.hostId,
      visitorTypeId: site.typeId,
    });
    await reception.visits.checkIn({ visitId: visit.id });
    clock = quietTime().toJSDate();
    await updater.tick();
    expect(installer.installs).toEqual([]);
    const waitingForVisitors = { version: NEXT, since, waitingFor: 'visitors_on_site' };
    expect(await pending(waitingForVisitors)).toEqual(waitingForVisitors);

    // The visitor leaves: installed, still inside the window.
    await reception.visits.checkOut({ visitId: visit.id });
    clock = quietTime().plus({ minutes: 5 }).toJSDate();
    await updater.tick();
    expect(installer.installs).toEqual([
      expect.objectContaining({ version: NEXT, previousVersion: VERSION, file: downloaded.file }),
    ]);
    // Until the restart the release is not handed over twice.
    clock = quietTime().plus({ minutes: 10 }).toJSDate();
    await updater.tick();
    expect(installer.installs).toHaveLength(1);
    expect(await pending(null)).toBeNull(); // handed to the installer: no longer pending

    // The restart on N+1: it syncs, so it reports healthy and confirms the update.
    await web.close();
    const dataDir = s.core.db.$client.name.replace(/\/gatehouse\.sqlite$/, '');
    await s.close();
    server.stations.splice(server.stations.indexOf(s), 1);
    const { startStation } = await import('../../src/main/station');
    const restarted = await startStation({ dataDir, now: () => clock, sync: { pollMs: 3_600_000 } });
    server.stations.push(restarted);
    const after = new StationUpdater(restarted.core, {
      installer,
      publicKey: org.publicKeyPem,
      dir: path.join(dataDir, 'updates'),
      version: NEXT,
    });
    await restarted.sync.client?.syncNow();
    await after.tick();
    expect(after.status().state).toMatchObject({ phase: 'idle' });
    expect(installer.rollbacks).toEqual([]);
    expect(auditActions(restarted).map((a) => a.action)).toEqual([
      'update.download',
      'update.install',
      'update.confirm',
    ]);
  });

  it('follows the window the site configured, not the default', async () => {
    await startServer(true);
    const { station: s, updater, installer } = await updatingStation();
    // An admin moves the site's window to 22:00–23:30 (a site setting, synced like any other), now: a
    // change dated a day ahead would be held by the server as from the far future.
    clock = new Date();
    const admin = s.client(as('admin'));
    await expect(
      admin.settings.updateSite({ updateWindow: { start: '22:00', end: '22:00' } }),
    ).rejects.toThrow();
    await admin.settings.updateSite({ updateWindow: { start: '22:00', end: '23:30' } });
    await pushed(s);
    await publish(NEXT);
    clock = quietTime().toJSDate(); // 02:30: the default window, no longer this site's
    await updater.tick();
    expect(updater.status().state).toMatchObject({ phase: 'downloaded', version: NEXT });
    expect(installer.installs).toEqual([]);
    clock = quietTime().set({ hour: 22, minute: 15 }).toJSDate();
    await updater.tick();
    expect(installer.installs).toEqual([expect.objectContaining({ version: NEXT })]);
  });

  it('an install that fails leaves the station on N and is tried again from the next check', async () => {
    await startServer(true);
    const { station: s, updater, installer } = await updatingStation();
    let failures = 1;
    installer.install = async (release) => {
      if (failures-- > 0) throw new Error('The feed no longer offers the verified release; not installing.');
      installer.installs.push(release);
    };
    await publish(NEXT);
    clock = quietTime().toJSDate();
    await updater.tick();
    expect(installer.installs).toEqual([]);
    expect(updater.status().state).toMatchObject({ phase: 'idle', failedVersions: [] });
    clock = quietTime().plus({ hours: 1 }).toJSDate(); // the next hourly check, still in the window
    await updater.tick();
    expect(installer.installs).toEqual([expect.objectContaining({ version: NEXT })]);
    expect(auditActions(s).map((a) => a.action)).toEqual([
      'update.download',
      'update.install',
      'update.failed',
      'update.download',
      'update.install',
    ]);
  });

  it('rolls back when N+1 does not report healthy after its start, and does not take N+1 again', async () => {
    const { station: s, installer, failing, dataDir } = await installedUnhealthy();
    clock = quietTime().plus({ minutes: 5 }).toJSDate();
    await failing.tick();
    expect(installer.rollbacks).toEqual([]); // still within its grace
    clock = quietTime().plus({ minutes: 20 }).toJSDate();
    await failing.tick();
    expect(installer.rollbacks).toEqual([{ version: VERSION, failedVersion: NEXT }]);

    // Back on N: the same N+1 is offered again but not taken.
    const back = new StationUpdater(s.core, {
      installer,
      publicKey: org.publicKeyPem,
      dir: path.join(dataDir, 'updates'),
    });
    await back.tick();
    expect(installer.installs).toHaveLength(1);
    expect(auditActions(s).map((a) => a.action)).toEqual([
      'update.download',
      'update.install',
      'update.rollback',
    ]);
    // The fleet view says so, until the next install.
    const alert = await fleetAlert(s, 'update_rolled_back');
    expect(alert).toContain(`Update ${NEXT} did not start healthy; it went back to ${VERSION}`);
  });

  it('reports in the fleet view when the installer cannot go back', async () => {
    const { station: s, installer, failing } = await installedUnhealthy();
    installer.rollback = async () => {
      throw new Error(`No copy of ${VERSION} was kept here; reinstall it by hand.`);
    };
    clock = quietTime().plus({ minutes: 20 }).toJSDate();
    await failing.tick();
    expect(auditActions(s).map((a) => [a.action, a.outcome])).toEqual([
      ['update.download', 'ok'],
      ['update.install', 'ok'],
      ['update.rollback', 'refused'],
      ['update.failed', 'refused'],
    ]);
    expect(await fleetAlert(s, 'update_rolled_back')).toBe(
      `Update ${NEXT} did not start healthy and it could not go back to ${VERSION}: No copy of ${VERSION} was kept here; reinstall it by hand.`,
    );
  });
});

describe('staged rollout and pins', () => {
  it('a station outside the rollout percentage stays on N until the rollout reaches it', async () => {
    await startServer(true);
    const { station: s, updater } = await updatingStation();
    // The smallest percentage that includes this station (deterministic: its id and the version).
    const reach = Array.from({ length: 101 }, (_, p) => p).find((p) => inRollout(s.core.stationId, NEXT, p))!;
    await publish(NEXT, { rollout: reach - 1 });
    expect(await updater.check()).toMatchObject({ phase: 'idle' });
    expect(updater.status().lastRefusal).toBeNull();

    await adminCall(server.base, ADMIN, '/admin/updates/rollout', {
      channel: 'stable',
      platform: 'linux',
      version: NEXT,
      rollout: reach,
    });
    expect(await updater.check()).toMatchObject({ phase: 'downloaded', version: NEXT });
  });

  it('a pinned site stays on its pin while its channel moves on', async () => {
    await startServer(true);
    const pinned = await updatingStation('Pinned');
    const free = await updatingStation('Free');
    await publish(NEXT);
    await publish(AFTER_NEXT);
    const pin = await fetch(`${server.base}/admin/sites/${pinned.site.id}/update-pin`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: NEXT }),
    });
    expect(pin.status).toBe(200);

    expect(await pinned.updater.check()).toMatchObject({ phase: 'downloaded', version: NEXT });
    expect(await free.updater.check()).toMatchObject({ phase: 'downloaded', version: AFTER_NEXT });

    // A pin to an unpublished version is refused and the pin stays.
    const bad = await fetch(`${server.base}/admin/sites/${pinned.site.id}/update-pin`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: '99.0.0' }),
    });
    expect(bad.status).toBe(404);
    expect(await pinned.updater.check()).toMatchObject({ phase: 'downloaded', version: NEXT });
  });
});

/** An HTTP forwarder to `target` that drops the feed signature header: a tampering machine in the middle. */
async function strippingProxy(target: string): Promise<string> {
  const proxy: Server = createServer((req, res) => {
    void (async () => {
      const upstream = await fetch(new URL(req.url ?? '/', target), {
        headers: { authorization: req.headers.authorization ?? '' },
      });
      const body = Buffer.from(await upstream.arrayBuffer());
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      });
      res.end(body);
    })();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
  const address = proxy.address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

describe('the feed electron-updater reads', () => {
  it('is the very channel file the station verified, and points at the artefact on the server', async () => {
    await startServer(true);
    const { station: s } = await updatingStation();
    const file = await publish(NEXT);
    const { credential } = syncServerSettings(s.core)!;
    const response = await fetch(`${server.base}/updates/latest-linux.yml`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    const text = await response.text();
    const signature = response.headers.get(FEED_SIGNATURE_HEADER)!;
    expect(
      verify(null, Buffer.from(text), createPublicKey(org.publicKeyPem), Buffer.from(signature, 'base64')),
    ).toBe(true);
    const sig = await fetch(`${server.base}/updates/latest-linux.yml.sig`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    expect((await sig.text()).trim()).toBe(signature);

    // electron-updater's own parser (the generic provider's), as the Electron installer will run it.
    const base = new URL('/updates/', server.base);
    const info = parseUpdateInfo(text, 'latest-linux.yml', new URL('latest-linux.yml', base));
    expect(info.version).toBe(NEXT);
    const [artefact] = resolveFiles(info, base);
    expect(artefact!.info.sha512).toBe(createHash('sha512').update(readFileSync(file)).digest('base64'));
    const download = await fetch(artefact!.url, { headers: { authorization: `Bearer ${credential}` } });
    expect(Buffer.from(await download.arrayBuffer())).toEqual(readFileSync(file));
    // The beta channel has nothing yet.
    const beta = await fetch(`${server.base}/updates/beta-linux.yml`, {
      headers: { authorization: `Bearer ${credential}` },
    });
    expect(beta.status).toBe(404);
  });
});

describe('the quiet window', () => {
  it('is the site’s local time, and may span midnight', () => {
    const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();
    const window = { start: '02:00', end: '04:00' };
    expect(inQuietWindow(at('2030-07-01T01:59'), ZONE, window)).toBe(false);
    expect(inQuietWindow(at('2030-07-01T02:00'), ZONE, window)).toBe(true);
    expect(inQuietWindow(at('2030-07-01T03:59'), ZONE, window)).toBe(true);
    expect(inQuietWindow(at('2030-07-01T04:00'), ZONE, window)).toBe(false);
    // 03:30 UTC is 04:30 in London in summer: the site's zone decides, not UTC.
    expect(inQuietWindow(new Date(Date.UTC(2030, 6, 1, 3, 30)), ZONE, window)).toBe(false);
    const overnight = { start: '23:00', end: '01:00' };
    expect(inQuietWindow(at('2030-07-01T23:30'), ZONE, overnight)).toBe(true);
    expect(inQuietWindow(at('2030-07-01T00:30'), ZONE, overnight)).toBe(true);
    expect(inQuietWindow(at('2030-07-01T12:00'), ZONE, overnight)).toBe(false);
  });
});

describe('the update commands', () => {
  const ROOT = path.resolve(import.meta.dirname, '../..');
  const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', TSX, path.join(ROOT, 'src/server/cli.ts'), ...args],
        { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });

  it('update-key makes an owner-only private key once; publish signs with it and the station takes it', async () => {
    const keyDir = path.join(dir, 'keys');
    const made = await cli(['update-key', '--out', keyDir]);
    expect(made).toMatchObject({ code: 0 });
    expect(statSync(path.join(keyDir, 'update-key.pem')).mode & 0o777).toBe(0o600);
    // Never overwritten: stations trust the public half.
    const again = await cli(['update-key', '--out', keyDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);

    org.publicKeyPem = readFileSync(path.join(keyDir, 'update-key.pub'), 'utf8');
    await startServer(true);
    const { updater } = await updatingStation();
    const file = buildFile(NEXT);
    const env = { GATEHOUSE_ADMIN_TOKEN: ADMIN };
    const publishArgs = ['publish', '--server', server.base, '--key', path.join(keyDir, 'update-key.pem')];
    const published = await cli([...publishArgs, '--release', NEXT, '--file', file, '--rollout', '100'], env);
    expect(published).toMatchObject({ code: 0 });
    expect(published.stdout).toMatch(new RegExp(`Published ${NEXT.replaceAll('.', '\\.')} on stable`));
    expect(await updater.check()).toMatchObject({ phase: 'downloaded', version: NEXT });

    // The same version twice is refused by the server; a key others can read is refused before any upload.
    const key = readPrivateKey(path.join(keyDir, 'update-key.pem'));
    await expect(publish(NEXT, { key, file })).rejects.toThrow(/already published on stable/);
    chmodSync(path.join(keyDir, 'update-key.pem'), 0o644);
    expect(() => readPrivateKey(path.join(keyDir, 'update-key.pem'))).toThrow(/chmod 600/);
  }, 180_000); // three real processes of the CLI (tsx), on a busy machine

  it.each([
    [['update-key'], /update-key needs --out/],
    [['publish', '--server', 'http://x', '--key', 'k', '--file', 'f'], /publish needs --release/],
    [
      ['publish', '--server', 'http://x', '--key', 'k', '--file', 'f', '--release', '1.0'],
      /--release must be a version/,
    ],
    [['publish', '--server', 'http://x', '--key', 'k', '--release', '1.0.0'], /publish needs --file/],
    [
      [
        'publish',
        '--server',
        'http://x',
        '--key',
        'k',
        '--release',
        '1.0.0',
        '--file',
        'f',
        '--rollout',
        '101',
      ],
      /--rollout must be a whole per cent/,
    ],
    [['rollout', '--server', 'http://x', '--release', '1.0.0', '--percent', 'half'], /--percent must be/],
    [
      ['pin', '--server', 'http://x', '--site', 's', '--release', '1.0.0', '--unpin'],
      /either --release or --unpin/,
    ],
    [['pin', '--server', 'nowhere', '--site', 's', '--unpin'], /--server must be a URL/],
  ])('refuses %j before doing anything', (argv, message) => {
    const token = process.env.GATEHOUSE_ADMIN_TOKEN;
    process.env.GATEHOUSE_ADMIN_TOKEN = ADMIN;
    try {
      expect(() => serverCli.parse(argv)).toThrow(UsageError);
      expect(() => serverCli.parse(argv)).toThrow(message);
    } finally {
      if (token === undefined) delete process.env.GATEHOUSE_ADMIN_TOKEN;
      else process.env.GATEHOUSE_ADMIN_TOKEN = token;
    }
  });

  it('publish, rollout and pin need the admin token from the environment, never a flag', () => {
    const token = process.env.GATEHOUSE_ADMIN_TOKEN;
    delete process.env.GATEHOUSE_ADMIN_TOKEN;
    try {
      expect(() => serverCli.parse(['pin', '--server', 'http://x', '--site', 's', '--unpin'])).toThrow(
        /GATEHOUSE_ADMIN_TOKEN/,
      );
    } finally {
      if (token !== undefined) process.env.GATEHOUSE_ADMIN_TOKEN = token;
    }
  });
});
