// Notifications at the desk, in Chromium against a real desk station enrolled with a real sync server on
// loopback: reception's bell counts unread in-app notifications live and marks them read, reception sees
// the host to call; a host delegates their approvals to a colleague; security sees a kiosk watchlist hit
// as a banner that does not block the screen.
import { hostsRepo } from '../../src/db/repos/directory';
import { enrollStation } from '../../src/main/sync/enroll';
import { startSync } from '../../src/main/sync/index';
import type { Station } from '../../src/main/station';
import { rawStation, startWorld, until, type NotifyWorld } from '../support/notify';
import { as } from '../support/station';
import { expect, signIn, test } from './fixtures';

test.use({ preset: { kind: 'desk' } });

/**
 * Enrolls the demo desk with a fresh sync server that knows the demo site, and authors on the server the
 * demo hosts the test needs (the same rows the station has), with the host reachable only in-app.
 */
async function withServer(station: Station) {
  const world: NotifyWorld = await startWorld({
    secret: 'e2e-notify-secret-0123456789abcdef',
    intervalMs: 50,
  });
  const db = station.core.db;
  const site = db.$client
    .prepare('SELECT id, name, timezone FROM sites WHERE id = (SELECT site_id FROM stations WHERE id = ?)')
    .get(station.core.stationId) as { id: string; name: string; timezone: string };
  await world.store.createSite({ ...site, defaultLanguage: 'en' }, new Date().toISOString());
  const ids = db.$client
    .prepare('SELECT id FROM hosts WHERE site_id = ? ORDER BY name LIMIT 3')
    .pluck()
    .all(site.id) as string[];
  const ana = db.$client.prepare("SELECT id FROM hosts WHERE name = 'Ana Ruiz'").pluck().get() as string;
  // The demo's host sign-in (host/4444) is Ana Ruiz: link the account to her host record.
  db.$client
    .prepare(
      "UPDATE hosts SET staff_user_id = (SELECT id FROM staff_users WHERE login = 'host') WHERE id = ?",
    )
    .run(ana);
  const hosts = [...new Set([ana, ...ids])].map((id) => hostsRepo.get(db, id)!);
  const authored = await world.admin('POST', '/admin/ops', {
    ops: hosts.map((h) => ({ type: 'host.upsert', entityId: h.id, siteId: site.id, payload: { ...h } })),
  });
  expect(authored.status).toBe(200);
  await world.admin('PUT', `/admin/notify/hosts/${ana}`, { channels: ['inapp'] });
  const { code } = (await world.admin('POST', '/admin/enrollment-codes', { siteId: site.id, role: 'desk' }))
    .body as { code: string };
  const claim = await enrollStation(station.core, world.base, code, { name: 'Reception desk' });
  const sync = startSync(station, {
    serverUrl: world.base,
    credential: claim.credential,
    pollMs: 3_600_000,
    debounceMs: 20,
  });
  await sync.syncNow();
  const typeId = db.$client
    .prepare('SELECT id FROM visitor_types WHERE site_id = ? LIMIT 1')
    .pluck()
    .get(site.id) as string;
  const kiosk = await rawStation(world, site.id);
  return {
    world,
    ana,
    colleague: hosts.find((h) => h.id !== ana)!,
    /** A visitor for Ana, checked in at another station of the site; resolves once Ana has been told. */
    async arrive(name: string) {
      await kiosk.arrive(ana, typeId, { name }, 'checked_in');
      await until(async () => {
        const messages = await world.server.notify!.store.messages({ siteId: site.id, channel: 'inapp' });
        return messages.some((m) => m.content.subject?.includes(name));
      }, 'the server to tell Ana');
    },
    async close() {
      await sync.stop();
      await world.close();
    },
  };
}

type Server = Awaited<ReturnType<typeof withServer>>;

/** Ada Lovelace has arrived for Ana Ruiz before the staff member signs in at the enrolled desk. */
const withAda = test.extend<{ server: Server }>({
  server: async ({ gatehouse }, use) => {
    const server = await withServer(gatehouse.station);
    try {
      await server.arrive('Ada Lovelace');
      await use(server);
    } finally {
      await server.close();
    }
  },
});

