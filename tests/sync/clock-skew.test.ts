// Stations whose clocks are days wrong (issue #21, item 2): real processes, the kiosks run under
// libfaketime three days ahead and three days behind, everything else on the real clock, and only the
// public HTTP APIs are used. Each kiosk's walk-in must reach the desk, the gate and the evacuation list,
// and its check-out must arrive too; nothing is quarantined, and the skew is shown at the station and to
// administrators. Before corrected time the server refused every op of the kiosk ahead as far_future.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_LOGIN,
  ADMIN_PIN,
  enrolledStation,
  kioskWalkIn,
  processSite,
} from '../support/sync/process-fleet';
import { fleetPerTest } from '../support/sync/fleet-per-test';
import { startServerProcess } from '../support/sync/server-process';
import type { StationProcess } from '../support/sync/station-process';
import { until } from '../support/until';

const ADMIN = 'clock-skew-admin';
const DAY = 24 * 3_600_000;
const run = fleetPerTest('clock-skew');

/** Signs the demo admin in (each station's own account). */
const signedIn = (s: StationProcess) => s.signIn(ADMIN_LOGIN, ADMIN_PIN);

const onSite = async (s: StationProcess, token: string): Promise<string[]> => {
  const answer = await s.call('desk.onSite', {}, token);
  expect(answer.status).toBe(200);
  return (answer.body.people as { id: string }[]).map((p) => p.id);
};

describe('stations with clocks three days wrong', () => {
  it('their walk-ins reach the desk, the gate and the evacuation list, and their check-outs arrive', async () => {
    run.server = await startServerProcess(path.join(run.dir, 'server'), 0, { ADMIN_TOKEN: ADMIN });
    const base = run.server.url;
    const site = await processSite(base, ADMIN);
    const start = (role: 'kiosk' | 'desk' | 'gate', name: string, faketime?: string) =>
      enrolledStation(base, ADMIN, site, role, path.join(run.dir, name), { faketime }).then((s) => {
        run.stations.push(s);
        return s;
      });
    const [desk, gate, ahead, behind] = await Promise.all([
      start('desk', 'desk'),
      start('gate', 'gate'),
      start('kiosk', 'kiosk-ahead', '+3d'),
      start('kiosk', 'kiosk-behind', '-3d'),
    ]);
    const deskToken = await signedIn(desk);
    const gateToken = await signedIn(gate);
    const aheadToken = await signedIn(ahead);
    const behindToken = await signedIn(behind);

    // Each kiosk estimates its offset from the server's answers and says so.
    for (const [kiosk, token, sign] of [
      [ahead, aheadToken, -1],
      [behind, behindToken, 1],
    ] as const) {
      const details = await until(async () => {
        const d = (await kiosk.call('sync.details', {}, token)).body;
        return typeof d.clockOffsetMs === 'number' && d;
      }, 'a clock offset estimate');
      expect(Math.abs((details.clockOffsetMs as number) - sign * 3 * DAY)).toBeLessThan(60_000);
    }

    // A walk-in at each kiosk.
    const early = await kioskWalkIn(ahead, site, 'Ada Lovelace');
    const late = await kioskWalkIn(behind, site, 'Grace Hopper');
    const both = [early.visitId, late.visitId];

    for (const [s, token] of [
      [desk, deskToken],
      [gate, gateToken],
    ] as const) {
      const list = await until(
        async () => {
          const ids = await onSite(s, token);
          return both.every((id) => ids.includes(id)) && ids;
        },
        `both walk-ins on site at the ${path.basename(s.dataDir)}`,
      );
      expect(list).toEqual(expect.arrayContaining(both));
    }
    const rollCall = await desk.call('evacuation.start', {}, deskToken);
    expect(rollCall.status).toBe(200);
    const listed = (rollCall.body.groups as { people: { visitId: string }[] }[]).flatMap((g) =>
      g.people.map((p) => p.visitId),
    );
    expect(listed).toEqual(expect.arrayContaining(both));
    expect((await desk.call('evacuation.end', { evacuationId: rollCall.body.id }, deskToken)).status).toBe(
      200,
    );

    // Both leave through their kiosk: the desk and the gate see them gone.
    for (const [kiosk, visit] of [
      [ahead, early],
      [behind, late],
    ] as const) {
      const out = await kiosk.call('kiosk.checkOut', { passToken: visit.passToken });
      expect(out).toMatchObject({ status: 200 });
    }
    for (const [s, token] of [
      [desk, deskToken],
      [gate, gateToken],
    ] as const) {
      await until(
        async () => {
          const ids = await onSite(s, token);
          return both.every((id) => !ids.includes(id));
        },
        `both check-outs at the ${path.basename(s.dataDir)}`,
      );
    }

    // Nothing quarantined or waiting at either kiosk; the skew is shown to administrators.
    for (const [kiosk, token] of [
      [ahead, aheadToken],
      [behind, behindToken],
    ] as const) {
      const d = await until(async () => {
        const v = (await kiosk.call('sync.details', {}, token)).body;
        return v.caughtUp && v;
      }, 'the kiosk caught up');
      expect(d).toMatchObject({ waiting: 0, held: 0, quarantined: 0 });
    }
    const fleet = (await (
      await fetch(`${base}/admin/stations`, { headers: { authorization: `Bearer ${ADMIN}` } })
    ).json()) as { stations: { id: string; alerts: { code: string }[] }[] };
    const skewed = fleet.stations.filter((s) => s.alerts.some((a) => a.code === 'clock_skew'));
    expect(skewed).toHaveLength(2);
  }, 400_000);
});
