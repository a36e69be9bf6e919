// Host directory import at the sync server: a CSV file, a dry run that lists what would be added, changed
// and deactivated (and changes nothing), clear errors by line for a bad file, then host ops that reach the
// site's stations; the same through the CLI.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { SyncEngine } from '../../src/main/sync/engine';
import { enrollStation } from '../../src/main/sync/enroll';
import { httpTransport } from '../../src/main/sync/http';
import { startStation } from '../../src/main/station';
import { foldForSearch } from '../../src/shared/text';
import { useSyncServer } from '../support/sync/server';

const ADMIN = 'import-admin';
const server = useSyncServer('hosts', ADMIN);

async function admin(route: string, body: unknown) {
  const response = await fetch(`${server.base}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const host = (siteId: string, name: string, email: string, department: string) => ({
  type: 'host.upsert',
  entityId: newId(),
  siteId,
  payload: {
    siteId,
    name,
    searchName: foldForSearch(name),
    email,
    department,
    createdAt: new Date().toISOString(),
  },
});

const hostRows = () =>
  server.store.db.$client
    .prepare("SELECT state FROM entities WHERE kind = 'host'")
    .pluck()
    .all()
    .map((s) => JSON.parse(s as string) as { fields: Record<string, { v: unknown }> })
    .map((s) => ({
      name: s.fields.name?.v,
      active: s.fields.active?.v ?? true,
      department: s.fields.department?.v,
    }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));

it('imports a host CSV: dry run, errors by line, then ops that reach the stations', async () => {
  const { body: site } = await admin('/admin/sites', { name: 'Harbour', timezone: 'UTC' });
  const siteId = site.id as string;
  await admin('/admin/ops', {
    ops: [
      host(siteId, 'Old Host', 'old@example.com', 'Ops'),
      host(siteId, 'Keep Me', 'keep@example.com', 'Ops'),
    ],
  });
  const before = hostRows();

  // A bad file is refused as a whole, naming the lines.
  const bad = await admin(`/admin/sites/${siteId}/hosts/import`, {
    csv: 'name,email\nAda,ada@example.com\n,nobody@example.com\nBob,not-an-email\n',
  });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/line 3: name .*line 4: email/);
  expect(hostRows()).toEqual(before);

  const csv =
    '\uFEFFName,Email,Phone,Department\nKeep Me,KEEP@example.com,,Sales\nNew Person,new@example.com,+44 20 7946 0000,Ops\n';
  const dry = await admin(`/admin/sites/${siteId}/hosts/import`, { csv, dryRun: true });
  expect(dry.body).toMatchObject({
    applied: false,
    added: [{ name: 'New Person', email: 'new@example.com' }],
    changed: [{ name: 'Keep Me', fields: ['department'] }],
    deactivated: [{ name: 'Old Host' }],
  });
  expect(hostRows()).toEqual(before); // a dry run changes nothing

  const applied = await admin(`/admin/sites/${siteId}/hosts/import`, { csv });
  expect(applied.body.applied).toBe(true);
  expect(hostRows()).toEqual([
    { name: 'Keep Me', active: true, department: 'Sales' },
    { name: 'New Person', active: true, department: 'Ops' },
    { name: 'Old Host', active: false, department: 'Ops' },
  ]);

  // A desk of the site receives the directory.
  const desk = await startStation({ dataDir: path.join(server.dir, 'desk'), sync: { enabled: false } });
  server.stations.push(desk);
  const { body: code } = await admin('/admin/enrollment-codes', { siteId, role: 'desk' });
  const claim = await enrollStation(desk.core, server.base, code.code as string);
  await new SyncEngine(
    desk.core,
    httpTransport({ serverUrl: server.base, credential: claim.credential }),
  ).syncOnce();
  expect(
    desk.core.db.$client.prepare('SELECT name, active, department FROM hosts ORDER BY name').all(),
  ).toEqual([
    { name: 'Keep Me', active: 1, department: 'Sales' },
    { name: 'New Person', active: 1, department: 'Ops' },
    { name: 'Old Host', active: 0, department: 'Ops' },
  ]);

  // The CLI, on the same data directory: the directory already equals the file, so nothing to do.
  const file = path.join(server.dir, 'hosts.csv');
  writeFileSync(file, csv);
  const out = execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/server/cli.ts',
      'import-hosts',
      '--site',
      siteId,
      '--file',
      file,
      '--dry-run',
      '--data-dir',
      path.join(server.dir, 'server'),
    ],
    { encoding: 'utf8' },
  );
  expect(out).toContain('Added: 0');
  expect(out).toContain('Changed: 0');
  expect(out).toContain('Deactivated: 0');
});
