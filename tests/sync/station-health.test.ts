// What an administrator sees of the fleet through a real sync server: each station reports its version,
// outbox, sync and devices after it syncs, the server keeps the newest report and a short history, and
// GET /admin/stations says which station needs a look (a printer out of labels, a quiet station). Only
// the station itself may report, only the admin may read, and a bad report changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { TcpPrinterSimulator } from '../../drivers';
import { VERSION } from '../../src/main/core/version';
import type { Station } from '../../src/main/station';
import { syncServerSettings } from '../../src/main/sync/enroll';
import type { FleetStation } from '../../src/server/fleet';
import { fleetTable, fleetView } from '../../src/server/fleet';
import { SyncService } from '../../src/server/service';
import { HEALTH_HISTORY } from '../../src/server/sqlite-store';
import type { StationOverview } from '../../src/server/store';
import { as } from '../support/station';
import { enqueueBadgeAsStation } from '../../src/main/hardware/print-queue';
import type { BadgeContent } from '../../src/main/badges/badge-pdf';
import { enrolledStations, until } from '../support/sync/enrolled';
import { useSyncServer } from '../support/sync/server';

const ADMIN = 'test-admin-token';
const server = useSyncServer('health', ADMIN);
const { site, station, pushed } = enrolledStations(server, ADMIN);

const printers: TcpPrinterSimulator[] = [];
afterEach(async () => {
  for (const p of printers.splice(0)) await p.close();
});

