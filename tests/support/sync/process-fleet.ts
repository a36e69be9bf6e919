// Sites of real processes: a sync server process, sites with a host, a visitor type and an admin account
// authored centrally, and station processes enrolled through their own public API (the first-run
// sync.enroll). For the clock-skew regression tests and the chaos suite (tests/chaos).
import path from 'node:path';
import { DEMO_SECOND_SITE, DEMO_SITE, DEMO_STAFF } from '../../../src/main/demo';
import { adminCall, siteWithDirectory } from './server';
import { startStationProcess, type StationProcess, type StationProcessOptions } from './station-process';

/**
 * Station processes start with the demo seed: its staff accounts (admin 1111, …) stay local to each
 * station, so staff can sign in at a station enrolled for a demo site; every synced row of the demo that
 * the server does not hold goes at the first checksum repair.
 */
export const ADMIN_LOGIN = 'admin';
export const ADMIN_PIN = DEMO_STAFF.find((s) => s.login === ADMIN_LOGIN)!.pin;

export interface ProcessSite {
  id: string;
  hostId: string;
  typeId: string;
}

/** One of the two demo sites on the server, with one host and one visitor type authored centrally. */
export async function processSite(
  base: string,
  adminToken: string,
  which: 'first' | 'second' = 'first',
): Promise<ProcessSite> {
  const demo = which === 'first' ? DEMO_SITE : DEMO_SECOND_SITE;
  return siteWithDirectory(base, adminToken, demo.name, demo.timezone, demo.id);
}

/** A station process on `dataDir`, enrolled for the site in the role given through its first-run sync.enroll. */
export async function enrolledStation(
  base: string,
  adminToken: string,
  site: ProcessSite,
  role: 'kiosk' | 'desk' | 'gate',
  dataDir: string,
  options: StationProcessOptions = {},
): Promise<StationProcess> {
  const station = await startStationProcess(dataDir, options);
  const { code } = (await adminCall(base, adminToken, '/admin/enrollment-codes', {
    siteId: site.id,
    role,
  })) as { code: string };
  const enrolled = await station.call('sync.enroll', { serverUrl: base, code });
  if (enrolled.status !== 200)
    throw new Error(`enroll ${path.basename(dataDir)}: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
  return station;
}

/** A walk-in at a kiosk process, checked in at once (no approval): its visit and pass; throws otherwise. */
export async function kioskWalkIn(
  kiosk: StationProcess,
  site: ProcessSite,
  name: string,
): Promise<{ visitId: string; passToken: string }> {
  const answer = await kiosk.call('kiosk.checkIn', {
    visitorTypeId: site.typeId,
    language: 'en',
    visitor: { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.org` },
    hostId: site.hostId,
    cameraAvailable: false,
  });
  if (answer.status !== 200 || answer.body.outcome !== 'checked_in') {
    throw new Error(`the walk-in of ${name} was answered ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body as { visitId: string; passToken: string };
}
