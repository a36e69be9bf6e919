// Sync as staff see it, in a real browser against a real sync server on loopback: a fresh station is
// connected from the setup screen with a one-time code and becomes a desk of the server's site; its header
// says online, when it last synced and how old its watchlist is; with the server gone it says offline and
// counts the changes waiting to be sent, which reach the server once it is back; a station clock days
// off shows as a pill.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newId } from '../../src/shared/ids';
import { DEMO_SITE } from '../../src/main/demo';
import { createSyncServer, type SyncServer } from '../../src/server/app';
import { SqliteSyncStore } from '../../src/server/sqlite-store';
import { foldForSearch } from '../../src/shared/text';
import { expect, signIn, test } from './fixtures';

/** A sync server for the demo site (the same site id, as for a station already set up for it). */
async function startServer(dir: string, port = 0) {
  const store = SqliteSyncStore.open(dir);
  const server: SyncServer = await createSyncServer({ store, adminToken: 'e2e-admin-token' });
  const base = await server.app.listen({ port, host: '127.0.0.1' });
  return {
    ...server,
    store,
    base,
    async close() {
      await server.app.close();
      store.close();
    },
  };
}

test('a station connected from the setup screen shows its sync state, offline and back', async ({
  page,
  gatehouse,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-e2e-sync-'));
  let server = await startServer(dir);
  try {
    await server.service.createSite({ id: DEMO_SITE.id, name: DEMO_SITE.name, timezone: DEMO_SITE.timezone });
    // The directory is the server's: a host and a visitor type, as an admin would import them.
    const hostId = newId();
    const typeId = newId();
    const at = new Date().toISOString();
    await server.service.author({
      ops: [
        {
          type: 'host.upsert',
          entityId: hostId,
          siteId: DEMO_SITE.id,
          payload: {
            siteId: DEMO_SITE.id,
            name: 'Ana Ruiz',
            searchName: foldForSearch('Ana Ruiz'),
            createdAt: at,
          },
        },
        {
          type: 'visitorType.upsert',
          entityId: typeId,
          siteId: DEMO_SITE.id,
          payload: { siteId: DEMO_SITE.id, names: { en: 'Visitor' }, color: '#1e6bd6', createdAt: at },
        },
      ],
    });
    const { code } = await server.service.createEnrollmentCode({ siteId: DEMO_SITE.id, role: 'desk' });

    await page.goto(gatehouse.url);
    await expect(page.getByRole('heading', { name: 'Set up this station' })).toBeVisible();
    // A wrong code is refused at its field and sets nothing up.
    await page.getByLabel('Server address').fill(server.base);
    await page.getByLabel('Enrollment code').fill('AAAA-BBBB-CCCC');
    await page.getByRole('button', { name: 'Connect this station' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    expect((await gatehouse.station.client().station.status()).configured).toBe(false);

    await page.getByLabel('Enrollment code').fill(code);
    await page.getByRole('button', { name: 'Connect this station' }).click();
    // The server gave the station its role: a desk, where staff sign in.
    await expect(page.getByLabel('Sign-in name')).toBeVisible();
    await signIn(page, 'reception', '2222');

    const indicator = page.getByRole('status', { name: 'Sync' });
    await expect(indicator).toContainText('Online');
    await expect(indicator).toContainText(/Last sync \d/);
    await expect(indicator).toContainText('Watchlist 0 h old');

    // The server goes away; a walk-in registered at the desk waits to be sent.
    const port = Number(new URL(server.base).port);
    await server.close();
    const reception = gatehouse.station.client({ role: 'reception', userId: null });
    await reception.visits.register({ visitor: { name: 'Offline Olga' }, hostId, visitorTypeId: typeId });
    await expect(indicator).toContainText('Offline', { timeout: 20_000 });
    await expect(indicator).toContainText(/Waiting to send: [1-9]/);

    // Back again: what waited is sent, and the header says so.
    server = await startServer(dir, port);
    await gatehouse.station.sync.client?.syncNow();
    await expect(indicator).toContainText('Online', { timeout: 20_000 });
    await expect(indicator).not.toContainText('Waiting to send');
    const names = (await server.store.entitiesInScope(DEMO_SITE.id))
      .filter((e) => e.kind === 'visitor')
      .map((e) => e.fields.name?.v);
    expect(names).toContain('Offline Olga');

    // The station's clock jumps three days ahead (a dead RTC battery): the header says so, in words.
    const realNow = gatehouse.station.core.now;
    gatehouse.station.core.now = () => new Date(realNow().getTime() + 3 * 24 * 3_600_000);
    await gatehouse.station.sync.client?.syncNow();
    await expect(indicator).toContainText('Clock 3 days ahead of the server', { timeout: 20_000 });
    gatehouse.station.core.now = realNow;
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