async function adminGet(route: string, token = ADMIN) {
  const response = await fetch(`${server.base}${route}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const fleet = async () => (await adminGet('/admin/stations')).body.stations as FleetStation[];

/** Syncs the station until the server's view of it passes. */
const reportedUntil = (s: Station, ok: (view: FleetStation | undefined) => boolean, what: string) =>
  until(
    async () => {
      await s.sync.client?.syncNow();
      return (await fleet()).find((v) => v.id === s.core.stationId);
    },
    ok,
    what,
  );

const BADGE: BadgeContent = {
  name: 'Ana Ruiz',
  company: 'Acme',
  hostLine: 'Host: Sam Lee',
  dateLine: '7 Dec 2026',
  typeName: 'Visitor',
  typeColor: '#2255aa',
  siteName: 'Harbour',
  qrText: 'GH1:TESTPASS',
};

/** A report with nothing to say: no devices, nothing waiting, never synced. */
const quietReport = {
  version: VERSION,
  startedAt: new Date(0).toISOString(),
  outboxDepth: 0,
  held: 0,
  quarantined: 0,
  lastSyncAt: null,
  watchlistSyncedAt: null,
  clockOffsetMs: null,
  devices: [],
  errors: [],
};
/** The credential the station enrolled with, to speak to the server as it. */
const credentialOf = (s: Station) => syncServerSettings(s.core)!.credential;

describe('station health at the sync server', () => {
  it('refuses a report without a station credential, and a fleet read without the admin token', async () => {
    const anonymous = await fetch(`${server.base}/sync/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ protocolVersion: 1, health: {} }),
    });
    expect(anonymous.status).toBe(401);
    expect((await adminGet('/admin/stations', 'not-the-token')).status).toBe(401);
    expect((await adminGet('/admin/stations/nope/health')).status).toBe(404);
  });

  it('refuses a malformed report with the field at fault and keeps nothing', async () => {
    const harbour = await site('Harbour');
    const gate = await station(harbour, 'gate', { sync: { enabled: false } });
    // Not syncing: enrolled, but nothing reported yet.
    const { stationId } = gate.core;
    const before = await server.store.healthHistory(stationId);
    const response = await fetch(`${server.base}/sync/health`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credentialOf(gate)}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        protocolVersion: 1,
        health: { ...quietReport, version: 'x'.repeat(10_000), startedAt: 'yesterday', outboxDepth: -1 },
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('invalid_input');
    expect(body.message).toMatch(/health\.version/);
    expect(await server.store.healthHistory(stationId)).toEqual(before);
  });

  it('shows each station online with its version, outbox and a printer out of labels, then recovered', async () => {
    const harbour = await site('Harbour');
    const labels = await TcpPrinterSimulator.start();
    printers.push(labels);
    await labels.setState('out-of-labels');
    const desk = await station(harbour, 'desk', {
      hardware: { printerStatusIntervalMs: 50, retryBaseMs: 50, retryMaxMs: 100 },
    });
    const kiosk = await station(harbour, 'kiosk');
    await desk.client(as('admin')).devices.configure({
      printers: [
        { kind: 'brother-ql', id: 'badges', name: 'Lobby printer', host: labels.host, port: labels.port },
      ],
    });
    await until(
      () => desk.core.hardware.status()[0]?.problem,
      (p) => p === 'no_media',
      'the printer to say it is out of labels',
    );
    await pushed(desk);

    const view = await reportedUntil(
      desk,
      (v) => v?.alerts.some((a) => a.code === 'printer_problem') ?? false,
      'the printer alert at the server',
    );
    expect(view).toMatchObject({ role: 'desk', online: true, revokedAt: null });
    expect(view!.health!.health).toMatchObject({ version: VERSION, outboxDepth: 0, held: 0 });
    expect(view!.health!.health.devices).toEqual([
      expect.objectContaining({ id: 'badges', name: 'Lobby printer', problem: 'no_media' }),
    ]);
    expect(view!.alerts).toEqual([
      {
        code: 'printer_problem',
        message: 'Lobby printer is out of labels.',
        // The figures a page words the alert with in its own language.
        params: { device: 'Lobby printer', problem: 'no_media' },
        deviceId: 'badges',
      },
    ]);
    expect(view!.uptimeSeconds).toBeGreaterThanOrEqual(0);

    // The kiosk next to it is fine: online, no alerts.
    const kioskView = await reportedUntil(kiosk, (v) => v?.health !== null, 'the kiosk report');
    expect(kioskView).toMatchObject({ role: 'kiosk', online: true, alerts: [] });

    // A badge waits while the printer has no labels: the report counts it in the station's print queue.
    enqueueBadgeAsStation(desk.core, { visitId: null, badge: BADGE });
    const waiting = await reportedUntil(
      desk,
      (v) => v?.health?.health.printQueue?.queued === 1,
      'the waiting badge at the server',
    );
    expect(waiting!.health!.health.printQueue).toEqual({ queued: 1, printing: 0, failed: 0 });

    // Labels loaded: the next sync reports the change at once, without waiting for the report timer, and
    // the badge prints.
    await labels.setState('ready');
    await until(
      () => desk.core.hardware.status()[0]?.problem,
      (p) => p === null,
      'the printer to be ready',
    );
    const recovered = await reportedUntil(
      desk,
      (v) => v?.alerts.length === 0 && v.health?.health.printQueue?.queued === 0,
      'the alert to clear and the badge to print',
    );
    expect(labels.jobs).toHaveLength(1);
    expect(recovered!.health!.health.devices[0]).toMatchObject({ problem: null, connected: true });

    // The same fleet as `npm run server -- stations` prints it: one line a station, its alerts below.
    const table = fleetTable(await new SyncService(server.store).fleet(), await server.store.listSites());
    expect(table.split('\n')[0]).toMatch(
      /^SITE\s+STATION\s+ROLE\s+STATE\s+VERSION\s+LAST SYNC\s+OUTBOX\s+PENDING UPDATE$/,
    );
    expect(table).toMatch(new RegExp(`Harbour\\s+.*\\s+desk\\s+online\\s+${VERSION.replace(/\./g, '\\.')}`));

    // The history keeps the reports, newest first: the recovery, and before it the problem.
    const { body } = await adminGet(`/admin/stations/${desk.core.stationId}/health`);
    const history = body.history as { health: { devices: { problem: string | null }[] } }[];
    const problems = history.map((h) => h.health.devices[0]?.problem);
    expect(problems[0]).toBeNull();
    expect(problems).toContain('no_media');
  });

  it('flags a station whose audit log was cut or rewritten, until an administrator clears it', async () => {
    const harbour = await site('Harbour');
    const desk = await station(harbour, 'desk');
    const admin = desk.client(as('admin'));
    const audited = async (n: number) => {
      for (let i = 0; i < n; i++) await admin.devices.configure({ printers: [] });
    };
    const head = () =>
      desk.core.db.$client.prepare('SELECT max(seq) FROM audit_entries').pluck().get() as number;
    const alertsOf = (v: FleetStation | undefined) => v?.alerts.map((a) => a.code) ?? [];
    await audited(3);
    const seen = head();
    await reportedUntil(desk, (v) => (v?.health?.health.audit?.head.seq ?? 0) >= seen, 'the chain head');
    await audited(2); // the next report continues the chain from the head the server saw: no alert
    const next = head();
    const fine = await reportedUntil(
      desk,
      (v) => v?.health?.health.audit?.head.seq === next,
      'the next head',
    );
    expect(alertsOf(fine)).toEqual([]);

    // Whoever holds the disk removes the last entries, past the append-only trigger.
    const sql = desk.core.db.$client;
    sql.exec('DROP TRIGGER audit_entries_no_delete');
    sql.prepare('DELETE FROM audit_entries WHERE seq > ?').run(next - 3);
    const cut = await reportedUntil(desk, (v) => alertsOf(v).includes('audit_chain'), 'the truncation alert');
    expect(cut!.alerts.find((a) => a.code === 'audit_chain')!.message).toBe(
      `Its audit log ends at entry ${next - 3}, but it reported entry ${next} before: entries were removed.`,
    );
    // It stays after later reports continue the cut chain, until an administrator clears it.
    await audited(1);
    expect(
      alertsOf(
        await reportedUntil(desk, (v) => v?.health?.health.audit?.head.seq === next - 2, 'a later report'),
      ),
    ).toContain('audit_chain');
    const cleared = await fetch(`${server.base}/admin/stations/${desk.core.stationId}/audit-problem`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(cleared.status).toBe(200);
    expect(alertsOf((await fleet()).find((v) => v.id === desk.core.stationId))).toEqual([]);

    // A rewrite that keeps the log as long (entries removed, as many written again) shows too.
    sql.prepare('DELETE FROM audit_entries WHERE seq > ?').run(next - 4);
    await audited(3);
    const rewritten = await reportedUntil(
      desk,
      (v) => alertsOf(v).includes('audit_chain'),
      'the rewrite alert',
    );
    expect(rewritten!.alerts.find((a) => a.code === 'audit_chain')!.message).toMatch(
      /^Its audit log no longer matches what it reported \(entry \d+\): entries were changed or the log was replaced\.$/,
    );
  });

  it('keeps a short history per station', async () => {
    const harbour = await site('Harbour');
    const desk = await station(harbour, 'desk', { sync: { enabled: false } });
    for (let i = 0; i < HEALTH_HISTORY + 5; i++) {
      await server.store.recordHealth(
        desk.core.stationId,
        { ...quietReport, outboxDepth: i },
        new Date().toISOString(),
      );
    }
    const history = await server.store.healthHistory(desk.core.stationId);
    expect(history).toHaveLength(HEALTH_HISTORY);
    expect(history[0]!.health.outboxDepth).toBe(HEALTH_HISTORY + 4);
  });
});

