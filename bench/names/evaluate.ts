// Screening accuracy on name pairs the project did not generate (bench/names/pairs.ts, sources in
// bench/data/names/SOURCES.md). The listed side of every pair goes on one watchlist together with 20,000
// people from many countries; each visitor is screened at the default threshold. A same-person pair counts
// as found when its listed entry is among the matches; a different-person pair counts as a false positive
// when it is. On top, 10,000 other people (surnames the watchlist does not use, given names it may) are
// screened, and any match counts as a false positive. Deterministic for a seed: the pairs, the population
// and the figures are the same on every run with it. `npm run eval:names` (eval.ts) prints the table;
// tests/unit/names-eval.test.ts holds every targeted category to its target.
import {
  DEFAULT_SCREENING_THRESHOLD,
  WatchlistIndex,
  type WatchlistEntry,
} from '../../src/main/screening/watchlist';
import { NamePairs } from './pairs';
import { variantSets } from './sources';

/** The seed the published figures (bench/README.md, docs/passes-and-screening.md) were taken with. */
export const DEFAULT_NAMES_SEED = 20261205;

/** Issue 18's targets: per same-person category and per different-person category. */
export const RECALL_TARGET = 0.95;
export const FALSE_POSITIVE_TARGET = 0.01;

/**
 * Reported, not held to the target: Japanese names in kanji need a reading dictionary (高橋 is Takahashi;
 * read as Chinese it is Gao Qiao), which no maintained transliteration library carries.
 */
export const NOT_TARGETED: ReadonlySet<string> = new Set(['script: Japanese']);

/**
 * Targeted categories below their target on the default seed today: listed (with their figures) in
 * bench/README.md and docs/passes-and-screening.md, and expected to fail in tests/unit/names-eval.test.ts,
 * so one that starts meeting its target turns that test red until it is taken off this list.
 */
export const BELOW_TARGET: ReadonlySet<string> = new Set<string>();

export interface CategoryResult {
  category: string;
  /** Same-person pairs (figure is recall) or different people (figure is the false-positive rate). */
  kind: 'recall' | 'false positives';
  /** Found pairs (recall) or false matches (false positives). */
  hits: number;
  total: number;
  /** hits / total. */
  value: number;
  targeted: boolean;
  meetsTarget: boolean;
  /** Misses (recall) or false matches, "visitor → listed", in pair order. */
  examples: string[];
}

export interface NamesEvaluation {
  seed: number;
  threshold: number;
  entries: number;
  buildMs: number;
  screeningP99Ms: number;
  categories: CategoryResult[];
}

const now = new Date('2026-12-05T12:00:00Z');

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** Each spelling of the written variant lists → the first spelling of its line (Mohammad → muhammad). */
const SPELLINGS = new Map<string, string>();
for (const file of ['arabic-romanizations.txt', 'spelling-variants.txt'] as const)
  for (const spellings of variantSets(file))
    for (const spelling of spellings)
      if (!SPELLINGS.has(fold(spelling))) SPELLINGS.set(fold(spelling), fold(spellings[0]!));

/**
 * One name however it is written: the same words in another order ("Ahmed Muhammad", "Muhammad Ahmed"), or
 * spelt as the variant lists say one name is spelt (Mohammad Ahmed, Muhammad Ahmed). Another person with a
 * listed name is a match screening must raise (the date of birth or ID number tells them apart), so the
 * 10,000 other people leave such names out; the same lists are the transliteration and phonetic categories.
 */
const foldWords = (s: string) =>
  fold(s)
    .split(/[\s,-]+/)
    .map((w) => SPELLINGS.get(w) ?? w)
    .sort()
    .join(' ');

/** Recall and false-positive rate per category, for one seed. */
export function evaluateNames(seed: number = DEFAULT_NAMES_SEED): NamesEvaluation {
  const options = { threshold: DEFAULT_SCREENING_THRESHOLD, now, limit: 1000 };
  const source = new NamePairs(seed);
  const pairs = source.all();
  const filler = source.population(20_000, 0);
  const others = source.population(10_000, 1);

  const entries: WatchlistEntry[] = [
    ...pairs.map((p, i) => ({
      id: `pair-${i}`,
      name: p.listed,
      reason: p.category,
      level: 'alert' as const,
    })),
    ...filler.map((name, i) => ({ id: `person-${i}`, name, reason: 'population', level: 'alert' as const })),
  ];
  let started = performance.now();
  const index = new WatchlistIndex(entries);
  const buildMs = performance.now() - started;

  const tallies = new Map<string, { same: boolean; hits: number; total: number; examples: string[] }>();
  const tally = (category: string, same: boolean) => {
    let t = tallies.get(category);
    if (!t) tallies.set(category, (t = { same, hits: 0, total: 0, examples: [] }));
    return t;
  };
  const times: number[] = [];

  pairs.forEach((pair, i) => {
    started = performance.now();
    const result = index.screen({ name: pair.visitor }, options);
    times.push(performance.now() - started);
    const found = result.matches.some((m) => m.entryId === `pair-${i}`);
    const t = tally(pair.category, pair.same);
    t.total++;
    // For same-person pairs `hits` counts finds; for different people it counts false matches.
    if (found) t.hits++;
    if (found !== pair.same) t.examples.push(`${pair.visitor} → ${pair.listed}`);
  });

  const listedNames = new Set(entries.map((e) => foldWords(e.name)));
  const byId = new Map(entries.map((e) => [e.id, e]));
  const population = tally('different: 10,000 other people', false);
  for (const name of others) {
    if (listedNames.has(foldWords(name))) continue; // the same name as a listed person: a match is right
    started = performance.now();
    const result = index.screen({ name }, options);
    times.push(performance.now() - started);
    population.total++;
    if (result.matches.length > 0) {
      population.hits++;
      population.examples.push(`${name} → ${byId.get(result.matches[0]!.entryId)!.name}`);
    }
  }

  times.sort((a, b) => a - b);
  const categories = [...tallies].map(([category, t]): CategoryResult => {
    const value = t.total === 0 ? 0 : t.hits / t.total;
    const targeted = !NOT_TARGETED.has(category);
    return {
      category,
      kind: t.same ? 'recall' : 'false positives',
      hits: t.hits,
      total: t.total,
      value,
      targeted,
      meetsTarget: t.same ? value >= RECALL_TARGET : value <= FALSE_POSITIVE_TARGET,
      examples: t.examples,
    };
  });
  return {
    seed,
    threshold: DEFAULT_SCREENING_THRESHOLD,
    entries: entries.length,
    buildMs,
    screeningP99Ms: times[Math.floor(0.99 * times.length)] ?? 0,
    categories,
  };
}
