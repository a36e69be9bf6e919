// Admin at the desk, signed in as the demo admin: the hosts directory and its CSV import (previewed, then
// applied), visitor types and a new NDA version, staff and roles (and the last admin kept), site and
// station settings, and the audit log with its chain check. Reception and security are not offered the tab,
// and the station refuses them if they call its methods anyway.
import { personalHash } from '../../src/main/core/audit';
import { expect, openAdmin, signIn, test, type StationUnderTest } from './fixtures';

test.use({ preset: { kind: 'desk' } });

/** The station's own client, called as the demo admin (for set-up the test is not about). */
function asAdmin(gatehouse: StationUnderTest) {
  const userId = gatehouse.station.core.db.$client
    .prepare("SELECT id FROM staff_users WHERE login = 'admin'")
    .pluck()
    .get() as string;
  return gatehouse.station.client({ role: 'admin', userId });
}

test('admin adds, edits and deactivates a host, and imports a CSV after previewing it', async ({
  page,
  gatehouse,
}) => {
  await openAdmin(page, gatehouse.url, 'Hosts');
  const add = page.getByRole('form', { name: 'Add a host' });
  await add.getByLabel('Name', { exact: true }).fill('Grace Kelly');
  await add.getByLabel('E-mail').fill('grace@northwind.example');
  await add.getByRole('button', { name: 'Add a host' }).click();
  await page.getByLabel('Find a host').fill('kelly');
  await expect(page.getByRole('row').filter({ hasText: 'Grace Kelly' })).toContainText('Active');

  await page.getByRole('button', { name: 'Edit Grace Kelly' }).click();
  const edit = page.getByRole('form', { name: 'Edit Grace Kelly' });
  await edit.getByLabel('Department').fill('Film');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Grace Kelly' })).toContainText('Film');
  await page.getByRole('button', { name: 'Deactivate Grace Kelly' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Grace Kelly' })).toContainText('Inactive');

  const csv = page.getByRole('textbox', { name: 'Host list (CSV)' });
  await csv.fill(
    'name,email,department\nAna Ruiz,ana.ruiz@northwind.example,Research\n,x@northwind.example,\n',
  );
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('tabpanel').getByRole('status')).toHaveText(
    'Problems to fix before importing: 1',
  );
  await expect(page.getByRole('table', { name: 'Problems by line' }).getByRole('row').nth(1)).toHaveText(
    /3\s*Name\s*A name is required\./,
  );
  await expect(page.getByRole('button', { name: 'Apply the import' })).toBeDisabled();

  await csv.fill('name,email,department\nAna Ruiz,ana.ruiz@northwind.example,Research\nZoe Quinn,,Games\n');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('tabpanel').getByRole('status')).toHaveText(
    'The import would add 1, change 1 and deactivate 11 hosts.',
  );
  await expect(page.getByRole('region', { name: 'To change' })).toContainText('Ana Ruiz (Department)');
  // Nothing has changed yet.
  await page.getByLabel('Find a host').fill('');
  await expect(page.getByRole('row').filter({ hasText: 'José Müller' })).toContainText('Active');

  await page.getByRole('button', { name: 'Apply the import' }).click();
  await expect(page.getByRole('tabpanel').getByRole('status')).toHaveText(
    'Imported: 1 added, 1 changed, 11 deactivated.',
  );
  await expect(page.getByRole('row').filter({ hasText: 'José Müller' })).toContainText('Inactive');
  await expect(page.getByRole('row').filter({ hasText: 'Zoe Quinn' })).toContainText('Active');
});

