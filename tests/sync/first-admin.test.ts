// A site created with `starter` (add-site, docs/setup.md): its default types, documents and Reception host
// reach its stations, and its one-time setup code makes exactly one first admin, from a desk of that site.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncService } from '../../src/server/service';
import { SqliteSyncStore } from '../../src/server/sqlite-store';
import type { StationRecord } from '../../src/server/store';

const PIN_HASH = `scrypt$32768$8$3$${Buffer.alloc(16, 1).toString('base64')}$${Buffer.alloc(32, 2).toString('base64')}`;

describe('a starter site and its first admin', () => {
  let dir: string;
  let store: SqliteSyncStore;
  let service: SyncService;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-first-admin-'));
    store = SqliteSyncStore.open(dir);
    service = new SyncService(store);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function station(siteId: string, role: 'kiosk' | 'desk' | 'gate'): Promise<StationRecord> {
    const { code } = await service.createEnrollmentCode({ siteId, role });
    const claim = await service.claim({ code });
    return (await store.station(claim.stationId))!;
  }
  const admin = { name: 'Alex Admin', login: 'alex', pinHash: PIN_HASH };
  const staffOf = async (siteId: string) =>
    (await store.entitiesInScope(siteId)).filter((e) => e.kind === 'staff');

  it('starts with the default types, the NDA and Reception; an empty site has none', async () => {
    const site = await service.createSite({ name: 'Harbour', timezone: 'Europe/London', starter: true });
    const kinds = (await store.entitiesInScope(site.id)).map(
      (e) =>
        `${e.kind}:${String(e.fields.name?.v ?? (e.fields.names?.v && (e.fields.names.v as { en: string }).en) ?? e.fields.key?.v)}`,
    );
    expect(kinds.filter((k) => k.startsWith('visitorType:')).sort()).toEqual(
      ['Contractor', 'Delivery', 'Interview', 'Visitor'].map((n) => `visitorType:${n}`),
    );
    expect(kinds.filter((k) => k.startsWith('visitorTypeDocument:'))).toHaveLength(3);
    expect(kinds).toContain('host:Reception');
    expect(site.setupCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const empty = await service.createSite({ name: 'Empty', timezone: 'UTC' });
    expect(empty.setupCode).toBeUndefined();
    expect(await store.entitiesInScope(empty.id)).toEqual([]);
    expect((await store.adminAudit()).map((e) => e.action)).toEqual(['site.create', 'site.create']);
  });

  it('refuses a wrong code, another site’s code, a kiosk, and a second use; makes one admin', async () => {
    const site = await service.createSite({ name: 'Harbour', timezone: 'UTC', starter: true });
    const other = await service.createSite({ name: 'Lab', timezone: 'UTC', starter: true });
    const desk = await station(site.id, 'desk');
    const kiosk = await station(site.id, 'kiosk');

    await expect(service.claimFirstAdmin(desk, { ...admin, code: 'AAAA-BBBB-CCCC' })).rejects.toMatchObject({
      code: 'gone',
      message: 'That setup code is not known for this site.',
    });
    await expect(service.claimFirstAdmin(desk, { ...admin, code: other.setupCode })).rejects.toMatchObject({
      code: 'gone',
    });
    await expect(service.claimFirstAdmin(kiosk, { ...admin, code: site.setupCode })).rejects.toMatchObject({
      code: 'forbidden',
    });
    // A PIN in clear is not a KDF hash: refused, so no secret is ever stored or fanned out as it is.
    await expect(
      service.claimFirstAdmin(desk, { ...admin, pinHash: '1234', code: site.setupCode }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await staffOf(site.id)).toEqual([]);

    // Typed in lower case with spaces, as a person would: accepted.
    const code = site.setupCode!.toLowerCase().replace(/-/g, ' ');
    const { staffId } = await service.claimFirstAdmin(desk, { ...admin, code });
    const staff = await staffOf(site.id);
    expect(staff.map((s) => [s.id, s.fields.login?.v, s.fields.role?.v, s.fields.pinHash?.v])).toEqual([
      [staffId, 'alex', 'admin', PIN_HASH],
    ]);
    expect(await staffOf(other.id)).toEqual([]);
    await expect(
      service.claimFirstAdmin(desk, { ...admin, login: 'mallory', code: site.setupCode }),
    ).rejects.toMatchObject({ code: 'gone', message: expect.stringContaining('already been used') });
    expect(await staffOf(site.id)).toHaveLength(1);
    expect((await store.adminAudit()).filter((e) => e.action === 'site.first_admin')).toEqual([
      expect.objectContaining({ details: { siteId: site.id, staffId, stationId: desk.id } }),
    ]);
  });
});
