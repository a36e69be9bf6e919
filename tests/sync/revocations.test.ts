// A revoked pass must not open a gate while the gate is still draining a sync backlog (issue #14: a revoked
// pass was granted 6 s after revocation). The server sends the site's revocations beyond each page with the
// page, and the gate merges them at once, for a pass it knows and for one it has not received yet.
import { afterEach, expect, it } from 'vitest';
import { as, checkedInPass } from '../support/station';
import { World } from '../support/sync/world';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

it.each(['sqlite', 'two PostgreSQL instances'] as const)(
  'a gate behind on its pull refuses a revoked pass before the backlog arrives, known to it or not (%s)',
  async (servers) => {
    const w = (world = servers === 'sqlite' ? new World() : await World.onPostgres(2));
    const { site, hostIds, visitorTypeId } = await w.addSite('Harbour');
    const desk = await w.addStation('desk', site, 'desk');
    // The gate pulls 10 ops a page over a link that drops after `pagesLeft` pages.
    let pagesLeft = Infinity;
    const gate = await w.addStation('gate', site, 'gate', {
      pullPageSize: 10,
      transport: (credential) => {
        const direct = w.directTransport(credential);
        return {
          push: direct.push,
          pull: async (request) => {
            if (pagesLeft-- <= 0) throw new Error('The link dropped.');
            return direct.pull(request);
          },
        };
      },
    });
    await desk.engine.syncOnce(); // the site's hosts and visitor type
    const reception = desk.station.client(as('reception'));
    const register = (name: string) =>
      reception.visits.register({ visitor: { name }, hostId: hostIds[0]!, visitorTypeId });
    const onSite = async (name: string) => {
      const visit = await register(name);
      return checkedInPass(desk.station, visit.id, { siteId: site.id });
    };

    const known = await onSite('Grace Hopper');
    await desk.engine.syncOnce();
    await gate.engine.syncOnce();
    for (let i = 0; i < 40; i++) await register(`Visitor ${i}`);
    const unknown = await onSite('Hedy Lamarr'); // behind the backlog: the gate has never seen this pass
    for (const pass of [known, unknown])
      await reception.passes.revoke({ passId: pass.passId, reason: 'Badge reported stolen' });
    await desk.engine.syncOnce();

    pagesLeft = 1;
    await expect(gate.engine.syncOnce()).rejects.toThrow('The link dropped.');
    const gateSql = gate.station.core.db.$client;
    const visitsAtGate = () => gateSql.prepare('SELECT count(*) FROM visits').pluck().get() as number;
    expect(visitsAtGate()).toBeLessThan(20); // most of the backlog is still on the server
    expect(gateSql.prepare('SELECT count(*) FROM passes WHERE id = ?').pluck().get(unknown.passId)).toBe(0);

    const guard = gate.station.client(as('security'));
    for (const pass of [known, unknown]) {
      expect(await guard.gate.scan({ text: pass.token, direction: 'entry' })).toMatchObject({
        granted: false,
        reason: 'revoked',
      });
    }

    // Once the link is back, the backlog arrives in order and changes nothing about the revocations.
    pagesLeft = Infinity;
    await gate.engine.syncOnce();
    expect(visitsAtGate()).toBe(42);
    const statuses = gateSql
      .prepare('SELECT status FROM passes WHERE id IN (?, ?)')
      .pluck()
      .all(known.passId, unknown.passId);
    expect(statuses).toEqual(['revoked', 'revoked']);
  },
);
