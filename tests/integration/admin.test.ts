// Admin at the desk, through the dispatcher: the host directory and its CSV import, visitor types and their
// document versions, staff users and roles, site settings and the audit log's filters — with the refusals
// for bad input (nothing changes) and for other roles.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SITE } from '../../src/main/demo';
import { as, tableCounts, tempStation, type TestStation } from '../support/station';
import { hostId, rejection, staff, typeId } from '../support/desk';
import { withoutRandomIds } from '../support/random-ids.js';

const NOW = new Date('2026-11-22T10:00:00Z');
let station: TestStation;
beforeEach(async () => {
  station = await tempStation({ now: () => NOW });
});
afterEach(() => station.dispose());

/** Row counts of every table but the audit log (refusals are audited, and that is all they change). */
const dataCounts = () => {
  const { audit_entries: _audit, ...rest } = tableCounts(station);
  return rest;
};
const admin = () => station.client(staff(station, 'admin'));
const outbox = (type: string) =>
  station.core.db.$client
    .prepare('SELECT entity_id AS entityId, payload FROM outbox_ops WHERE type = ? ORDER BY station_seq')
    .all(type) as { entityId: string; payload: string }[];

describe('hosts directory', () => {
  it('adds, edits and deactivates a host, each sent to the sync server as a host op', async () => {
    const added = await admin().hosts.save({ name: 'Grace Kelly', email: 'Grace@Northwind.example' });
    expect(added).toMatchObject({ name: 'Grace Kelly', email: 'grace@northwind.example', active: true });
    expect((await admin().hosts.search({ query: 'kelly' })).hosts.map((h) => h.name)).toEqual([
      'Grace Kelly',
    ]);

    const edited = await admin().hosts.save({ hostId: added.id, name: 'Grace Kelly', department: 'Film' });
    // Saving sets every detail: the e-mail left out is cleared.
    expect(edited).toMatchObject({ department: 'Film', email: null });
    await admin().hosts.setActive({ hostId: added.id, active: false });
    // No longer offered to anyone choosing a host, still in the admin's list.
    expect((await admin().hosts.search({ query: 'kelly' })).hosts).toEqual([]);
    expect((await admin().hosts.list({ query: 'kelly' })).hosts).toMatchObject([{ active: false }]);
    // A long directory comes a page at a time, saying there is more.
    expect(await admin().hosts.list({ limit: 5 })).toMatchObject({ more: true, hosts: { length: 5 } });
    expect((await admin().hosts.list({})).more).toBe(false);

    const ops = outbox('host.upsert').filter((op) => op.entityId === added.id);
    expect(ops.map((op) => JSON.parse(op.payload) as Record<string, unknown>)).toMatchObject([
      { siteId: DEMO_SITE.id, name: 'Grace Kelly', searchName: 'grace kelly', active: true },
      { department: 'Film' },
      { active: false },
    ]);
  });

  it('previews a CSV import by line, refuses one with problems and applies a clean one', async () => {
    const rows = [
      'name,email,department',
      'Ana Ruiz,ana.ruiz@northwind.example,Research', // department changed
      'Zoe Quinn,zoe@northwind.example,Games', // new
      ',nobody@northwind.example,', // line 4: no name
      'Bad Mail,not-an-address,', // line 5
    ];
    const before = dataCounts();
    const preview = await admin().hosts.importCsv({ csv: rows.join('\n') });
    expect(preview.dryRun).toBe(true);
    expect(preview.added).toEqual([{ name: 'Zoe Quinn', email: 'zoe@northwind.example' }]);
    expect(preview.changed).toMatchObject([{ name: 'Ana Ruiz', fields: ['department'] }]);
    expect(preview.deactivated).toHaveLength(11); // every demo host not in the file
    expect(preview.problems).toEqual([
      { line: 4, field: 'name', code: 'required', message: 'name a name is required' },
      { line: 5, field: 'email', code: 'invalid_format', message: 'email not an e-mail address' },
    ]);
    const refused = await rejection(admin().hosts.importCsv({ csv: rows.join('\n'), dryRun: false }));
    expect(refused).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('line 4') });
    expect(dataCounts()).toEqual(before);

    const applied = await admin().hosts.importCsv({ csv: rows.slice(0, 3).join('\n'), dryRun: false });
    expect(applied).toMatchObject({ dryRun: false, problems: [] });
    const hosts = (await admin().hosts.list({})).hosts;
    expect(hosts.filter((h) => h.active).map((h) => [h.name, h.department])).toEqual([
      ['Ana Ruiz', 'Research'],
      ['Zoe Quinn', 'Games'],
    ]);
    expect(outbox('host.upsert')).toHaveLength(13);
  });

  it('refuses a file without a name column and a host of another site', async () => {
    expect(await rejection(admin().hosts.importCsv({ csv: 'email\na@b.example' }))).toMatchObject({
      code: 'invalid_input',
      fields: { csv: { code: 'invalid_value' } },
    });
    const otherSite = station.core.db.$client
      .prepare("SELECT id FROM hosts WHERE name = 'Lucía Romero'")
      .pluck()
      .get() as string;
    expect((await rejection(admin().hosts.setActive({ hostId: otherSite, active: false }))).code).toBe(
      'not_found',
    );
  });
});

