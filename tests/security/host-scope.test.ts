// Issue #14 item 11: a signed-in host (the host role) sees and acts on their own visitors only: today's
// list, pending approvals, registering and inviting, deciding. Reception and admins see the whole site.
import { afterEach, describe, expect, it } from 'vitest';
import { as, tableCounts, tempStation, type TestStation } from '../support/station';

const stations: TestStation[] = [];
afterEach(() => stations.splice(0).forEach((s) => s.dispose()));

async function desk() {
  const s = await tempStation({ preset: { kind: 'desk' } });
  stations.push(s);
  const sql = s.core.db.$client;
  const staffId = (login: string) =>
    sql.prepare('SELECT id FROM staff_users WHERE login = ?').pluck().get(login) as string;
  const hostUser = staffId('host');
  const ownHostId = sql
    .prepare('SELECT id FROM hosts WHERE staff_user_id = ?')
    .pluck()
    .get(hostUser) as string;
  const otherHostId = sql
    .prepare('SELECT id FROM hosts WHERE id != ? AND active = 1 ORDER BY name LIMIT 1')
    .pluck()
    .get(ownHostId) as string;
  const typeId = sql.prepare('SELECT id FROM visitor_types ORDER BY id LIMIT 1').pluck().get() as string;
  return {
    s,
    host: s.client(as('host', hostUser)),
    reception: s.client(as('reception', staffId('reception'))),
    ownHostId,
    otherHostId,
    typeId,
  };
}

describe('a signed-in host', () => {
  it('may not register or invite a visitor for another host; nothing is stored', async () => {
    const { s, host, otherHostId, ownHostId, typeId } = await desk();
    const before = tableCounts(s);
    const visit = { visitor: { name: 'Mallory Guest' }, hostId: otherHostId, visitorTypeId: typeId };
    await expect(host.visits.register(visit)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'A host may register only their own visitors.',
    });
    await expect(
      host.visits.preRegister({ ...visit, expectedAt: s.core.now().toISOString() }),
    ).rejects.toMatchObject({ code: 'forbidden', message: 'A host may invite only their own visitors.' });
    const { audit_entries: audited, ...rest } = tableCounts(s);
    const { audit_entries: auditedBefore, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect(audited).toBe(auditedBefore! + 2); // each refusal is audited

    const own = await host.visits.register({ ...visit, hostId: ownHostId });
    expect(own.host?.id).toBe(ownHostId);
    // …and invites their own visitor (issue #20 item 8).
    const invitesBefore = s.core.db.$client
      .prepare('SELECT count(*) FROM visits WHERE host_id = ?')
      .pluck()
      .get(ownHostId) as number;
    await host.visits.preRegister({
      ...visit,
      hostId: ownHostId,
      expectedAt: new Date(s.core.now().getTime() + 3_600_000).toISOString(),
    });
    expect(
      s.core.db.$client.prepare('SELECT count(*) FROM visits WHERE host_id = ?').pluck().get(ownHostId),
    ).toBe(invitesBefore + 1);
  });

  it('sees only their own visitors today, while reception sees the whole site', async () => {
    const { host, reception, ownHostId, otherHostId, typeId } = await desk();
    await reception.visits.register({
      visitor: { name: 'Olga Other' },
      hostId: otherHostId,
      visitorTypeId: typeId,
    });
    await reception.visits.register({
      visitor: { name: 'Oscar Own' },
      hostId: ownHostId,
      visitorTypeId: typeId,
    });
    const everyone = (await reception.visits.today({})).visits;
    const mine = (await host.visits.today({})).visits;
    expect(everyone.map((v) => v.visitor.name)).toEqual(expect.arrayContaining(['Olga Other', 'Oscar Own']));
    expect(mine.map((v) => v.visitor.name)).toContain('Oscar Own');
    expect(mine.map((v) => v.visitor.name)).not.toContain('Olga Other');
    expect(mine.every((v) => v.host?.id === ownHostId)).toBe(true);
  });
});
