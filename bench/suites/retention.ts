// Suite `retention`: the desk's nightly retention job (issue #15) over 1,000,000 visits that are all past
// the site's period: every visit and visitor anonymised in batches of 2,000 (each with its anonymise ops in
// the outbox and its traces scrubbed), then the file compacted as the scheduler does (the station is made
// by this release, so freed space was zeroed as written: the search index merged and the WAL truncated,
// no VACUUM; see privacyRepo.compact). The data is the desk suite's (three years of visits); the station's
// clock is then moved four years on, so all of it is due.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { privacyRepo } from '../../src/db/repos/privacy';
import { retainAll } from '../../src/main/privacy/retention-job';
import { startStation } from '../../src/main/station';
import { DESK_BENCH_NOW, loadVisits } from './desk';

const VISITS = Number(process.env.RETENTION_BENCH_VISITS ?? 1_000_000);
const DAY = 86_400_000;

export async function retentionSuite(): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-retention-'));
  let clock = DESK_BENCH_NOW.getTime();
  try {
    const station = await startStation({
      dataDir,
      demo: true,
      preset: { kind: 'desk' },
      now: () => new Date(clock),
    });
    const sqlite = station.core.db.$client;
    // RETENTION_BENCH_ORDER=random: the desk suite's random dates (the figures before 2026-12-07's evening).
    loadVisits(sqlite, VISITS, { inDateOrder: process.env.RETENTION_BENCH_ORDER !== 'random' });
    clock += 4 * 365 * DAY;

    const start = performance.now();
    const {
      anonymisedVisits: visits,
      anonymisedVisitors: visitors,
      batches,
    } = await retainAll(station.core, station.dispatcher);
    const retained = performance.now();
    privacyRepo.compact(station.core.db, new Date(clock).toISOString());
    const compacted = performance.now();
    const left = sqlite
      .prepare('SELECT count(*) FROM visits WHERE anonymised_at IS NULL')
      .pluck()
      .get() as number;
    station.close();
    return {
      visits: VISITS,
      anonymised_visits: visits,
      anonymised_visitors: visitors,
      visits_left_naming_someone: left,
      batches,
      retention_seconds: Math.round((retained - start) / 100) / 10,
      compact_seconds: Math.round((compacted - retained) / 100) / 10,
      total_seconds: Math.round((compacted - start) / 100) / 10,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