describe('visitor types', () => {
  it('adds a type with a validated custom field that the kiosk then enforces', async () => {
    const type = await admin().visitorTypes.save({
      names: { en: 'Auditor', de: 'Prüfer' },
      color: '#336699',
      photo: 'none',
      requiresId: true,
      requiresApproval: false,
      customFields: [
        {
          key: 'permit',
          kind: 'text',
          labels: { en: 'Permit number' },
          required: true,
          pattern: 'P-\\d{4}',
        },
      ],
    });
    expect((await station.client(as('visitor')).visitorTypes.list()).types.map((t) => t.id)).toContain(
      type.id,
    );
    expect(outbox('visitorType.upsert').at(-1)).toMatchObject({ entityId: type.id });

    const checkIn = (permit: string) =>
      station.client(as('visitor')).kiosk.checkIn({
        visitorTypeId: type.id,
        hostId: hostId(station, 'Ana Ruiz'),
        visitor: { name: 'Ivy Inspector' },
        customFields: { permit },
        signatures: [],
        language: 'en',
      });
    expect(await rejection(checkIn('12345'))).toMatchObject({
      code: 'invalid_input',
      fields: { 'customFields.permit': { code: 'invalid_format' } },
    });
  });

  it('refuses a bad type and changes nothing', async () => {
    const before = dataCounts();
    const error = await rejection(
      admin().visitorTypes.save({
        names: { es: 'Sin inglés' },
        color: 'blue',
        photo: 'optional',
        requiresId: false,
        requiresApproval: false,
        customFields: [{ key: 'x', kind: 'text', labels: {}, required: false, pattern: '([' }],
      }),
    );
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fields ?? {})).toEqual(
      expect.arrayContaining(['names.en', 'color', 'customFields.0.pattern']),
    );
    expect(dataCounts()).toEqual(before);
  });

  it('publishes a new NDA version that the kiosk signs, keeping the old one as it was', async () => {
    const contractor = typeId(station, 'Contractor');
    const v1 = (await admin().visitorTypes.adminList()).types.find((t) => t.id === contractor)!;
    const original = v1.documents.find((d) => d.key === 'nda')!.versions[0]!;

    const updated = await admin().visitorTypes.addDocumentVersion({
      typeId: contractor,
      key: 'nda',
      titles: { en: 'Confidentiality v2', es: 'Confidencialidad v2' },
      bodies: { en: 'No photos, no notes.', es: 'Sin fotos ni notas.' },
    });
    const versions = updated.documents.find((d) => d.key === 'nda')!.versions;
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[1]).toEqual(original);

    const shown = await station
      .client(as('visitor'))
      .kiosk.documents({ visitorTypeId: contractor, language: 'es' });
    expect(shown.documents).toMatchObject([{ version: 2, title: 'Confidencialidad v2' }]);
  });
});

describe('staff users', () => {
  it('adds a user who signs in with their PIN, changes their role and resets the PIN', async () => {
    const user = await admin().staff.add({
      name: 'Gus Guard',
      login: 'Gus',
      role: 'security',
      secret: { kind: 'pin', value: '5678' },
    });
    expect(user).toMatchObject({ login: 'gus', role: 'security', hasPin: true, hasPassword: false });
    const visitor = station.client(as('visitor'));
    const signedIn = await visitor.session.signIn({ login: 'gus', secret: '5678' });
    expect(signedIn.user.role).toBe('security');

    await admin().staff.update({ userId: user.id, role: 'reception' });
    // The old session carried the old role: it has ended.
    expect(station.core.sessions.callerFor(signedIn.token)).toBeNull();
    await admin().staff.resetSecret({
      userId: user.id,
      secret: { kind: 'password', value: 'correct horse' },
    });
    expect((await visitor.session.signIn({ login: 'gus', secret: 'correct horse' })).user.role).toBe(
      'reception',
    );

    await admin().staff.update({ userId: user.id, active: false });
    expect((await rejection(visitor.session.signIn({ login: 'gus', secret: '5678' }))).code).toBe(
      'unauthenticated',
    );
    const audit = withoutRandomIds(
      JSON.stringify(station.core.db.$client.prepare('SELECT details FROM audit_entries').all()),
    );
    expect(audit).not.toContain('5678');
    expect(audit).not.toContain('correct horse');
  });

  it('keeps the last admin and refuses a PIN of the wrong length or a taken login', async () => {
    const adminId = staff(station, 'admin').userId!;
    await admin().settings.updateSite({ pinLength: { min: 6, max: 6 } });
    const before = dataCounts();
    expect(await rejection(admin().staff.update({ userId: adminId, role: 'reception' }))).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('last admin'),
    });
    expect((await rejection(admin().staff.update({ userId: adminId, active: false }))).code).toBe('conflict');
    const addWith = (login: string, pin: string) =>
      rejection(admin().staff.add({ name: login, login, role: 'host', secret: { kind: 'pin', value: pin } }));
    expect(await addWith('short', '1234')).toMatchObject({
      code: 'invalid_input',
      fields: { 'secret.value': { params: { min: 6, max: 6 } } },
    });
    expect((await addWith('reception', '123456')).fields).toHaveProperty('login');
    expect(dataCounts()).toEqual(before);
    expect(
      station.core.db.$client.prepare('SELECT role FROM staff_users WHERE id = ?').pluck().get(adminId),
    ).toBe('admin');
  });

  it('lets an admin step down once another admin exists', async () => {
    const other = await admin().staff.add({
      name: 'Second Admin',
      login: 'admin2',
      role: 'admin',
      secret: { kind: 'pin', value: '2468' },
    });
    expect(other.role).toBe('admin');
    const me = await admin().staff.update({ userId: staff(station, 'admin').userId!, role: 'reception' });
    expect(me.role).toBe('reception');
  });
});

