// A person's rights at the desk (issue #15): an admin finds a person, exports everything the station holds
// about them as JSON, or erases them (the same anonymise op as retention); every other caller is refused,
// and the audit log records the request by ids and counts, never the data.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { as, tableCounts, tempStation, type TestStation } from '../support/station';

let station: TestStation;
beforeEach(async () => {
  station = await tempStation();
});
afterEach(() => station.dispose());

const sql = (q: string, ...args: unknown[]) => station.core.db.$client.prepare(q).all(...args);

/** A demo visitor of today: their visitor id and name. */
async function someone() {
  const [visit] = (await station.client(as('reception')).visits.today()).visits;
  return { visitId: visit!.id, visitorId: visit!.visitor.id, name: visit!.visitor.name };
}

const withoutAudit = (counts: Record<string, number>) => {
  const { audit_entries: _audit, ...rest } = counts;
  return rest;
};

describe('who may use a person’s rights', () => {
  it('refuses reception, security, hosts and the anonymous kiosk caller, and changes nothing', async () => {
    const { visitorId, name } = await someone();
    const before = withoutAudit(tableCounts(station));
    for (const role of ['reception', 'security', 'host', 'visitor'] as const) {
      const client = station.client(as(role));
      await expect(client.privacy.findPerson({ query: name })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(client.privacy.exportPerson({ visitorId })).rejects.toMatchObject({ code: 'forbidden' });
      await expect(client.privacy.erasePerson({ visitorId })).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect(withoutAudit(tableCounts(station))).toEqual(before);
    expect(sql('SELECT name FROM visitors WHERE id = ?', visitorId)).toEqual([{ name }]);
    // The refusals are audited, without the name that was asked for.
    const refused = sql(
      "SELECT details FROM audit_entries WHERE action LIKE 'privacy.%' AND outcome = 'refused'",
    );
    expect(refused.length).toBeGreaterThanOrEqual(8);
    expect(JSON.stringify(refused)).not.toContain(name);
  });
});

describe('an admin answers a person’s request', () => {
  it('finds them, exports what is held, and the export is audited by id and counts only', async () => {
    const { visitorId, visitId, name } = await someone();
    const admin = station.client(as('admin'));
    await station.client(as('reception')).visits.checkIn({ visitId });
    const { people } = await admin.privacy.findPerson({ query: name.split(' ')[0]! });
    expect(people.map((p) => p.visitorId)).toContain(visitorId);

    const bundle = await admin.privacy.exportPerson({ visitorId });
    expect(bundle.visitor).toMatchObject({ id: visitorId, name });
    expect(bundle.visits.map((v) => v.id)).toContain(visitId);
    expect(bundle.visits.find((v) => v.id === visitId)).toMatchObject({ status: 'checked_in' });

    const [entry] = sql(
      "SELECT details FROM audit_entries WHERE action = 'privacy.exportPerson' AND outcome = 'ok'",
    ) as { details: string }[];
    expect(JSON.parse(entry!.details)).toMatchObject({
      visitorId,
      counts: { visits: bundle.visits.length, passes: bundle.passes.length },
    });
    expect(entry!.details).not.toContain(name);
  });

  it('erases them: the visits stay as counts, the person is gone from search, export and audit', async () => {
    const { visitorId, visitId, name } = await someone();
    const admin = station.client(as('admin'));
    await station.client(as('reception')).visits.checkIn({ visitId });
    const visitsBefore = sql('SELECT count(*) AS n FROM visits');

    expect(await admin.privacy.erasePerson({ visitorId })).toMatchObject({ anonymisedVisitors: 1 });
    expect(sql('SELECT name, email, phone, company FROM visitors WHERE id = ?', visitorId)).toEqual([
      { name: '', email: null, phone: null, company: null },
    ]);
    expect(sql('SELECT count(*) AS n FROM visits')).toEqual(visitsBefore);
    expect(sql('SELECT status FROM visits WHERE id = ?', visitId)).toEqual([{ status: 'checked_in' }]);
    expect((await admin.privacy.findPerson({ query: name })).people).toEqual([]);
    expect((await admin.visits.search({ query: name.split(' ')[0]! })).visits.map((v) => v.id)).not.toContain(
      visitId,
    );
    await expect(admin.privacy.exportPerson({ visitorId })).rejects.toMatchObject({ code: 'not_found' });
    // Erasing again: nothing left to erase.
    await expect(admin.privacy.erasePerson({ visitorId })).rejects.toMatchObject({ code: 'not_found' });
    // The op that carries it to the other stations and the server names nobody.
    const ops = sql("SELECT type, payload FROM outbox_ops WHERE type LIKE '%.anonymise'");
    expect(ops.length).toBeGreaterThan(0);
    expect(JSON.stringify(sql('SELECT payload FROM outbox_ops'))).not.toContain(name);
    const audit = sql("SELECT details FROM audit_entries WHERE action = 'privacy.erasePerson'");
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(name);
  });

  it('refuses to erase someone an open incident refers to, and changes nothing', async () => {
    const { visitorId, visitId, name } = await someone();
    const admin = station.client(as('admin'));
    await admin.incidents.raise({ title: 'Tailgating at the gate', visitId });
    const before = withoutAudit(tableCounts(station));
    await expect(admin.privacy.erasePerson({ visitorId })).rejects.toMatchObject({ code: 'conflict' });
    expect(withoutAudit(tableCounts(station))).toEqual(before);
    expect(sql('SELECT name FROM visitors WHERE id = ?', visitorId)).toEqual([{ name }]);
  });
});
