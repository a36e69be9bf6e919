// The periodic per-table checksum: a station whose rows were changed behind sync's back (a row edited,
// one added that nothing stands behind) notices at the next comparison with the server and repairs the
// kinds that drifted, ending equal to the server; a station in step repairs nothing.
import path from 'node:path';
import { expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { SyncEngine } from '../../src/main/sync/engine';
import { enrollStation } from '../../src/main/sync/enroll';
import { httpTransport } from '../../src/main/sync/http';
import { startStation } from '../../src/main/station';
import { CHECKSUM_KINDS } from '../../src/shared/sync';
import { as } from '../support/station';
import { adminCall, siteWithDirectory, useSyncServer } from '../support/sync/server';
import { stationDump } from '../support/sync/world';

const ADMIN = 'checksum-admin';
const server = useSyncServer('checksum', ADMIN);

const admin = (route: string, body: unknown) => adminCall(server.base, ADMIN, route, body);

async function desk(siteId: string) {
  const s = await startStation({ dataDir: path.join(server.dir, newId()), sync: { enabled: false } });
  server.stations.push(s);
  const { code } = (await admin('/admin/enrollment-codes', { siteId, role: 'desk' })) as { code: string };
  const claim = await enrollStation(s.core, server.base, code);
  const engine = new SyncEngine(
    s.core,
    httpTransport({ serverUrl: server.base, credential: claim.credential }),
  );
  await engine.syncOnce();
  return { station: s, engine };
}

it('detects rows changed behind sync and repairs them from the server', async () => {
  const { id: siteId, hostId, typeId } = await siteWithDirectory(server.base, ADMIN, 'Harbour', 'UTC');
  const a = await desk(siteId);
  const b = await desk(siteId);
  const reception = a.station.client(as('reception'));
  const visits = [];
  for (const name of ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']) {
    visits.push(await reception.visits.register({ visitor: { name }, hostId, visitorTypeId: typeId }));
  }
  await reception.visits.checkIn({ visitId: visits[0]!.id });
  await a.engine.syncOnce();
  await b.engine.syncOnce();

  // In step: nothing to repair.
  expect(await b.engine.verify()).toEqual([]);
  const truth = stationDump(a.station);

  // Behind sync's back: a visitor renamed, a visit moved backwards, a host nobody authored.
  const sqlite = b.station.core.db.$client;
  sqlite.prepare("UPDATE visitors SET name = 'Mallory' WHERE name = 'Alan Turing'").run();
  sqlite
    .prepare("UPDATE visits SET status = 'expected', checked_in_at = NULL WHERE id = ?")
    .run(visits[0]!.id);
  sqlite
    .prepare(
      "INSERT INTO hosts (id, site_id, name, search_name, active, created_at, updated_at) VALUES (?, ?, 'Ghost', 'ghost', 1, ?, ?)",
    )
    .run(newId(), siteId, new Date().toISOString(), new Date().toISOString());

  expect((await b.engine.verify()).sort()).toEqual(['host', 'visit', 'visitor']);
  const repaired = stationDump(b.station);
  for (const kind of CHECKSUM_KINDS) expect(repaired[kind], kind).toEqual(truth[kind]);
  expect(await b.engine.verify()).toEqual([]);
});
