// Helpers for the desk and security tests: demo ids, signed-in callers and a way to put visits into the
// states the kiosk will produce (awaiting approval, on site) without going through it.
import { DEMO_SITE } from '../../src/main/demo';
import type { Caller } from '../../src/main/core/context';
import type { Station } from '../../src/main/station';
import type { ApiError } from '../../src/shared/errors';
import type { StaffRole } from '../../src/shared/domain';

const one = (station: Station, sql: string, ...params: unknown[]) =>
  station.core.db.$client
    .prepare(sql)
    .pluck()
    .get(...params) as string;

/** A staff caller as the demo user with that login (admin, reception, security, host). */
export function staff(station: Station, login: StaffRole): Caller {
  const row = station.core.db.$client
    .prepare('SELECT id, role FROM staff_users WHERE login = ?')
    .get(login) as { id: string; role: StaffRole };
  return { role: row.role, userId: row.id };
}

export const hostId = (station: Station, name: string) =>
  one(station, 'SELECT id FROM hosts WHERE name = ? AND site_id = ?', name, DEMO_SITE.id);

export const typeId = (station: Station, english = 'Visitor') =>
  one(
    station,
    "SELECT id FROM visitor_types WHERE json_extract(names, '$.en') = ? AND site_id = ?",
    english,
    DEMO_SITE.id,
  );

export const visitIdOf = (station: Station, visitorName: string) =>
  one(
    station,
    'SELECT v.id FROM visits v JOIN visitors p ON p.id = v.visitor_id WHERE p.name = ? ORDER BY v.created_at DESC',
    visitorName,
  );

/** Puts a visit straight into a status, as another station's synced change would. */
export function setStatus(station: Station, visitId: string, status: string, checkedInAt?: string) {
  station.core.db.$client
    .prepare('UPDATE visits SET status = ?, checked_in_at = coalesce(?, checked_in_at) WHERE id = ?')
    .run(status, checkedInAt ?? null, visitId);
}

/** Links the demo host login (Ana Ruiz) to her host record, as an admin would in the directory. */
export function linkHostLogin(station: Station, hostName = 'Ana Ruiz') {
  station.core.db.$client
    .prepare(
      "UPDATE hosts SET staff_user_id = (SELECT id FROM staff_users WHERE login = 'host') WHERE name = ?",
    )
    .run(hostName);
}

export const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the call should have been refused');
    },
    (e: unknown) => e as ApiError,
  );
