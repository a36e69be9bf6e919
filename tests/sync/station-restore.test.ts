// A station restored from an older backup (issue #21): its op counter stands where the backup stood, so its
// next ops take station sequences the server already holds from it. The server used to answer such an op
// as the one it had under that number (a lost ack, it thought) and the station dropped it: a visit
// registered after the restore was acknowledged and never reached anyone. Now the server answers up to the
// reused number with `stationSeqTaken`, the station renumbers what waits past it and pushes again, and the
// visits the backup lost come back with its next pull. Real stations on SQLite files, a real server.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsRepo } from '../../src/db/repos/settings';
import { RENUMBERED_KEY } from '../../src/main/sync/engine';
import { startStation, type Station } from '../../src/main/station';
import { as } from '../support/station';
import { adminCall, siteWithDirectory, useSyncServer } from '../support/sync/server';
import { until } from '../support/until';

const ADMIN = 'station-restore-admin';
const server = useSyncServer('station-restore', ADMIN);

async function station(dataDir: string): Promise<Station> {
  const s = await startStation({ dataDir, sync: { pollMs: 3_600_000, debounceMs: 20 } });
  server.stations.push(s);
  return s;
}

const visitIds = (s: Station): string[] =>
  s.core.db.$client.prepare('SELECT id FROM visits ORDER BY id').pluck().all() as string[];

/** Syncs until nothing waits in the station's outbox. */
async function pushed(s: Station): Promise<void> {
  await until(async () => {
    await s.sync.client?.syncNow();
    return s.sync.status().waiting === 0;
  }, 'the outbox to empty');
}

describe('a station restored from an older backup', () => {
  it('numbers its new ops past what the server has: nothing is falsely acknowledged or lost', async () => {
    const site = await siteWithDirectory(server.base, ADMIN, 'Harbour');
    const enroll = async (s: Station, role: 'desk' | 'kiosk') => {
      const { code } = (await adminCall(server.base, ADMIN, '/admin/enrollment-codes', {
        siteId: site.id,
        role,
      })) as { code: string };
      await s.client(as('admin')).sync.enroll({ serverUrl: server.base, code });
      await until(() => s.sync.details().caughtUp && s, 'the first sync');
    };
    const desk = await station(path.join(server.dir, 'desk'));
    await enroll(desk, 'desk');
    const kioskDir = path.join(server.dir, 'kiosk');
    let kiosk = await station(kioskDir);
    await enroll(kiosk, 'kiosk');
    const register = async (s: Station, name: string) =>
      (
        await s.client(as('reception')).visits.register({
          visitor: { name },
          hostId: site.hostId,
          visitorTypeId: site.typeId,
        })
      ).id;

    const first = await register(kiosk, 'Ada Lovelace');
    await pushed(kiosk);
    // Last night's backup of the kiosk: its data folder, taken with the station shut down.
    await kiosk.close();
    const backup = path.join(server.dir, 'kiosk-backup');
    cpSync(kioskDir, backup, { recursive: true });
    kiosk = await station(kioskDir);
    const lostByBackup = [await register(kiosk, 'Grace Hopper'), await register(kiosk, 'Alan Turing')];
    await pushed(kiosk);

    // The disk fails; the kiosk is restored from the backup and goes on registering visitors.
    await kiosk.close();
    rmSync(kioskDir, { recursive: true, force: true });
    cpSync(backup, kioskDir, { recursive: true });
    kiosk = await station(kioskDir);
    expect(visitIds(kiosk)).not.toContain(lostByBackup[0]);
    const afterRestore = await register(kiosk, 'Katherine Johnson');
    await pushed(kiosk);

    // Every visit is at the desk and back at the kiosk: the one made after the restore was not mistaken
    // for one the server had, and the ones the backup lost came back.
    const all = [first, ...lostByBackup, afterRestore].sort();
    for (const s of [desk, kiosk]) {
      await until(async () => {
        await s.sync.client?.syncNow();
        return all.every((id) => visitIds(s).includes(id));
      }, 'every visit at the station');
    }
    expect(kiosk.sync.details()).toMatchObject({ waiting: 0, held: 0 });
    // In the server's log each op of the kiosk once, under a number of its own.
    const kioskOps = (await server.store.log()).filter((o) => o.stationId === kiosk.core.stationId);
    expect(new Set(kioskOps.map((o) => o.stationSeq)).size).toBe(kioskOps.length);
    expect(new Set(kioskOps.map((o) => o.opId)).size).toBe(kioskOps.length);
    expect(
      kioskOps
        .filter((o) => o.type === 'visit.create')
        .map((o) => o.entityId)
        .sort(),
    ).toEqual(all);
    // The station noted that it renumbered.
    expect(settingsRepo.get(kiosk.core.db, 'station', RENUMBERED_KEY)).toMatchObject({
      moved: expect.any(Number),
    });
  });
});
