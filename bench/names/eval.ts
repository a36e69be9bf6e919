// Prints the screening evaluation (evaluate.ts): `npm run eval:names [-- --json] [-- --verbose]
// [-- --seed N]`. Recall or the false-positive rate per category, with examples of misses.
import { DEFAULT_NAMES_SEED, FALSE_POSITIVE_TARGET, RECALL_TARGET, evaluateNames } from './evaluate';

const json = process.argv.includes('--json');
const verbose = process.argv.includes('--verbose');
const seedAt = process.argv.indexOf('--seed');
const seed = seedAt >= 0 ? Number(process.argv[seedAt + 1]) : DEFAULT_NAMES_SEED;
if (!Number.isSafeInteger(seed)) {
  console.error(`--seed needs a whole number, got '${process.argv[seedAt + 1] ?? ''}'`);
  process.exit(2);
}

const result = evaluateNames(seed);
const rows = result.categories.map((c) => ({ ...c, examples: c.examples.slice(0, verbose ? 40 : 3) }));

if (json) {
  console.log(
    JSON.stringify({
      suite: 'names',
      seed,
      entries: result.entries,
      threshold: result.threshold,
      rows,
      screening_p99_ms: result.screeningP99Ms,
    }),
  );
} else {
  console.log(
    `name screening evaluation (seed ${seed}): ${result.entries} watchlist entries (built in ` +
      `${result.buildMs.toFixed(0)} ms), threshold ${result.threshold}, screening p99 ` +
      `${result.screeningP99Ms.toFixed(2)} ms\n`,
  );
  const width = Math.max(...rows.map((r) => r.category.length));
  for (const r of rows) {
    const figure = `${(100 * r.value).toFixed(1)} %`;
    console.log(
      `${!r.targeted ? '·' : r.meetsTarget ? ' ' : '✗'} ${r.category.padEnd(width)}  ${r.kind.padEnd(15)} ` +
        `${figure.padStart(7)}  (${r.hits}/${r.total})` +
        (r.examples.length ? `\n      e.g. ${r.examples.join('; ')}` : ''),
    );
  }
  const targeted = rows.filter((r) => r.targeted);
  console.log(
    `\ntargets: recall ≥ ${100 * RECALL_TARGET} % per same-person category, false positives ≤ ` +
      `${100 * FALSE_POSITIVE_TARGET} % per different-person category (· reported, not targeted)`,
  );
  console.log(`met: ${targeted.filter((r) => r.meetsTarget).length}/${targeted.length} targeted categories`);
}
