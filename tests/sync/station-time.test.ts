// Station time (issue #21, item 2; src/main/core/clock.ts): a station judges time by its clock corrected
// by the offset it estimated from the sync server, not by a clock days wrong. Real processes under
// libfaketime, a real server, real SQLite files, the public HTTP APIs only. A pass a kiosk three days
// behind issues is valid today, and a gate three days ahead lets it through; the gate restarted on its
// data (its offset forgotten) does not run the evening's automatic check-out by its raw clock, so nobody
// on site goes missing; nothing is lost or quarantined.
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

const ADMIN = 'station-time-admin';
const DAY = 24 * 3_600_000;
const run = fleetPerTest('station-time');

const onSite = async (s: StationProcess, token: string): Promise<string[]> => {
  const answer = await s.call('desk.onSite', {}, token);
  expect(answer.status).toBe(200);
  return (answer.body.people as { id: string }[]).map((p) => p.id);
};

/** Waits until the station has estimated its clock's offset (about `expectedMs`) and caught up. */
async function synced(s: StationProcess, token: string, expectedMs: number) {
  const d = await until(
    async () => {
      const v = (await s.call('sync.details', {}, token)).body;
      return typeof v.clockOffsetMs === 'number' && v.caughtUp === true && v;
    },
    `${path.basename(s.dataDir)} caught up with a clock offset`,
  );
  expect(Math.abs((d.clockOffsetMs as number) - expectedMs)).toBeLessThan(60_000);
  return d;
}

describe('station time: a clock days wrong, corrected by the server', () => {
  it('passes are valid as the real time says, and a restarted station ahead checks nobody out', async () => {
    run.server = await startServerProcess(path.join(run.dir, 'server'), 0, { ADMIN_TOKEN: ADMIN });
    const site = await processSite(run.server.url, ADMIN);
    const start = (role: 'kiosk' | 'desk' | 'gate', name: string, faketime?: string) =>
      enrolledStation(run.server!.url, ADMIN, site, role, path.join(run.dir, name), { faketime }).then(
        (s) => {
          run.stations.push(s);
          return s;
        },
      );
    const [desk, gate, kiosk] = await Promise.all([
      start('desk', 'desk'),
      start('gate', 'gate', '+3d'),
      start('kiosk', 'kiosk', '-3d'),
    ]);
    const deskToken = await desk.signIn(ADMIN_LOGIN, ADMIN_PIN);
    let gateToken = await gate.signIn(ADMIN_LOGIN, ADMIN_PIN);
    const kioskToken = await kiosk.signIn(ADMIN_LOGIN, ADMIN_PIN);
    await synced(gate, gateToken, -3 * DAY);
    await synced(kiosk, kioskToken, 3 * DAY);

    // A walk-in at the kiosk three days behind: the pass it issues is valid now, by the real clock.
    const before = Date.now();
    const { visitId, passToken } = await kioskWalkIn(kiosk, site, 'Ada Lovelace');
    // At the desk, on the real clock, once the pass has arrived.
    const checked = await until(async () => {
      const answer = await desk.call('passes.lookup', { text: passToken }, deskToken);
      return answer.body.pass ? answer : false;
    }, 'the pass at the desk');
    expect(checked).toMatchObject({ status: 200, body: { valid: true } });
    const validity = checked.body.pass as { validFrom: string; validUntil: string };
    expect(Date.parse(validity.validFrom)).toBeLessThan(before + 60_000);
    expect(Date.parse(validity.validFrom)).toBeGreaterThan(before - DAY);
    expect(Date.parse(validity.validUntil)).toBeGreaterThan(Date.now());

    // The gate three days ahead lets the pass through (by its raw clock the pass ended days ago), and
    // records the entry at the real time.
    await until(async () => (await onSite(gate, gateToken)).includes(visitId), 'the walk-in at the gate');
    const verdict = await gate.call('gate.scan', { text: passToken, direction: 'entry' }, gateToken);
    expect(verdict).toMatchObject({ status: 200, body: { granted: true, reason: null } });
    expect(Math.abs(Date.parse(verdict.body.at as string) - Date.now())).toBeLessThan(60_000);

    // The gate loses power and starts again on its data, three days ahead: until its first exchange it
    // does not know its offset, and its jobs (the check-out due at 20:00 every evening, expiring passes)
    // wait for it instead of checking out everyone on site by a clock days ahead.
    await gate.kill();
    await gate.restart();
    gateToken = await gate.signIn(ADMIN_LOGIN, ADMIN_PIN);
    await synced(gate, gateToken, -3 * DAY);
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // the jobs ran on the offset it learnt
    for (const [s, token] of [
      [desk, deskToken],
      [gate, gateToken],
      [kiosk, kioskToken],
    ] as const) {
      await synced(s, token, s === desk ? 0 : s === gate ? -3 * DAY : 3 * DAY);
      expect(await onSite(s, token)).toContain(visitId);
      const d = (await s.call('sync.details', {}, token)).body;
      expect(d).toMatchObject({ waiting: 0, held: 0, quarantined: 0 });
    }
    // The pass is still good at the gate on the way out.
    const out = await gate.call('gate.scan', { text: passToken, direction: 'exit' }, gateToken);
    expect(out).toMatchObject({ status: 200, body: { granted: true } });
  }, 400_000);

  it('a station restarted with the server down keeps station time from the estimate it kept', async () => {
    run.server = await startServerProcess(path.join(run.dir, 'server'), 0, { ADMIN_TOKEN: ADMIN });
    const site = await processSite(run.server.url, ADMIN);
    const start = (role: 'kiosk' | 'gate', name: string, faketime?: string) =>
      enrolledStation(run.server!.url, ADMIN, site, role, path.join(run.dir, name), { faketime }).then(
        (s) => {
          run.stations.push(s);
          return s;
        },
      );
    const [gate, kiosk] = await Promise.all([start('gate', 'gate', '+3d'), start('kiosk', 'kiosk')]);
    let gateToken = await gate.signIn(ADMIN_LOGIN, ADMIN_PIN);
    await synced(gate, gateToken, -3 * DAY);
    const { visitId, passToken } = await kioskWalkIn(kiosk, site, 'Grace Hopper');
    await until(async () => (await onSite(gate, gateToken)).includes(visitId), 'the walk-in at the gate');
    await synced(gate, gateToken, -3 * DAY); // the estimate of this exchange is the one kept

    // The server goes away, then the gate loses power and starts again on its data, three days ahead.
    await run.server.kill();
    run.server = undefined;
    await gate.kill();
    await gate.restart();
    gateToken = await gate.signIn(ADMIN_LOGIN, ADMIN_PIN);
    const details = (await gate.call('sync.details', {}, gateToken)).body;
    expect(details).toMatchObject({ online: false, clockOffsetMs: null }); // no exchange since the start
    // Still the real time: the pass (valid today) lets the visitor out, and the exit is recorded now, not
    // three days on (by its raw clock the pass ended days ago).
    const out = await gate.call('gate.scan', { text: passToken, direction: 'exit' }, gateToken);
    expect(out).toMatchObject({ status: 200, body: { granted: true, reason: null } });
    expect(Math.abs(Date.parse(out.body.at as string) - Date.now())).toBeLessThan(60_000);
  }, 400_000);
});