test('admin adds a visitor type with a checked field and publishes a new NDA version', async ({
  page,
  gatehouse,
}) => {
  await openAdmin(page, gatehouse.url, 'Visitor types');
  await page.getByRole('button', { name: 'Add a visitor type' }).click();
  const form = page.getByRole('form', { name: 'Add a visitor type' });
  await form.getByLabel('Name in English').fill('Auditor');
  await form.getByLabel('Name in Deutsch').fill('Prüfer');
  await form.getByLabel('Photo').selectOption({ label: 'No photo' });
  await form.getByLabel('ID required').check();
  // Its own retention period (issue #15): empty means the site's.
  await expect(form.getByLabel('Keep personal data for (days)')).toHaveAttribute(
    'placeholder',
    'The site’s period',
  );
  await form.getByLabel('Keep personal data for (days)').fill('30');
  await form.getByRole('button', { name: 'Add a field' }).click();
  await form.getByLabel('Key (letters, digits, _)').fill('permit');
  await form.getByLabel('Label in English').fill('Permit number');
  await form.getByLabel('Must match (regular expression)').fill('([');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toContainText('Field 1 — pattern');

  await form.getByLabel('Must match (regular expression)').fill('P-\\d{4}');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Auditor' })).toContainText('No photo · ID required');
  await expect(page.getByRole('row').filter({ hasText: 'Auditor' })).toContainText('Permit number');
  await page.getByRole('button', { name: 'Edit Auditor' }).click();
  await expect(
    page.getByRole('form', { name: 'Edit the visitor type' }).getByLabel('Keep personal data for (days)'),
  ).toHaveValue('30');

  await page.getByRole('button', { name: 'Edit Contractor' }).click();
  await expect(page.getByRole('table', { name: 'Versions of “nda”' }).getByRole('row')).toHaveCount(2);
  const publish = page.getByRole('form', { name: 'Publish a new document version' });
  // The new version starts as a copy of the current one.
  await expect(publish.getByLabel('Title in English')).not.toHaveValue('');
  await publish.getByLabel('Title in English').fill('Confidentiality, second edition');
  await publish.getByRole('button', { name: 'Publish as a new version' }).click();
  const history = page.getByRole('table', { name: 'Versions of “nda”' });
  await expect(history.getByRole('row')).toHaveCount(3);
  await expect(history.getByRole('row').nth(1)).toContainText('2 (signed now)');
  await expect(history.getByRole('row').nth(1)).toContainText('Confidentiality, second edition');
  await expect(history.getByRole('row').nth(2)).not.toContainText('second edition');
});

test('admin adds a staff member, changes the role, resets the PIN and deactivates them, but keeps the last admin', async ({
  page,
  gatehouse,
}) => {
  await openAdmin(page, gatehouse.url, 'Staff');
  const add = page.getByRole('form', { name: 'Add a staff member' });
  await add.getByLabel('Name', { exact: true }).fill('Gus Guard');
  await add.getByLabel('Sign-in name').fill('gus');
  await add.getByLabel('Role').selectOption({ label: 'Security' });
  await add.getByLabel('New PIN').fill('5678');
  await add.getByRole('button', { name: 'Add a staff member' }).click();
  const row = page.getByRole('row').filter({ hasText: 'Gus Guard' });
  await expect(row.getByLabel('Role of Gus Guard')).toHaveValue('security');

  await row.getByLabel('Role of Gus Guard').selectOption({ label: 'Reception' });
  await page.getByRole('button', { name: 'Set a new PIN or password for Gus Guard' }).click();
  const reset = page.getByRole('form', { name: 'Set a new PIN or password for Gus Guard' });
  await reset.getByLabel('New PIN').fill('8765');
  await reset.getByRole('button', { name: 'Save' }).click();
  await expect(reset).toHaveCount(0);
  const signInAs = (secret: string) =>
    page.request.post(`${gatehouse.url}/api/session.signIn`, { data: { login: 'gus', secret } });
  const signedIn = (await (await signInAs('8765')).json()) as { user: { role: string } };
  expect(signedIn.user.role).toBe('reception');

  await page.getByRole('button', { name: 'Deactivate Gus Guard' }).click();
  await expect(row).toContainText('Inactive');
  expect((await signInAs('8765')).status()).toBe(401);

  await page.getByLabel('Role of Alex Admin').selectOption({ label: 'Reception' });
  await expect(page.getByRole('alert')).toHaveText(
    'This is the site’s last administrator. Make someone else an administrator first.',
  );
  await expect(page.getByLabel('Role of Alex Admin')).toHaveValue('admin');
});

