// What the delegate link needs of the notification store, on both backends (SQLite and PostgreSQL): a
// site's hosts (to find a colleague by e-mail, never one of another site), and ending a hand-over once —
// a second end, or one of a hand-over already over, changes nothing.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncServer } from '../../src/server/app';
import type { NotifyService } from '../../src/server/notify/service';
import type { SyncStore } from '../../src/server/store';
import { newId } from '../../src/shared/ids';
import { foldForSearch } from '../../src/shared/text';
import { adminCall } from '../support/sync/server';
import { STORE_BACKENDS, type StoreData } from '../support/sync/stores';

const ADMIN = 'delegation-store-admin';

describe.each(STORE_BACKENDS)('delegations in the $name notification store', (backend) => {
  let data: StoreData;
  let store: SyncStore;
  let app: FastifyInstance;
  let notify: NotifyService;
  let base: string;
  beforeEach(async () => {
    data = await backend.create();
    store = await data.open();
    const server = await createSyncServer({
      store,
      adminToken: ADMIN,
      notify: { publicUrl: 'http://127.0.0.1:1/', secret: 's'.repeat(32), intervalMs: 0 },
    });
    ({ app } = server);
    notify = server.notify!;
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    await data.remove();
  });

  async function siteWithHosts(name: string, hosts: string[]) {
    const site = (await adminCall(base, ADMIN, '/admin/sites', { name, timezone: 'Europe/London' })) as {
      id: string;
    };
    const ids = hosts.map(() => newId());
    const at = new Date().toISOString();
    await adminCall(base, ADMIN, '/admin/ops', {
      ops: hosts.map((host, i) => ({
        type: 'host.upsert',
        entityId: ids[i],
        siteId: site.id,
        payload: { siteId: site.id, name: host, searchName: foldForSearch(host), email: null, createdAt: at },
      })),
    });
    return { siteId: site.id, ids };
  }

  it('lists only the site’s hosts and ends a hand-over once', async () => {
    const harbour = await siteWithHosts('Harbour', ['Lucía Gómez', 'Omar Haddad']);
    const other = await siteWithHosts('Quay', ['Eve Mallory']);
    const hosts = await notify.store.hosts(harbour.siteId);
    expect(hosts.map((h) => h.id).sort()).toEqual([...harbour.ids].sort());
    expect(hosts.find((h) => h.id === harbour.ids[1])?.state.fields.name?.v).toBe('Omar Haddad');
    expect((await notify.store.hosts(other.siteId)).map((h) => h.id)).toEqual(other.ids);

    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const [lucia, omar] = harbour.ids as [string, string];
    const running = await notify.delegations.record(
      { hostId: lucia, delegateHostId: omar, from: iso(now - 3_600_000), until: iso(now + 86_400_000) },
      harbour.siteId,
      { kind: 'admin' },
    );
    const coming = await notify.delegations.record(
      { hostId: lucia, delegateHostId: omar, from: iso(now + 3_600_000), until: iso(now + 7_200_000) },
      null,
      { kind: 'admin' },
    );
    // Across sites is refused, and records nothing.
    await expect(
      notify.delegations.record(
        { hostId: lucia, delegateHostId: other.ids[0]!, from: iso(now), until: iso(now + 60_000) },
        null,
        { kind: 'admin' },
      ),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await notify.store.delegations(lucia)).toHaveLength(2);

    expect(await notify.store.endDelegation(running.id, iso(now))).toBe(true);
    expect(await notify.store.endDelegation(running.id, iso(now + 1_000))).toBe(false);
    // A hand-over not begun yet ends before it starts.
    expect(await notify.store.endDelegation(coming.id, iso(now))).toBe(true);
    const after = await notify.store.delegations(lucia);
    expect(after.find((d) => d.id === running.id)).toMatchObject({
      fromAt: running.fromAt,
      untilAt: iso(now),
    });
    expect(after.find((d) => d.id === coming.id)).toMatchObject({ fromAt: iso(now), untilAt: iso(now) });
    const audit = await store.adminAudit();
    expect(audit.filter((e) => e.action === 'notify.delegation.start')).toHaveLength(2);
  });
});
