// A person's rights at the desk (issue #15): an admin finds a person, exports everything the station holds
// about them as JSON, or erases them (the same anonymise op as retention); every other caller is refused,
// and the audit log records the request by ids and counts, never the data.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { DateTime } from 'luxon';
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
      await expect(client.privacy.exportPersonPdf({ visitorId })).rejects.toMatchObject({
        code: 'forbidden',
      });
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

  it('exports the same bundle as a readable PDF in the asked language, audited, and keeps no copy', async () => {
    const { visitorId, visitId, name } = await someone();
    const admin = station.client(as('admin'));
    await station.client(as('reception')).visits.checkIn({ visitId });
    await station.client(as('security')).incidents.raise({ title: 'Left the lab door open', visitId });
    const bundle = await admin.privacy.exportPerson({ visitorId });
    const files = () => readdirSync(station.dataDir, { recursive: true }).map(String).sort();
    const filesBefore = files();
    const before = withoutAudit(tableCounts(station));

    const file = await admin.privacy.exportPersonPdf({ visitorId, language: 'en' });
    expect(file.mimeType).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], {
      input: Buffer.from(file.base64, 'base64'),
    }).toString();
    const zone = station.core.db.$client.prepare('SELECT timezone FROM sites').pluck().get() as string;
    const local = (iso: unknown) => DateTime.fromISO(String(iso), { zone }).toFormat('yyyy-MM-dd HH:mm');
    expect(text).toContain(`Personal data held about ${name}`);
    for (const heading of ['Identity', 'Visits (', 'Documents signed (', 'Passes (', 'Audit references ('])
      expect(text).toContain(heading);
    expect(text).toContain(`Name: ${name}`);
    expect(text).toContain(`Visitor id: ${visitorId}`);
    expect(text).toContain(`Visits (${bundle.visits.length})`);
    expect(text).toContain(`Passes (${bundle.passes.length})`);
    expect(text).toContain(`Documents signed (${bundle.signedDocuments.length})`);
    // The visit with its times in the site's time zone, its status in words.
    const visit = bundle.visits.find((v) => v.id === visitId)!;
    expect(text).toContain(`in ${local(visit.checkedInAt)}`);
    expect(text).toContain('checked in');
    // The incident on the visit, its kind and status in words.
    expect(text).toContain('Incidents (1)');
    expect(text).toMatch(/raised by staff · Left the lab door open · open/);
    // The audit references: the check-in's entry by its sequence number and id.
    const checkIn = sql(
      "SELECT seq, id FROM audit_entries WHERE action = 'visits.checkIn' AND outcome = 'ok' ORDER BY seq DESC LIMIT 1",
    )[0] as { seq: number; id: string };
    expect(text).toMatch(new RegExp(`#${checkIn.seq} · .* · visits\\.checkIn · done · ${checkIn.id}`));

    // Every word comes from the asked language.
    const german = execFileSync('pdftotext', ['-', '-'], {
      input: Buffer.from(
        (await admin.privacy.exportPersonPdf({ visitorId, language: 'de' })).base64,
        'base64',
      ),
    }).toString();
    expect(german).toContain(`Personenbezogene Daten zu ${name}`);
    expect(german).toContain('Identität');
    expect(german).toContain('Verweise im Prüfprotokoll');
    expect(german).toContain('angemeldet');
    expect(german).toContain('vom Personal gemeldet');
    expect(german).not.toContain('manual');

    // Audited by who, whom and how many rows of each kind, never the data; nothing else kept.
    const entries = sql(
      "SELECT actor_id AS actor, role, details FROM audit_entries WHERE action = 'privacy.exportPersonPdf' AND outcome = 'ok'",
    ) as { role: string; details: string }[];
    expect(entries).toHaveLength(2);
    expect(entries[0]!.role).toBe('admin');
    expect(JSON.parse(entries[0]!.details)).toMatchObject({
      visitorId,
      counts: {
        visits: bundle.visits.length,
        passes: bundle.passes.length,
        auditEntries: expect.any(Number),
      },
    });
    expect(JSON.stringify(entries)).not.toContain(name);
    expect(withoutAudit(tableCounts(station))).toEqual(before);
    expect(files().filter((f) => !f.startsWith('gatehouse.sqlite'))).toEqual(
      filesBefore.filter((f) => !f.startsWith('gatehouse.sqlite')),
    );
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
    // The erasure and the second request (refused: nobody left) are both on record, neither with the name.
    const audit = sql("SELECT outcome FROM audit_entries WHERE action = 'privacy.erasePerson'");
    expect(audit).toEqual([{ outcome: 'ok' }, { outcome: 'refused' }]);
    expect(JSON.stringify(sql('SELECT details FROM audit_entries'))).not.toContain(name);
  });

  it('refuses to erase someone an open incident refers to, and changes nothing', async () => {
    const { visitorId, visitId, name } = await someone();
    const admin = station.client(as('admin'));
    await admin.incidents.raise({ title: 'Tailgating at the gate', visitId });
    const before = withoutAudit(tableCounts(station));
    await expect(admin.privacy.erasePerson({ visitorId })).rejects.toMatchObject({ code: 'conflict' });
    expect(withoutAudit(tableCounts(station))).toEqual(before);
    expect(sql('SELECT name FROM visitors WHERE id = ?', visitorId)).toEqual([{ name }]);
    // The request stays on record although it could not be carried out: by id and reason, without the name.
    const refused = sql(
      "SELECT role, details FROM audit_entries WHERE action = 'privacy.erasePerson' AND outcome = 'refused'",
    ) as { role: string; details: string }[];
    expect(refused).toHaveLength(1);
    expect(refused[0]!.role).toBe('admin');
    expect(JSON.parse(refused[0]!.details)).toMatchObject({
      visitorId,
      reason: 'An open incident refers to this person: close it first, then erase them.',
    });
    expect(refused[0]!.details).not.toContain(name);
  });
});
