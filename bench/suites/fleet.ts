// Suite `fleet`: the console's fleet views with a fleet of 500 stations (FLEET_BENCH_STATIONS to change
// it), 25 sites of 20, every station having reported its health (one printer out of labels in ten). A real
// sync server over HTTP on loopback (SQLite), an administrator signed in with the session cookie:
// - the sites list (GET /console/api/sites), a site's stations and the fleet's alerts, median and p99;
// - the admin fleet list (GET /admin/stations) with the admin token, for comparison;
// - a site settings change in the console to the site.settings op pulled by a station of the site, and
//   to the change applied at a running kiosk of the site (a real station, enrolled, nudged by WebSocket).
// Targets (issue 16): the console's station list p99 < 100 ms; settings change to applied p99 < 1 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startStation } from '../../src/main/station';
import { createSyncServer } from '../../src/server/app';
import { SqliteSyncStore } from '../../src/server/sqlite-store';
import { SYNC_PROTOCOL_VERSION } from '../../src/shared/sync';
import { printerOutHealth } from '../../tests/support/sync/console';
import { summarize, time } from '../stats';

const ADMIN = 'bench-admin';
const STATIONS = Number(process.env.FLEET_BENCH_STATIONS ?? 500);
const PER_SITE = 20;
const ADA = { login: 'ada', name: 'Ada Admin', password: 'correct horse battery staple' };

export async function fleetSuite(): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-fleet-'));
  const store = SqliteSyncStore.open(path.join(dir, 'server'));
  const server = await createSyncServer({ store, adminToken: ADMIN });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const { service } = server;
  try {
    const siteIds: string[] = [];
    const credentials: string[] = [];
    for (let i = 0; i < STATIONS; i++) {
      if (i % PER_SITE === 0)
        siteIds.push((await service.createSite({ name: `Site ${siteIds.length + 1}`, timezone: 'UTC' })).id);
      const siteId = siteIds.at(-1)!;
      const { code } = await service.createEnrollmentCode({ siteId, role: i % 3 ? 'kiosk' : 'gate' });
      const { credential } = await service.claim({ code });
      credentials.push(credential);
      const station = await service.authenticate(`Bearer ${credential}`);
      const health = printerOutHealth({
        lastSyncAt: new Date().toISOString(),
        devices: printerOutHealth().devices.map((d) => ({ ...d, problem: i % 10 ? null : 'no_media' })),
      });
      await service.reportHealth(station, { protocolVersion: SYNC_PROTOCOL_VERSION, health });
    }
    await server.consoleAccounts.addAdmin(ADA, 'bench');
    const signedIn = await fetch(`${base}/console/api/session`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ login: ADA.login, password: ADA.password }),
    });
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const get = async (route: string, headers: Record<string, string> = { cookie }) => {
      const response = await fetch(`${base}${route}`, { headers });
      if (!response.ok) throw new Error(`${route}: ${response.status}`);
      return response.json();
    };

    const site = siteIds[0]!;
    const sites = summarize(await time(200, () => get('/console/api/sites')));
    const stations = summarize(await time(200, () => get(`/console/api/sites/${site}/stations`)));
    const alerts = summarize(await time(200, () => get('/console/api/alerts')));
    const admin = summarize(
      await time(200, () => get('/admin/stations', { authorization: `Bearer ${ADMIN}` })),
    );

    let appliedAt: ReturnType<typeof summarize>;
    // A settings change to the op at a station of the site (what its sync pulls next).
    const station = await service.authenticate(`Bearer ${credentials[1]}`);
    let cursor = await store.headSeq();
    let capacity = 1;
    const applied = summarize(
      await time(
        50,
        async () => {
          capacity++;
          const saved = await fetch(`${base}/console/api/sites/${station.siteId}/settings`, {
            method: 'POST',
            headers: { cookie, origin: base, 'content-type': 'application/json' },
            body: JSON.stringify({ capacity }),
          });
          if (!saved.ok) throw new Error(`settings: ${saved.status}`);
          const pulled = await service.pull(station, {
            protocolVersion: SYNC_PROTOCOL_VERSION,
            cursor,
            limit: 100,
          });
          if (!pulled.ops.some((op) => op.type === 'site.settings' && op.payload.capacity === capacity))
            throw new Error('the settings op was not pulled');
          cursor = pulled.nextCursor;
        },
        5,
      ),
    );
    // The same change to the moment a running kiosk of the site applies it: its screens hear
    // settings.changed once the nudge made it pull, and its settings then hold the new capacity.
    const kiosk = await startStation({
      dataDir: path.join(dir, 'kiosk'),
      hardware: { enabled: false },
      sync: { pollMs: 3_600_000, debounceMs: 20 },
    });
    try {
      const { code } = await service.createEnrollmentCode({ siteId: station.siteId, role: 'kiosk' });
      await kiosk.client({ role: 'admin', userId: null }).sync.enroll({ serverUrl: base, code });
      const heard = () =>
        new Promise<void>((resolve) => {
          const stop = kiosk.onEvent((e) => {
            if (e.event !== 'settings.changed') return;
            stop();
            resolve();
          });
        });
      const changed = summarize(
        await time(
          50,
          async () => {
            capacity++;
            const applied = heard();
            const saved = await fetch(`${base}/console/api/sites/${station.siteId}/settings`, {
              method: 'POST',
              headers: { cookie, origin: base, 'content-type': 'application/json' },
              body: JSON.stringify({ capacity }),
            });
            if (!saved.ok) throw new Error(`settings: ${saved.status}`);
            await applied;
            const { capacity: atKiosk } = await kiosk.client().settings.site();
            if (atKiosk !== capacity) throw new Error(`the kiosk holds capacity ${atKiosk}, not ${capacity}`);
          },
          5,
        ),
      );
      appliedAt = changed;
    } finally {
      await kiosk.close();
    }
    return {
      stations: STATIONS,
      console_sites_median_ms: sites.median,
      console_sites_p99_ms: sites.p99,
      console_site_stations_median_ms: stations.median,
      console_site_stations_p99_ms: stations.p99,
      console_alerts_median_ms: alerts.median,
      console_alerts_p99_ms: alerts.p99,
      admin_stations_median_ms: admin.median,
      admin_stations_p99_ms: admin.p99,
      settings_to_pulled_median_ms: applied.median,
      settings_to_pulled_p99_ms: applied.p99,
      settings_to_applied_median_ms: appliedAt.median,
      settings_to_applied_p99_ms: appliedAt.p99,
    };
  } finally {
    await server.app.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