describe('site settings', () => {
  it('saves opening hours and branding, and refuses a day that closes before it opens', async () => {
    const saved = await admin().settings.updateSite({
      openingHours: { mon: { open: '07:30', close: '19:00' } },
      branding: { welcomeText: 'Welcome to the harbour', accentColor: '#004488' },
    });
    expect(saved.openingHours).toEqual({ mon: { open: '07:30', close: '19:00' } });
    expect((await station.client(as('visitor')).settings.site()).branding.welcomeText).toBe(
      'Welcome to the harbour',
    );
    const error = await rejection(
      admin().settings.updateSite({ openingHours: { tue: { open: '18:00', close: '08:00' } } }),
    );
    expect(error.fields).toHaveProperty(['openingHours.tue.close']);
    expect((await admin().settings.site()).openingHours).toEqual({ mon: { open: '07:30', close: '19:00' } });
    // A change to one setting leaves the others as they were.
    await admin().settings.updateSite({ capacity: 40 });
    expect(await admin().settings.site()).toMatchObject({
      capacity: 40,
      openingHours: { mon: { open: '07:30', close: '19:00' } },
      branding: { welcomeText: 'Welcome to the harbour' },
    });
  });
});

describe('audit log filters', () => {
  it('narrows the log by action, area, actor and time', async () => {
    await admin().hosts.save({ name: 'Filter Host' });
    await station.client(staff(station, 'reception')).visits.register({
      visitor: { name: 'Ada Lovelace' },
      hostId: hostId(station, 'Ana Ruiz'),
      visitorTypeId: typeId(station),
    });
    const list = (filter: Parameters<ReturnType<typeof admin>['audit']['list']>[0]) =>
      admin()
        .audit.list(filter)
        .then((r) => r.entries);

    expect((await list({ action: 'hosts.save' })).map((e) => [e.action, e.actorName])).toEqual([
      ['hosts.save', 'Alex Admin'],
    ]);
    expect((await list({ action: 'visits.*' })).every((e) => e.action.startsWith('visits.'))).toBe(true);
    const byReception = await list({ actorId: staff(station, 'reception').userId! });
    expect(byReception.map((e) => e.action)).toEqual(['visits.register']);
    // The host was saved at 10:00 UTC, 11:00 in Paris.
    expect(await list({ action: 'hosts.save', from: '2026-11-22T11:00:00+01:00' })).toHaveLength(1);
    expect(await list({ action: 'hosts.save', from: '2026-11-22T10:00:01Z' })).toEqual([]);
    expect(await list({ action: 'hosts.save', until: '2026-11-22T10:00:00Z' })).toEqual([]);
    expect((await rejection(list({ action: 'drop table' }))).fields).toHaveProperty('action');
  });
});

describe('roles', () => {
  it('refuses every admin method to reception, security and hosts, changing nothing', async () => {
    const before = dataCounts();
    for (const login of ['reception', 'security', 'host'] as const) {
      const client = station.client(staff(station, login));
      const calls = [
        client.hosts.save({ name: 'Sneaky Host' }),
        client.hosts.importCsv({ csv: 'name\nSneaky', dryRun: false }),
        client.staff.add({
          name: 'Me Too',
          login: 'metoo',
          role: 'admin',
          secret: { kind: 'pin', value: '1234' },
        }),
        client.staff.update({ userId: staff(station, login).userId!, role: 'admin' }),
        client.visitorTypes.addDocumentVersion({
          typeId: typeId(station),
          key: 'nda',
          titles: { en: 'x' },
          bodies: { en: 'x' },
        }),
        client.audit.list({}),
      ];
      for (const call of calls) expect((await rejection(call)).code).toBe('forbidden');
    }
    expect(dataCounts()).toEqual(before);
  });
});
