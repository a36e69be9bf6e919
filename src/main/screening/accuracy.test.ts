// Screening accuracy on a seeded synthetic population: every realistic variant of a listed name should be
// found (recall), unrelated people should not be flagged (false positives). Figures go to the test output.
import { describe, expect, it } from 'vitest';
import { SyntheticPeople, VARIANT_KINDS, fullName, type VariantKind } from './synthetic';
import { DEFAULT_SCREENING_THRESHOLD, WatchlistIndex } from './watchlist';

const now = new Date('2025-06-02T12:00:00Z');
const options = { threshold: DEFAULT_SCREENING_THRESHOLD, now, limit: 100 };
const percent = (n: number, of: number) => `${((100 * n) / of).toFixed(2)} %`;

describe('screening accuracy', () => {
  it('finds at least 95 % of name variants and flags at most 1 % of unrelated people', () => {
    const people = new SyntheticPeople(20250602);
    const listed = people.watchlist(2000);
    const index = new WatchlistIndex(listed.map((l) => l.entry));

    const found = new Map<VariantKind, { hits: number; total: number; misses: string[] }>(
      VARIANT_KINDS.map((k) => [k, { hits: 0, total: 0, misses: [] }]),
    );
    for (const { entry, person } of listed) {
      for (const kind of VARIANT_KINDS) {
        const name = people.variant(person, kind);
        if (name === null) continue;
        const tally = found.get(kind)!;
        tally.total++;
        if (index.screen({ name }, options).matches.some((m) => m.entryId === entry.id)) tally.hits++;
        else tally.misses.push(`${name} (listed as ${entry.name})`);
      }
    }

    const unrelated = people.unrelated(10_000);
    const flagged = unrelated.filter((p) => index.screen({ name: fullName(p) }, options).matches.length > 0);

    const hits = [...found.values()].reduce((n, t) => n + t.hits, 0);
    const total = [...found.values()].reduce((n, t) => n + t.total, 0);
    const recall = hits / total;
    const falsePositiveRate = flagged.length / unrelated.length;
    console.log(
      [
        `screening accuracy at threshold ${DEFAULT_SCREENING_THRESHOLD}, ${listed.length} watchlist entries:`,
        ...[...found].map(
          ([kind, t]) =>
            `  ${kind.padEnd(16)} recall ${percent(t.hits, t.total)} (${t.hits}/${t.total})` +
            (t.misses.length ? `, e.g. missed ${t.misses.slice(0, 2).join('; ')}` : ''),
        ),
        `  overall recall   ${percent(hits, total)} (${hits}/${total})`,
        `  false positives  ${percent(flagged.length, unrelated.length)} (${flagged.length}/${unrelated.length} unrelated people)` +
          (flagged.length ? `, e.g. ${flagged.slice(0, 3).map(fullName).join('; ')}` : ''),
      ].join('\n'),
    );
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(falsePositiveRate).toBeLessThanOrEqual(0.01);
  });
});