test('admin changes opening hours and other site settings, and a day that closes before it opens is refused', async ({
  page,
  gatehouse,
}) => {
  await openAdmin(page, gatehouse.url, 'Settings');
  // What the nightly retention job will do next (this demo desk runs it; nothing is old enough yet).
  const retention = page.getByRole('region', { name: 'Retention' }).getByRole('status');
  await expect(retention).toContainText('Visits older than 365 days waiting to be anonymised: 0');
  await expect(retention).toContainText('Next run:');
  const form = page.getByRole('form', { name: 'Site settings' });
  await form.getByLabel('Open on Saturday').check();
  const saturday = form.getByRole('group', { name: 'Saturday' });
  await saturday.getByLabel('Opens').fill('10:00');
  await saturday.getByLabel('Closes').fill('14:00');
  await form.getByLabel('Automatic check-out at (empty: never)').fill('21:30');
  await form.getByLabel('Keep visits for (days)').fill('90');
  await form.getByLabel('Kiosk welcome line').fill('Welcome to the harbour');
  // Capacity: the site and one of its zones; an empty box is no limit.
  await form.getByLabel('Visitors on site at once').fill('120');
  await form.getByLabel('Visitors in Laboratory at once').fill('8');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  const site = (await (
    await page.request.post(`${gatehouse.url}/api/settings.site`, { data: {} })
  ).json()) as {
    openingHours: Record<string, unknown>;
    autoCheckOutTime: string;
    retentionDays: number;
    branding: { welcomeText: string };
    capacity: number | null;
    zoneCapacities: Record<string, number>;
  };
  expect(site.openingHours.sat).toEqual({ open: '10:00', close: '14:00' });
  expect(site).toMatchObject({ autoCheckOutTime: '21:30', retentionDays: 90 });
  expect(site.branding.welcomeText).toBe('Welcome to the harbour');
  const laboratory = gatehouse.station.core.db.$client
    .prepare("SELECT id FROM zones WHERE name = 'Laboratory'")
    .pluck()
    .get() as string;
  expect(site).toMatchObject({ capacity: 120, zoneCapacities: { [laboratory]: 8 } });
  await form.getByLabel('Visitors in Laboratory at once').fill('');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  expect((await gatehouse.station.client().settings.site()).zoneCapacities).toEqual({});

  await form.getByRole('group', { name: 'Monday' }).getByLabel('Closes').fill('07:00');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toContainText('Monday: Closes');

  const station = page.getByRole('form', { name: 'This station' });
  await station.getByLabel('Station name').fill('Front desk 2');
  await station.getByRole('button', { name: 'Save' }).click();
  await expect(station.getByRole('status')).toHaveText('Saved.');
});

