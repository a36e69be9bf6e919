// Issue 18's targets on the public name evaluation (bench/names): recall ≥ 95 % on every same-person
// category, false positives ≤ 1 % on every different-person category, measured by screening against a
// watchlist of 25,000 names. The figures are computed here, never written in: a category on BELOW_TARGET
// (listed with its figures in bench/README.md) is expected to miss its target, and the day it meets it
// this test fails until the category is taken off the list.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BELOW_TARGET,
  DEFAULT_NAMES_SEED,
  FALSE_POSITIVE_TARGET,
  NOT_TARGETED,
  RECALL_TARGET,
  evaluateNames,
  type CategoryResult,
  type NamesEvaluation,
} from '../../bench/names/evaluate';
import { NamePairs } from '../../bench/names/pairs';

/** Every category the evaluation reports (a new one must be added here, and so to the README's table). */
const CATEGORIES = [
  'nickname',
  'script: Cyrillic',
  'script: Chinese',
  'script: other',
  'script: Greek',
  'script: Japanese',
  'script: Korean',
  'transliteration: Russian',
  'transliteration: Greek',
  'transliteration: Arabic',
  'phonetic spelling',
  'particles and hyphens',
  'order',
  'middle name or second surname',
  'typos (two in a long name)',
  'synthetic (old generator)',
  'different: common given + surname',
  'different: short East Asian names',
  'different: one shared given name',
  'different: Arab names, another father',
  'different: 10,000 other people',
];
const SAME_PERSON = CATEGORIES.filter((c) => !c.startsWith('different: '));

let evaluation: NamesEvaluation;
beforeAll(() => {
  evaluation = evaluateNames(DEFAULT_NAMES_SEED);
}, 300_000);

const result = (category: string): CategoryResult => {
  const found = evaluation.categories.find((c) => c.category === category);
  if (!found) throw new Error(`the evaluation reported no category '${category}'`);
  return found;
};
const figure = (c: CategoryResult) => `${(100 * c.value).toFixed(1)} % (${c.hits}/${c.total})`;

describe('name screening on public data (issue 18)', () => {
  it('reports every category, each on at least 100 pairs, and nothing else', () => {
    expect(evaluation.categories.map((c) => c.category).sort()).toEqual([...CATEGORIES].sort());
    for (const c of evaluation.categories) expect(c.total, c.category).toBeGreaterThanOrEqual(100);
    for (const c of evaluation.categories)
      expect(c.kind, c.category).toBe(SAME_PERSON.includes(c.category) ? 'recall' : 'false positives');
    for (const name of [...BELOW_TARGET, ...NOT_TARGETED]) expect(CATEGORIES).toContain(name);
  });

  for (const category of CATEGORIES.filter((c) => !NOT_TARGETED.has(c))) {
    const same = SAME_PERSON.includes(category);
    const target = same
      ? `recall ≥ ${100 * RECALL_TARGET} %`
      : `false positives ≤ ${100 * FALSE_POSITIVE_TARGET} %`;
    const check = () => {
      const c = result(category);
      const message = `${category}: ${c.kind} ${figure(c)}; e.g. ${c.examples.slice(0, 5).join('; ')}`;
      if (same) expect(c.value, message).toBeGreaterThanOrEqual(RECALL_TARGET);
      else expect(c.value, message).toBeLessThanOrEqual(FALSE_POSITIVE_TARGET);
    };
    if (BELOW_TARGET.has(category)) it.fails(`${category}: ${target} (below target, BELOW_TARGET)`, check);
    else it(`${category}: ${target}`, check);
  }

  it('builds the same pairs for a seed and other pairs for another seed', () => {
    const first = new NamePairs(7).all();
    expect(new NamePairs(7).all()).toEqual(first);
    expect(new NamePairs(8).all()).not.toEqual(first);
  });
});
