// The built-in demo site: enough real data that every screen has something to show on a fresh install.
// Staff PINs are documented in the README (Demo site).
import { DateTime } from 'luxon';
import type { Db } from '../db/open';
import { newId } from '../shared/ids';
import { hostsRepo, staffRepo, visitorTypesRepo } from '../db/repos/directory';
import { sitesRepo, zonesRepo } from '../db/repos/sites';
import { visitsRepo } from '../db/repos/visits';
import { DEFAULT_NDA as NDA, DEFAULT_VISITOR_TYPES as TYPES } from '../shared/default-site';
import type { StaffRole } from '../shared/domain';
import { foldForSearch } from '../shared/text';
import { appendAudit } from './core/audit';
import { SITE_SETTINGS_KEY, settingsRepo } from '../db/repos/settings';
import { hashSecret } from '../node/secrets';

export const DEMO_SITE = {
  id: '0190a000-0000-7000-8000-000000000001',
  name: 'Northwind Harbour Offices',
  timezone: 'Europe/London',
};
export const DEMO_SECOND_SITE = {
  id: '0190a000-0000-7000-8000-000000000002',
  name: 'Northwind Riverside Lab',
  timezone: 'Europe/Madrid',
};

/** Staff of the demo site: login, PIN, role. */
export const DEMO_STAFF: ReadonlyArray<{ login: string; name: string; role: StaffRole; pin: string }> = [
  { login: 'admin', name: 'Alex Admin', role: 'admin', pin: '1111' },
  { login: 'reception', name: 'Rita Reception', role: 'reception', pin: '2222' },
  { login: 'security', name: 'Sam Security', role: 'security', pin: '3333' },
  { login: 'host', name: 'Ana Ruiz', role: 'host', pin: '4444' },
];

const HOSTS = [
  ['Ana Ruiz', 'Engineering'],
  ['José Müller', 'Finance'],
  ['Chloé Dubois', 'Marketing'],
  ['Jürgen Weiß', 'Facilities'],
  ['Priya Natarajan', 'Engineering'],
  ['Liam O’Connor', 'Sales'],
  ['Sofía Hernández', 'People'],
  ['Mei Chen', 'Legal'],
  ['Tomás Ó Briain', 'Security'],
  ['Fatima Zahra', 'Research'],
  ['Noah Williams', 'Reception'],
  ['Élodie Martin', 'Executive office'],
] as const;

const EXPECTED = [
  {
    name: 'Grace Hopper',
    company: 'Compilers Ltd',
    email: 'grace@compilers.example',
    host: 0,
    type: 0,
    hour: 9,
  },
  { name: 'Marie Curie', company: 'Radium Labs', email: 'marie@radium.example', host: 9, type: 0, hour: 10 },
  {
    name: 'Bob Builder',
    company: 'Fix-It Contractors',
    email: 'bob@fixit.example',
    host: 3,
    type: 1,
    hour: 11,
  },
  { name: 'Jane Doe', company: null, email: 'jane.doe@mail.example', host: 6, type: 2, hour: 14 },
  { name: 'Carlos Santana', company: 'Smooth Deliveries', email: null, host: 3, type: 3, hour: 15 },
  {
    name: 'Hedy Lamarr',
    company: 'Frequency Hopping AG',
    email: 'hedy@fh.example',
    host: 4,
    type: 0,
    hour: 16,
  },
] as const;

/** Seeds the demo sites into an empty database; does nothing when any site exists. */
export async function seedDemo(db: Db, now: Date, stationId: string): Promise<void> {
  if (sitesRepo.list(db).length > 0) return;
  const pinHashes = await Promise.all(DEMO_STAFF.map((s) => hashSecret(s.pin)));
  const at = now.toISOString();
  const stamp = { createdAt: at, updatedAt: at };

  db.$client.transaction(() => {
    for (const site of [DEMO_SITE, DEMO_SECOND_SITE])
      sitesRepo.insert(db, { ...site, defaultLanguage: 'en', ...stamp });
    // A UK site writes 05/12/2026 and 24-hour times, whatever language the screen is in.
    settingsRepo.set(db, `site:${DEMO_SITE.id}`, SITE_SETTINGS_KEY, { locale: 'en-GB' }, at);
    for (const name of ['Lobby', 'Offices, floor 2', 'Laboratory', 'Warehouse']) {
      zonesRepo.insert(db, { id: newId(), siteId: DEMO_SITE.id, name, createdAt: at });
    }

    // Staff before hosts, so the demo `host` login is Ana Ruiz's host record (a host signs in as themself).
    const staffIds = DEMO_STAFF.map((s, i) => {
      const id = newId();
      staffRepo.insert(db, {
        id,
        siteId: DEMO_SITE.id,
        login: s.login,
        name: s.name,
        role: s.role,
        pinHash: pinHashes[i],
        ...stamp,
      });
      return id;
    });
    const hostLogin = (name: string) => {
      const i = DEMO_STAFF.findIndex((s) => s.role === 'host' && s.name === name);
      return i < 0 ? null : staffIds[i];
    };

    const hostIds = HOSTS.map(([name, department]) => {
      const id = newId();
      const email = `${foldForSearch(name).replace(/[^a-z]+/g, '.')}@northwind.example`;
      hostsRepo.insert(db, {
        id,
        siteId: DEMO_SITE.id,
        name,
        searchName: foldForSearch(name),
        email,
        department,
        staffUserId: hostLogin(name),
        ...stamp,
      });
      return id;
    });
    hostsRepo.insert(db, {
      id: newId(),
      siteId: DEMO_SECOND_SITE.id,
      name: 'Lucía Romero',
      searchName: 'lucia romero',
      department: 'Research',
      ...stamp,
    });

    const typeIds = TYPES.map((t, i) => {
      const id = newId();
      const { nda, ...rest } = t;
      visitorTypesRepo.insert(db, { id, siteId: DEMO_SITE.id, sortOrder: i, ...rest, ...stamp });
      if (nda)
        visitorTypesRepo.insertDocument(db, {
          id: newId(),
          visitorTypeId: id,
          key: 'nda',
          version: 1,
          ...NDA,
          createdAt: at,
        });
      return id;
    });

    const today = DateTime.fromJSDate(now).setZone(DEMO_SITE.timezone).startOf('day');
    for (const v of EXPECTED) {
      const visitorId = newId();
      visitsRepo.insertVisitor(db, {
        id: visitorId,
        name: v.name,
        searchName: foldForSearch(v.name),
        company: v.company,
        email: v.email,
        ...stamp,
      });
      visitsRepo.insert(db, {
        id: newId(),
        siteId: DEMO_SITE.id,
        visitorId,
        hostId: hostIds[v.host],
        visitorTypeId: typeIds[v.type],
        status: 'expected',
        expectedAt: today.set({ hour: v.hour }).toUTC().toISO(),
        timezone: DEMO_SITE.timezone,
        ...stamp,
      });
    }
    appendAudit(db, {
      at,
      stationId,
      actorId: null,
      role: 'station',
      action: 'demo.seed',
      outcome: 'ok',
      details: { sites: [DEMO_SITE.id, DEMO_SECOND_SITE.id] },
    });
  })();
}
