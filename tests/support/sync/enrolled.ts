// Real stations enrolled with a real sync server (useSyncServer), as the setup screen enrolls them: sites
// made through the admin API, one-time codes, stations started on their own data directories, and waiting
// until a station's changes have reached the server.
import path from 'node:path';
import { newId } from '../../../src/shared/ids';
import { startStation, type Station, type StationOptions } from '../../../src/main/station';
import { as } from '../station';
import { adminCall, type SyncServerUnderTest } from './server';

/** Polls until `ok(read())`, every 25 ms for up to 10 s (a bound on a wait, not a timing assertion). */
export async function until<T>(
  read: () => T | Promise<T>,
  ok: (value: T) => boolean,
  what: string,
): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Syncs the station until what it reads passes (the sync may be one a nudge started a moment earlier). */
export const syncedUntil = <T>(
  s: Station,
  read: () => T | Promise<T>,
  ok: (v: T) => boolean,
  what: string,
): Promise<T> =>
  until(
    async () => {
      await s.sync.client?.syncNow();
      return read();
    },
    ok,
    what,
  );

export function enrolledStations(server: SyncServerUnderTest, adminToken: string) {
  const admin = (route: string, body: unknown) => adminCall(server.base, adminToken, route, body);

  return {
    admin,
    /** A new site at the server; returns its id. */
    async site(name: string): Promise<string> {
      return ((await admin('/admin/sites', { name, timezone: 'Europe/London' })) as { id: string }).id;
    },
    /** A station of the site with this role, enrolled through its API and syncing (polling off, nudges on). */
    async station(
      siteId: string,
      role: 'kiosk' | 'desk' | 'gate',
      options: Partial<StationOptions> = {},
    ): Promise<Station> {
      const s = await startStation({
        dataDir: path.join(server.dir, newId()),
        ...options,
        sync: { pollMs: 3_600_000, debounceMs: 20, ...options.sync },
      });
      server.stations.push(s);
      const { code } = (await admin('/admin/enrollment-codes', { siteId, role })) as { code: string };
      await s.client(as('admin')).sync.enroll({ serverUrl: server.base, code });
      return s;
    },
    /**
     * Waits until everything the station wrote has reached the server. syncNow alone may answer with a sync
     * that was already running and started before the last change.
     */
    async pushed(s: Station): Promise<void> {
      await until(
        async () => {
          await s.sync.client?.syncNow();
          return s.sync.status().waiting;
        },
        (n) => n === 0,
        'the outbox to empty',
      );
    },
  };
}
