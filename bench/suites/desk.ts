// Suite `desk`: visit search over 1,000,000 visits (plain name and a query with fields), the on-site list
// with 5,000 people on site, and the visit report (reports.visits) over a year. The data is synthetic but shaped like a busy site: ~1,000 surnames, 500 hosts, three years.
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newId } from '../../src/shared/ids';
import { DEMO_SITE } from '../../src/main/demo';
import { startStation } from '../../src/main/station';
import { foldForSearch } from '../../src/shared/text';
import { summarize, time } from '../stats';

const VISITS = Number(process.env.DESK_BENCH_VISITS ?? 1_000_000);
const ON_SITE = 5_000;
const NOW = new Date('2026-11-22T12:00:00Z');
const DAY = 86_400_000;

/** A deterministic pseudo-random sequence (mulberry32), so every run searches the same data. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = [
  'an',
  'bel',
  'cor',
  'dan',
  'el',
  'fer',
  'gar',
  'hol',
  'is',
  'jor',
  'kel',
  'lin',
  'mar',
  'nor',
  'os',
  'per',
  'quin',
  'ros',
  'sal',
  'tor',
  'ul',
  'ver',
  'wil',
  'yan',
  'zel',
];
const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);
export const surnames = SYLLABLES.flatMap((a) => SYLLABLES.map((b) => capital(a + b + 'son'))).concat(
  SYLLABLES.flatMap((a) => SYLLABLES.map((b) => capital(b + a + 'ez'))),
); // 1,250
const given = SYLLABLES.flatMap((a) => ['a', 'o', 'ie'].map((end) => capital(a + end))); // 75

/** The clock the desk suite's data was made for. */
export const DESK_BENCH_NOW = NOW;

export async function deskSuite(): Promise<Record<string, number>> {
  // DESK_BENCH_DATA=dir keeps the loaded database there and reuses it on the next run (loading takes minutes).
  const kept = process.env.DESK_BENCH_DATA;
  const dataDir = kept ?? mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-desk-'));
  try {
    const station = await startStation({ dataDir, demo: true, preset: { kind: 'desk' }, now: () => NOW });
    const loadStart = performance.now();
    const loaded = station.core.db.$client.prepare('SELECT count(*) FROM visits').pluck().get() as number;
    if (loaded < VISITS) loadVisits(station.core.db.$client);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const security = station.client({ role: 'security', userId: null });
    const pick = random(7);
    const anySurname = () => surnames[Math.floor(pick() * surnames.length)]!;

    const byName = summarize(await time(300, () => security.visits.search({ query: anySurname() })));
    const byQuery = summarize(
      await time(300, () =>
        security.visits.search({
          query: `name:${anySurname().toLowerCase()} host:"${hostName(Math.floor(pick() * 500))}" date:2024-01-01..2026-11-22 status:left`,
        }),
      ),
    );
    const fieldsOnly = summarize(
      await time(100, () => security.visits.search({ query: 'date:7d status:on-site' })),
    );
    const onSite = summarize(await time(30, () => security.desk.onSite()));
    // The reports screen's call for the last 365 local days: SQL aggregates over ~a third of the visits.
    const reception = station.client({ role: 'reception', userId: null });
    const lastDay = NOW.toISOString().slice(0, 10);
    const firstDay = new Date(NOW.getTime() - 365 * DAY).toISOString().slice(0, 10);
    const yearReport = summarize(
      await time(10, () => reception.reports.visits({ from: firstDay, to: lastDay }), 1),
    );
    station.close();
    return {
      visits: VISITS,
      load_seconds: Math.round(loadSeconds),
      search_name_median_ms: byName.median,
      search_name_p99_ms: byName.p99,
      search_query_median_ms: byQuery.median,
      search_query_p99_ms: byQuery.p99,
      search_fields_only_median_ms: fieldsOnly.median,
      search_fields_only_p99_ms: fieldsOnly.p99,
      on_site_5000_median_ms: onSite.median,
      on_site_5000_p99_ms: onSite.p99,
      year_report_median_ms: yearReport.median,
      year_report_p99_ms: yearReport.p99,
    };
  } finally {
    if (!kept) rmSync(dataDir, { recursive: true, force: true });
  }
}

const hostName = (i: number) => `${given[i % given.length]} ${surnames[(i * 7) % surnames.length]}`;

/**
 * Writes 500 hosts, `visits` visitors and visits over the three years before 2026-11-22 (the last ON_SITE
 * still on site). Also the retention suite's data. `inDateOrder`: each visit's date follows the one made
 * before it (within a day), as at a station, where visits are made as people come; otherwise the dates are
 * random, so the visits of one day are spread over the whole table (the desk suite's figures keep that).
 */
export function loadVisits(sqlite: Database.Database, visits = VISITS, { inDateOrder = false } = {}) {
  const rnd = random(42);
  const at = NOW.toISOString();
  const typeId = sqlite
    .prepare('SELECT id FROM visitor_types WHERE site_id = ? LIMIT 1')
    .pluck()
    .get(DEMO_SITE.id);
  const insertHost = sqlite.prepare(
    'INSERT INTO hosts (id, site_id, name, search_name, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
  );
  const insertVisitor = sqlite.prepare(
    'INSERT INTO visitors (id, name, search_name, company, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertVisit = sqlite.prepare(
    `INSERT INTO visits (id, site_id, visitor_id, host_id, visitor_type_id, status, expected_at, checked_in_at,
       checked_out_at, timezone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.pragma('cache_size = -200000');
  sqlite.transaction(() => {
    const hostIds = Array.from({ length: 500 }, (_, i) => {
      const id = newId();
      insertHost.run(id, DEMO_SITE.id, hostName(i), foldForSearch(hostName(i)), at, at);
      return id;
    });
    for (let i = 0; i < visits; i++) {
      const name = `${given[Math.floor(rnd() * given.length)]} ${surnames[Math.floor(rnd() * surnames.length)]}`;
      const company =
        rnd() < 0.7
          ? `${surnames[Math.floor(rnd() * surnames.length)]} ${['Ltd', 'GmbH', 'SA', 'Inc'][i % 4]}`
          : null;
      const visitorId = newId();
      insertVisitor.run(visitorId, name, foldForSearch(name), company, at, at);
      const onSite = i >= visits - ON_SITE;
      // Days before NOW - 1 day: the visit's place in the table less up to a day, or random.
      const back = () =>
        inDateOrder
          ? Math.max(0, (1 - i / Math.max(1, visits - ON_SITE)) * 3 * 365 - rnd())
          : rnd() * 3 * 365;
      const expected = onSite ? NOW.getTime() - rnd() * 8 * 3_600_000 : NOW.getTime() - (1 + back()) * DAY;
      const checkedIn = expected + rnd() * 1_800_000;
      const checkedOut = checkedIn + (20 + rnd() * 400) * 60_000;
      insertVisit.run(
        newId(),
        DEMO_SITE.id,
        visitorId,
        hostIds[Math.floor(rnd() * hostIds.length)],
        typeId,
        onSite ? 'checked_in' : 'checked_out',
        new Date(expected).toISOString(),
        new Date(checkedIn).toISOString(),
        onSite ? null : new Date(checkedOut).toISOString(),
        DEMO_SITE.timezone,
        at,
        at,
      );
    }
  })();
  sqlite.exec('ANALYZE');
}