test('admin filters the audit log and sees the chain check, intact and then broken', async ({
  page,
  gatehouse,
}) => {
  await openAdmin(page, gatehouse.url, 'Hosts');
  const add = page.getByRole('form', { name: 'Add a host' });
  await add.getByLabel('Name', { exact: true }).fill('Audit Trail');
  await add.getByRole('button', { name: 'Add a host' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Audit Trail' })).toBeVisible();

  await page.getByRole('button', { name: 'Audit log', exact: true }).click();
  await expect(page.getByRole('tabpanel').getByRole('status')).toHaveText(
    /^The audit chain is intact: \d+ entries checked\.$/,
  );
  const filters = page.getByRole('form', { name: 'Filter the audit log' });
  await filters.getByLabel('Action').fill('hosts.save');
  await filters.getByLabel('Who').selectOption({ label: 'Alex Admin' });
  await filters.getByRole('button', { name: 'Show' }).click();
  const rows = page.getByRole('row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('Alex Admin');
  // The audit log keeps no names, only their hash: an auditor can confirm a name, not read one.
  await expect(rows.nth(1)).toContainText(personalHash('Audit Trail'));
  await expect(rows.nth(1)).not.toContainText('Audit Trail');

  await filters.getByLabel('Action').fill('drop table');
  await filters.getByRole('button', { name: 'Show' }).click();
  await expect(filters.getByRole('alert')).toContainText('Action');

  // Someone with the database file edits an entry behind the station's back.
  const sqlite = gatehouse.station.core.db.$client;
  sqlite.exec('DROP TRIGGER audit_entries_no_update');
  const seq = sqlite
    .prepare("SELECT seq FROM audit_entries WHERE action = 'hosts.save'")
    .pluck()
    .get() as number;
  sqlite
    .prepare('UPDATE audit_entries SET details = replace(details, ?, ?) WHERE seq = ?')
    .run(personalHash('Audit Trail'), personalHash('Nobody'), seq);
  await page.getByRole('button', { name: 'Check the chain again' }).click();
  await expect(page.getByRole('alert').first()).toHaveText(
    `The audit chain is broken at entry ${seq} (${seq - 1} entries before it are intact). Its content was changed after it was written.`,
  );
});

test('admin reads failed sign-ins and a lockout in words, each under the account it was for', async ({
  page,
  gatehouse,
}) => {
  const guest = gatehouse.station.client({ role: 'visitor', userId: null, client: '192.0.2.7' });
  for (let i = 0; i < 5; i++)
    await guest.session.signIn({ login: 'reception', secret: `900${i}` }).catch(() => null);
  // A PIN typed into the name field: it matches no account and must not be shown.
  await guest.session.signIn({ login: '4455', secret: '9999' }).catch(() => null);
  await openAdmin(page, gatehouse.url, 'Audit log');
  const filters = page.getByRole('form', { name: 'Filter the audit log' });
  await filters.getByLabel('Action').fill('session.signIn');
  await filters.getByRole('button', { name: 'Show' }).click();
  const rows = page.getByRole('row');
  // Newest first: the admin's own sign-in, the unknown name, then the fifth wrong PIN that locked.
  await expect(rows.nth(1)).toContainText('Alex Admin');
  await expect(rows.nth(1)).toContainText('Signed in as Alex Admin from');
  await expect(rows.nth(2)).toContainText('Not signed in');
  await expect(rows.nth(2)).toContainText(
    /Sign-in with an unknown name \(reference [0-9a-f]{8}\) from 192\.0\.2\.7\./,
  );
  await expect(rows.nth(3).getByRole('cell').nth(2)).toHaveText('Rita Reception');
  await expect(rows.nth(3)).toContainText(
    'Wrong PIN or password for Rita Reception from 192.0.2.7. Locked there for 30 seconds.',
  );
  await expect(page.getByRole('table')).not.toContainText('Visitor');
  await expect(page.getByRole('table')).not.toContainText('{');
  await expect(page.getByRole('table')).not.toContainText('9003');
  await expect(page.getByRole('table')).not.toContainText('4455');
});

test('a locked sign-in says until when, in the site’s time', async ({ page, gatehouse }) => {
  // The screen's clock is fixed: 09:00:00 in London on 8 December (GMT).
  await page.clock.setFixedTime(new Date('2026-12-08T09:00:00Z'));
  await page.goto(gatehouse.url);
  for (let i = 0; i < 5; i++) {
    await signIn(page, 'reception', `900${i}`);
    await expect(page.getByRole('alert')).toBeVisible();
  }
  await signIn(page, 'reception', '9005');
  await expect(page.getByRole('alert')).toHaveText(/^Locked until 09:00:\d\d\. Try again in \d+ seconds\.$/);
});

test('the audit log comes 50 entries at a time, older ones on request', async ({ page, gatehouse }) => {
  for (let i = 1; i <= 60; i++) await asAdmin(gatehouse).hosts.save({ name: `Paged Host ${i}` });
  await openAdmin(page, gatehouse.url, 'Audit log');
  const filters = page.getByRole('form', { name: 'Filter the audit log' });
  await filters.getByLabel('Action').fill('hosts.*');
  await filters.getByRole('button', { name: 'Show' }).click();
  const rows = page.getByRole('row');
  await expect(rows).toHaveCount(51);
  await expect(rows.nth(1)).toContainText(personalHash('Paged Host 60'));
  await page.getByRole('button', { name: 'Show older entries' }).click();
  await expect(rows).toHaveCount(61);
  await expect(rows.nth(60)).toContainText(`name: ${personalHash('Paged Host 1')}`);
  await expect(page.getByRole('button', { name: 'Show older entries' })).toHaveCount(0);
});

for (const [login, pin] of [
  ['reception', '2222'],
  ['security', '3333'],
] as const) {
  test(`${login} is not offered the admin tab, and the station refuses its methods`, async ({
    page,
    gatehouse,
  }) => {
    await page.goto(gatehouse.url);
    const signedIn = page.waitForResponse((r) => r.url().endsWith('/api/session.signIn') && r.ok());
    await signIn(page, login, pin);
    const { token } = (await (await signedIn).json()) as { token: string };
    await expect(page.getByRole('tab', { name: /^Today/ })).toBeVisible();
    await expect(page.getByRole('tab', { name: /^Admin/ })).toHaveCount(0);

    for (const [method, body] of [
      ['hosts.save', { name: 'Sneaky Host' }],
      ['hosts.importCsv', { csv: 'name\nSneaky', dryRun: false }],
      ['staff.add', { name: 'Me', login: 'me', role: 'admin', secret: { kind: 'pin', value: '1234' } }],
      ['staff.list', {}],
      [
        'visitorTypes.addDocumentVersion',
        { typeId: 'x', key: 'nda', titles: { en: 'x' }, bodies: { en: 'x' } },
      ],
      ['settings.updateSite', { retentionDays: 1 }],
      ['audit.list', {}],
    ] as const) {
      const response = await page.request.post(`${gatehouse.url}/api/${method}`, {
        headers: { authorization: `Bearer ${token}` },
        data: body,
      });
      expect(response.status(), method).toBe(403);
    }
  });
}

test.describe('at a kiosk of the site', () => {
  test.use({ preset: { kind: 'kiosk' } });

  test('the branding an admin sets shows at once: the welcome line and the accent colour', async ({
    page,
    gatehouse,
  }) => {
    await page.goto(gatehouse.url);
    await expect(page.getByRole('link', { name: /^Check in/ })).toBeVisible();
    await asAdmin(gatehouse).settings.updateSite({
      branding: { welcomeText: 'Welcome to the harbour', accentColor: '#aa2200' },
    });
    await expect(page.getByRole('banner')).toContainText('Welcome to the harbour');
    await expect(page.getByRole('link', { name: /^Check in/ })).toHaveCSS(
      'background-color',
      'rgb(170, 34, 0)',
    );
  });
});

test('admin sets the update quiet window across midnight, an empty window is refused and nothing changes', async ({
  page,
  gatehouse,
}) => {
  await openAdmin(page, gatehouse.url, 'Settings');
  const form = page.getByRole('form', { name: 'Site settings' });
  const window = form.getByRole('group', { name: 'Update quiet window' });
  await expect(window).toContainText('Europe/London');
  await expect(window.getByLabel('Updates from')).toHaveValue('02:00');
  await expect(window.getByLabel('Updates until')).toHaveValue('04:00');

  // The same start and end is no window at all: the station's own schema refuses it, naming the field.
  await window.getByLabel('Updates from').fill('04:00');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toContainText('Updates until: This value is not valid.');
  expect((await gatehouse.station.client().settings.site()).updateWindow).toEqual({
    start: '02:00',
    end: '04:00',
  });

  await window.getByLabel('Updates from').fill('23:00');
  await window.getByLabel('Updates until').fill('01:30');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  expect((await gatehouse.station.client().settings.site()).updateWindow).toEqual({
    start: '23:00',
    end: '01:30',
  });
  const [entry] = (await asAdmin(gatehouse).audit.list({ action: 'settings.updateSite', limit: 1 })).entries;
  expect(entry).toMatchObject({ outcome: 'ok', actorName: 'Alex Admin' });
});