withAda(
  'reception’s bell counts unread notifications live, marks one read, and shows the host to call',
  async ({ page, gatehouse, server }) => {
    await page.goto(gatehouse.url);
    await signIn(page, 'reception', '2222');
    const bell = page.getByRole('button', { name: /^Notifications, unread: / });
    await expect(bell).toHaveAccessibleName('Notifications, unread: 2');
    const flags = page.getByRole('status', { name: 'Hosts to call' });
    await expect(flags).toContainText('Hosts to call (cannot be notified): 1');
    await expect(flags).toContainText('Call Ana Ruiz');

    // Live: a second arrival (Ana is told, reception is asked to call her again) reaches the open screen.
    await server.arrive('Grace Hopper');
    await expect(bell).toHaveAccessibleName('Notifications, unread: 4', { timeout: 20_000 });

    await bell.click();
    const inbox = page.getByRole('region', { name: 'Notifications' });
    await expect(inbox.getByText('Your visitor Grace Hopper has arrived')).toBeVisible();
    await inbox.getByRole('button', { name: 'Mark “Your visitor Grace Hopper has arrived” read' }).click();
    await expect(bell).toHaveAccessibleName('Notifications, unread: 3');
    await expect(
      inbox.getByRole('button', { name: 'Mark “Your visitor Grace Hopper has arrived” read' }),
    ).toHaveCount(0);
  },
);

withAda(
  'a host sees only their own notifications and delegates their approvals to a colleague',
  async ({ page, gatehouse, server }) => {
    await page.goto(gatehouse.url);
    await signIn(page, 'host', '4444');
    await expect(page.getByRole('button', { name: 'Notifications, unread: 1' })).toBeVisible();
    await expect(page.getByRole('status', { name: 'Hosts to call' })).toHaveCount(0);

    await page.getByRole('tab', { name: /^Delegate/ }).click();
    await page.getByLabel('Colleague').fill(server.colleague.name.slice(0, 4));
    await page.getByRole('button', { name: server.colleague.name }).click();
    await page.getByRole('button', { name: 'Delegate', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your approvals go to' })).toContainText(
      server.colleague.name,
    );
    const stored = await server.world.server.notify!.store.delegations(server.ana);
    expect(stored).toEqual([expect.objectContaining({ delegateHostId: server.colleague.id })]);
  },
);

/** A watchlisted visitor checks in at this station's kiosk flow: the visitor hears only "see reception". */
async function watchlistHitAtKiosk(station: Station) {
  await station
    .client(as('security'))
    .watchlist.add({ name: 'Victor Villain', reason: 'Trespass order 2026-114', level: 'deny' });
  const kiosk = station.client(as('visitor'));
  const type = (await kiosk.visitorTypes.list()).types.find((t) => t.names.en === 'Delivery')!;
  const host = (await kiosk.kiosk.findHosts({ query: 'Ana Ruiz' })).hosts[0]!;
  const outcome = await kiosk.kiosk.checkIn({
    visitorTypeId: type.id,
    language: 'en',
    visitor: { name: 'Victor Vilain' },
    hostId: host.id,
    customFields: { carrier: 'DHL' },
    signatures: [],
    cameraAvailable: false,
  });
  expect(outcome).toEqual({ outcome: 'see_reception' });
}

test('security sees a kiosk watchlist hit as a banner that leaves the desk usable, and dismisses it', async ({
  page,
  gatehouse,
}) => {
  await page.goto(gatehouse.url);
  await signIn(page, 'security', '3333');
  await expect(page.getByRole('tab', { name: /^Today/ })).toBeVisible();
  await watchlistHitAtKiosk(gatehouse.station);

  const banner = page.getByRole('alert', { name: 'Security alerts' });
  await expect(banner).toContainText('Watchlist match (deny): Victor Vilain at the kiosk');
  // Not blocking: the tabs still work with the banner up.
  await page.getByRole('tab', { name: /^Search/ }).click();
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeVisible();
  await banner.getByRole('button', { name: 'Dismiss the alert about Victor Vilain' }).click();
  await expect(banner).toHaveCount(0);
});

test.describe('at the gate', () => {
  test.use({ preset: { kind: 'gate' } });

  test('a guard sees the kiosk watchlist alert as a banner above the scanning screen', async ({
    page,
    gatehouse,
  }) => {
    await page.goto(gatehouse.url);
    await signIn(page, 'security', '3333');
    await expect(page.getByRole('heading', { name: 'Ready to scan' })).toBeVisible();
    await watchlistHitAtKiosk(gatehouse.station);
    await expect(page.getByRole('alert', { name: 'Security alerts' })).toContainText(
      'Watchlist match (deny): Victor Vilain at the kiosk',
    );
    // The gate keeps scanning underneath.
    await expect(page.getByRole('heading', { name: 'Ready to scan' })).toBeVisible();
  });
});