describe('the fleet judgement', () => {
  const now = new Date('2030-01-01T12:00:00Z');
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
  const base: StationOverview = {
    id: 's1',
    siteId: 'site',
    role: 'gate',
    name: 'North gate',
    revokedAt: null,
    createdAt: at(600),
    lastSeenAt: at(1),
    health: null,
    auditProblem: null,
  };
  const healthy = {
    version: '1.0.0',
    startedAt: at(120),
    outboxDepth: 0,
    held: 0,
    quarantined: 0,
    lastSyncAt: at(1),
    watchlistSyncedAt: at(1),
    clockOffsetMs: 200,
    devices: [],
    errors: [],
  };
  const judge = (station: StationOverview, connected: string[] = []) =>
    fleetView([station], now, new Set(connected))[0]!;

  it('calls a station quiet after ten minutes without a sync, unless its nudge socket is open', () => {
    expect(judge({ ...base, lastSeenAt: at(9) })).toMatchObject({ online: true, alerts: [] });
    expect(judge({ ...base, lastSeenAt: at(25) })).toMatchObject({
      online: false,
      alerts: [{ code: 'quiet', message: 'Has not synced for 25 minutes.', params: { minutes: 25 } }],
    });
    expect(judge({ ...base, lastSeenAt: at(25) }, ['s1'])).toMatchObject({ online: true, alerts: [] });
    expect(judge({ ...base, lastSeenAt: null }).alerts[0]!.code).toBe('never_seen');
  });

  it('raises nothing for a revoked station, and names disconnected devices, held ops and a wrong clock', () => {
    expect(judge({ ...base, lastSeenAt: at(900), revokedAt: at(800) })).toMatchObject({
      online: false,
      alerts: [],
    });
    const troubled = judge({
      ...base,
      health: {
        reportedAt: at(1),
        health: {
          ...healthy,
          held: 2,
          quarantined: 1,
          clockOffsetMs: 3 * 24 * 3600_000,
          devices: [
            {
              id: 'relay-1',
              type: 'relay',
              kind: 'lcus',
              name: 'Turnstile',
              connected: false,
              lastSeen: null,
              lastError: 'ENOENT',
              problem: null,
            },
          ],
        },
      },
    });
    expect(troubled.alerts.map((a) => a.message)).toEqual([
      'Turnstile is not connected: ENOENT',
      '2 changes are held (1 quarantined); see its sync details.',
      "Its clock is 4320 minutes behind the server's.",
    ]);
    expect(troubled.uptimeSeconds).toBe(119 * 60);
  });
});
