// Who may share a site's device profile (issue #16): an administrator at a desk. A kiosk or a gate stands
// in a public place, so its credential can never set what every station of the site adopts: the station
// refuses the method up front (nothing recorded), and the sync server refuses the op pushed by hand with a
// kiosk or gate credential, or by a desk of another site. Real stations and a real sync server on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { enrollStation } from '../../src/main/sync/enroll';
import { judgeOp } from '../../src/server/rules';
import { AUTHORED_BY } from '../../src/shared/authorship';
import { newId } from '../../src/shared/ids';
import { kindOfOpType } from '../../src/shared/merge';
import type { EnrollmentRole } from '../../src/shared/sync';
import { as, tempStation, type TestStation } from '../support/station';
import { addSite, enrollmentCode, enrollRaw, pushRaw, rawOp } from '../support/sync/http';
import { useSyncServer } from '../support/sync/server';

const ADMIN = 'device-profile-admin-token';
const server = useSyncServer('device-profile-authority', ADMIN);
const stations: TestStation[] = [];
afterEach(() => stations.splice(0).forEach((s) => s.dispose()));

const outboxCount = (s: TestStation) =>
  s.core.db.$client.prepare('SELECT count(*) FROM outbox_ops').pluck().get() as number;

/** A station of that kind enrolled at a new site, with no devices. */
async function enrolled(kind: EnrollmentRole) {
  const station = await tempStation({ preset: { kind } });
  stations.push(station);
  const siteId = await addSite(server.base, ADMIN, `Site of a ${kind} ${newId()}`);
  await enrollStation(station.core, server.base, await enrollmentCode(server.base, ADMIN, siteId, kind));
  return { station, siteId };
}

/** A station of that kind enrolled at a new site, with one badge printer configured. */
async function enrolledWithPrinter(kind: EnrollmentRole) {
  const enrolledStation = await enrolled(kind);
  await enrolledStation.station.client(as('admin')).devices.add({ kind: 'zpl', host: '10.0.0.7' });
  return enrolledStation;
}

const profileOp = (stationId: string, siteId: string, seq = 1) =>
  rawOp(stationId, seq, {
    type: 'deviceProfile.share',
    entityId: siteId,
    siteId,
    payload: {
      siteId,
      devices: { scanners: [], relays: [], printers: [], defaultPrinterId: null },
      includesAddresses: false,
      sharedByStationId: stationId,
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    },
  });

describe('sharing the site device profile (devices.shareProfile)', () => {
  it('is refused up front at a kiosk and at a gate, with a sentence that names the desk, and records nothing', async () => {
    for (const kind of ['kiosk', 'gate'] as const) {
      const { station } = await enrolledWithPrinter(kind);
      const before = outboxCount(station);
      await expect(
        station.client(as('admin')).devices.shareProfile({ includeAddresses: false }),
      ).rejects.toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(new RegExp(`${kind} station may not .*only a desk station may`)),
      });
      expect(outboxCount(station)).toBe(before);
      expect(await station.client(as('admin')).devices.siteProfile({})).toMatchObject({ profile: null });
    }
    // With no devices at all, a gate still hears why it may not share, not that it has nothing to share.
    const { station: bare } = await enrolled('gate');
    await expect(bare.client(as('admin')).devices.shareProfile({})).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('is refused at a desk with no devices, and nothing is recorded', async () => {
    const { station: desk } = await enrolled('desk');
    await expect(desk.client(as('admin')).devices.shareProfile({})).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/no devices to share/),
    });
    expect(outboxCount(desk)).toBe(0);
  });

  it('is recorded at a desk, and station and server agree for every station kind', async () => {
    for (const kind of ['kiosk', 'desk', 'gate'] as const) {
      const { station, siteId } = await enrolledWithPrinter(kind);
      let stationRefused = false;
      try {
        await station.client(as('admin')).devices.shareProfile({ includeAddresses: false });
      } catch {
        stationRefused = true;
      }
      const author = { id: station.core.stationId, siteId, role: kind };
      const op = profileOp(author.id, siteId);
      const verdict = judgeOp(op, author, undefined, new Date(op.occurredAt));
      const serverRefused = verdict.action === 'reject' && verdict.reason === 'forbidden_role';
      expect({ kind, stationRefused }).toEqual({ kind, stationRefused: serverRefused });
      expect(stationRefused).toBe(!AUTHORED_BY[kindOfOpType('deviceProfile.share')!].includes(kind));
    }
  });

  it('is only for administrators: reception, security and a host at a desk are refused', async () => {
    const { station } = await enrolledWithPrinter('desk');
    for (const role of ['reception', 'security', 'host'] as const)
      await expect(
        station.client(as(role)).devices.shareProfile({ includeAddresses: false }),
      ).rejects.toMatchObject({ code: 'forbidden' });
    expect(outboxCount(station)).toBe(0);
  });
});

describe('the sync server', () => {
  it('refuses a device profile pushed with a kiosk or a gate credential', async () => {
    const siteId = await addSite(server.base, ADMIN, 'Quay');
    for (const role of ['kiosk', 'gate'] as const) {
      const s = await enrollRaw(server.base, ADMIN, siteId, role);
      const answer = await pushRaw(server.base, s.credential, [profileOp(s.stationId, siteId)]);
      expect(answer.body.acks).toEqual([]);
      expect(answer.body.rejected).toEqual([
        expect.objectContaining({ reason: 'forbidden_role', message: expect.stringMatching(/only a desk/) }),
      ]);
    }
    expect(await server.store.entitiesInScope(siteId)).not.toContainEqual(
      expect.objectContaining({ kind: 'deviceProfile' }),
    );
  });

  it("refuses a desk's profile for another site, and one whose id is not its site's", async () => {
    const mine = await addSite(server.base, ADMIN, 'Mine');
    const theirs = await addSite(server.base, ADMIN, 'Theirs');
    const desk = await enrollRaw(server.base, ADMIN, mine, 'desk');
    const answer = await pushRaw(server.base, desk.credential, [
      profileOp(desk.stationId, theirs, 1),
      { ...profileOp(desk.stationId, mine, 2), entityId: newId() },
    ]);
    expect(answer.body.rejected).toEqual([
      expect.objectContaining({ stationSeq: 1, reason: 'forbidden_site' }),
      expect.objectContaining({ stationSeq: 2, reason: 'forbidden_site' }),
    ]);
    const ok = await pushRaw(server.base, desk.credential, [profileOp(desk.stationId, mine, 3)]);
    expect(ok.body.rejected).toEqual([]);
    expect(await server.store.entitiesInScope(mine)).toContainEqual(
      expect.objectContaining({ kind: 'deviceProfile', id: mine }),
    );
  });
});
