// Suite `gate`: a gate station whose database holds 100,000 passes (of 100,000 checked-in visits) and a
// 100,000-entry watchlist. Measures scan text → verdict through the real gate.scan call (signature,
// status, anti-passback, watchlist screening, the gate event, outbox op and audit entry written in one
// transaction; no relay configured) and screening one visitor on its own.
// Targets (issue 4): verdict p99 under 20 ms, screening p99 under 10 ms.
import type Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newId } from '../../src/shared/ids';
import { DEMO_SITE } from '../../src/main/demo';
import { checkPass } from '../../src/main/passes/service';
import { issuePassToken, tokenHash } from '../../src/main/passes/token';
import { screenPerson } from '../../src/main/screening/service';
import { SyntheticPeople, VARIANT_KINDS, fullName, seededRandom } from '../../src/main/screening/synthetic';
import { startStation } from '../../src/main/station';
import { foldForSearch } from '../../src/shared/text';
import { summarize, time } from '../stats';

const PASSES = Number(process.env.GATE_BENCH_PASSES ?? 100_000);
const WATCHLIST = Number(process.env.GATE_BENCH_WATCHLIST ?? 100_000);
const SCANS = 2_000;
const NOW = new Date('2026-11-22T12:00:00Z');
const HOUR = 3_600_000;

export async function gateSuite(): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-gate-'));
  try {
    const station = await startStation({ dataDir, demo: true, preset: { kind: 'gate' }, now: () => NOW });
    const people = new SyntheticPeople(11);
    const loadStart = performance.now();
    const listed = loadWatchlist(station.core.db.$client, people);
    const tokens = loadPasses(station, people, listed);
    const loadSeconds = (performance.now() - loadStart) / 1000;

    const guard = station.client({ role: 'security', userId: null });
    const pick = seededRandom(5);
    // Each pass is scanned once for entry: a full decision that is granted (or refused by the watchlist).
    const order = [...tokens.keys()].sort(() => pick() - 0.5);
    let next = 0;
    // The first scan builds the watchlist index (once per station start), untimed.
    await guard.gate.scan({ text: tokens[order[next++]!]!, direction: 'entry' });
    const verdict = summarize(
      await time(SCANS, () => guard.gate.scan({ text: tokens[order[next++]!]!, direction: 'entry' })),
    );

    // The offline check alone (decode, signature, status), for the split of the verdict's time.
    const verify = summarize(
      await time(SCANS, () =>
        checkPass(station.core.db, tokens[Math.floor(pick() * tokens.length)]!, {
          siteId: DEMO_SITE.id,
          zoneId: null,
          now: NOW,
        }),
      ),
    );

    const probes = [
      ...Array.from({ length: 1000 }, (_, i) => {
        const { person } = listed[Math.floor(pick() * listed.length)]!;
        return people.variant(person, VARIANT_KINDS[i % VARIANT_KINDS.length]!) ?? fullName(person);
      }),
      ...people.unrelated(1000).map(fullName),
    ];
    let p = 0;
    const screening = summarize(
      await time(probes.length, () =>
        screenPerson(station.core.db, DEMO_SITE.id, { name: probes[p++ % probes.length]! }, NOW),
      ),
    );
    station.close();
    return {
      passes: PASSES,
      watchlist_entries: WATCHLIST,
      load_seconds: Math.round(loadSeconds),
      scan_verdict_median_ms: verdict.median,
      scan_verdict_p99_ms: verdict.p99,
      verify_pass_median_ms: verify.median,
      verify_pass_p99_ms: verify.p99,
      screening_median_ms: screening.median,
      screening_p99_ms: screening.p99,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `count` watchlist entries of synthetic people (bench/suites/cipher.ts loads a smaller one). */
export function loadWatchlist(sqlite: Database.Database, people: SyntheticPeople, count = WATCHLIST) {
  const listed = people.watchlist(count);
  const at = NOW.toISOString();
  const insert = sqlite.prepare(
    `INSERT INTO watchlist_entries (id, name, aliases, date_of_birth, id_number, reason, level, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (const { entry } of listed)
      insert.run(
        newId(),
        entry.name,
        JSON.stringify(entry.aliases ?? []),
        entry.dateOfBirth ?? null,
        entry.idNumber ?? null,
        entry.reason,
        entry.level,
        at,
        at,
      );
  })();
  return listed;
}

/** `count` checked-in visits with a signed pass each; returns the tokens (only hashes are stored). */
export function loadPasses(
  station: Awaited<ReturnType<typeof startStation>>,
  people: SyntheticPeople,
  listed: ReturnType<SyntheticPeople['watchlist']>,
  count = PASSES,
): string[] {
  const sqlite = station.core.db.$client;
  const { passKey, stationId } = station.core;
  const at = NOW.toISOString();
  const pick = seededRandom(9);
  const insertVisitor = sqlite.prepare(
    'INSERT INTO visitors (id, name, search_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertVisit = sqlite.prepare(
    `INSERT INTO visits (id, site_id, visitor_id, status, checked_in_at, timezone, created_at, updated_at)
     VALUES (?, ?, ?, 'checked_in', ?, ?, ?, ?)`,
  );
  const insertPass = sqlite.prepare(
    `INSERT INTO passes (id, visit_id, site_id, token_hash, kind, status, valid_from, valid_until, zone_ids,
       multi_entry, issued_by_station_id, key_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'visit', 'active', ?, ?, '[]', 1, ?, ?, ?, ?)`,
  );
  const tokens: string[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      // One visitor in twenty is a variant of a listed name, so screening finds something now and then.
      const name =
        pick() < 0.05
          ? (people.variant(listed[i % listed.length]!.person, VARIANT_KINDS[i % VARIANT_KINDS.length]!) ??
            fullName(listed[i % listed.length]!.person))
          : fullName(people.unrelated(1)[0]!);
      const visitorId = newId();
      const visitId = newId();
      const passId = newId();
      insertVisitor.run(visitorId, name, foldForSearch(name), at, at);
      insertVisit.run(visitId, DEMO_SITE.id, visitorId, at, DEMO_SITE.timezone, at, at);
      const validFrom = new Date(NOW.getTime() - HOUR);
      const validUntil = new Date(NOW.getTime() + 8 * HOUR);
      const token = issuePassToken(
        {
          passId,
          siteId: DEMO_SITE.id,
          validFrom,
          validUntil,
          zoneIds: 'all',
          multiEntry: true,
          kind: 'visit',
        },
        passKey,
      );
      insertPass.run(
        passId,
        visitId,
        DEMO_SITE.id,
        tokenHash(token),
        validFrom.toISOString(),
        validUntil.toISOString(),
        stationId,
        passKey.keyId,
        at,
        at,
      );
      tokens.push(token);
    }
  })();
  return tokens;
}
