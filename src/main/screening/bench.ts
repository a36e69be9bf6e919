// Screening speed on a 100,000-entry watchlist: `npx tsx src/main/screening/bench.ts`. Prints build time,
// then median and p99 of screening one visitor (target: p99 under 10 ms). Not a test: timings vary.
import { SyntheticPeople, VARIANT_KINDS, fullName } from './synthetic';
import { DEFAULT_SCREENING_THRESHOLD, WatchlistIndex } from './watchlist';

const ENTRIES = Number(process.env.ENTRIES ?? 100_000);
const people = new SyntheticPeople(7);
const listed = people.watchlist(ENTRIES);
let started = performance.now();
const index = new WatchlistIndex(listed.map((l) => l.entry));
const buildMs = performance.now() - started;

const probes: string[] = [];
for (let i = 0; i < 1000; i++) {
  const { person } = listed[Math.floor(Math.random() * listed.length)]!;
  probes.push(people.variant(person, VARIANT_KINDS[i % VARIANT_KINDS.length]!) ?? fullName(person));
}
probes.push(...people.unrelated(1000).map(fullName));

const options = { threshold: DEFAULT_SCREENING_THRESHOLD, now: new Date() };
for (const name of probes.slice(0, 200)) index.screen({ name }, options); // warm up
const times: number[] = [];
let flagged = 0;
for (const name of probes) {
  started = performance.now();
  const result = index.screen({ name, dateOfBirth: '1980-01-01', idNumber: 'X12345678' }, options);
  times.push(performance.now() - started);
  if (result.verdict !== 'clear') flagged++;
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
console.log(
  `screening: ${ENTRIES} entries indexed in ${buildMs.toFixed(0)} ms, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB; ` +
    `${probes.length} visitors (${flagged} flagged): median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`,
);
