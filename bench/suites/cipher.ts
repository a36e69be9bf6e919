// Suite `cipher` (issue #15 item 4): what encrypting the station database (AEGIS-256, src/db/open.ts) costs.
// The same data on stations started side by side, plain (encryptDatabase: false, as before) and encrypted,
// measured in alternating rounds so the machine's load falls on both alike: a desk check-in
// (visits.checkIn: the visit, its outbox op and audit entry in one transaction), a gate verdict (gate.scan
// over passes and a watchlist) and a visit search by name over a large history.
// Target: encrypted within 15 % of plain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_SITE } from '../../src/main/demo';
import { SyntheticPeople, seededRandom } from '../../src/main/screening/synthetic';
import { startStation, type Station } from '../../src/main/station';
import { summarize, time } from '../stats';
import { loadVisits, surnames } from './desk';
import { loadPasses, loadWatchlist } from './gate';

const VISITS = Number(process.env.CIPHER_BENCH_VISITS ?? 200_000);
const PASSES = Number(process.env.CIPHER_BENCH_PASSES ?? 20_000);
const ROUNDS = 8;
const PER_ROUND = 100;
const NOW = new Date('2026-11-22T12:00:00Z');

interface Side {
  name: 'plain' | 'encrypted';
  desk: Station;
  gate: Station;
  /** Expected visits to check in, one per timed check-in. */
  expected: string[];
  tokens: string[];
  dirs: string[];
  samples: Record<'checkin' | 'gate_verdict' | 'search_name', number[]>;
}

async function side(name: Side['name']): Promise<Side> {
  const encryptDatabase = name === 'encrypted';
  const dirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), `gatehouse-bench-cipher-${name}-`)));
  const common = {
    demo: true,
    now: () => NOW,
    encryptDatabase,
    hardware: { enabled: false },
    sync: { enabled: false },
  } as const;
  const desk = await startStation({ ...common, dataDir: dirs[0]!, preset: { kind: 'desk' } });
  loadVisits(desk.core.db.$client, VISITS);
  const hostId = desk.core.db.$client
    .prepare('SELECT id FROM hosts WHERE site_id = ? LIMIT 1')
    .pluck()
    .get(DEMO_SITE.id) as string;
  const visitorTypeId = desk.core.db.$client
    .prepare('SELECT id FROM visitor_types WHERE site_id = ? LIMIT 1')
    .pluck()
    .get(DEMO_SITE.id) as string;
  const reception = desk.client({ role: 'reception', userId: null });
  const expected: string[] = [];
  for (let i = 0; i < (ROUNDS + 1) * PER_ROUND; i++) {
    const visit = await reception.visits.register({
      visitor: { name: `Expected Visitor ${i}` },
      hostId,
      visitorTypeId,
    });
    expected.push(visit.id);
  }

  const gate = await startStation({ ...common, dataDir: dirs[1]!, preset: { kind: 'gate' } });
  const people = new SyntheticPeople(11); // the same people on both sides
  const listed = loadWatchlist(gate.core.db.$client, people, PASSES);
  const tokens = loadPasses(gate, people, listed, PASSES);
  return {
    name,
    desk,
    gate,
    expected,
    tokens,
    dirs,
    samples: { checkin: [], gate_verdict: [], search_name: [] },
  };
}

/** One round of each measure on one side (`warmup`: untimed, the first time). */
async function round(s: Side, pick: () => number, warmup: boolean) {
  const reception = s.desk.client({ role: 'reception', userId: null });
  const guard = s.gate.client({ role: 'security', userId: null });
  const security = s.desk.client({ role: 'security', userId: null });
  const record = (measure: keyof Side['samples'], samples: number[]) => {
    if (!warmup) s.samples[measure].push(...samples);
  };
  record('checkin', await time(PER_ROUND, () => reception.visits.checkIn({ visitId: s.expected.pop()! }), 0));
  record(
    'gate_verdict',
    await time(
      PER_ROUND,
      () => guard.gate.scan({ text: s.tokens[Math.floor(pick() * s.tokens.length)]!, direction: 'entry' }),
      0,
    ),
  );
  record(
    'search_name',
    await time(
      PER_ROUND,
      () => security.visits.search({ query: surnames[Math.floor(pick() * surnames.length)]! }),
      0,
    ),
  );
}

export async function cipherSuite(): Promise<Record<string, number>> {
  const sides = [await side('plain'), await side('encrypted')];
  try {
    const picks = { plain: seededRandom(5), encrypted: seededRandom(5) }; // the same scans and searches
    for (const s of sides) await round(s, picks[s.name], true);
    for (let r = 0; r < ROUNDS; r++) {
      // Alternating which side goes first, so a slow moment of the machine does not favour one.
      for (const s of r % 2 === 0 ? sides : [...sides].reverse()) await round(s, picks[s.name], false);
    }
    const metrics: Record<string, number> = { visits: VISITS, passes: PASSES };
    for (const measure of ['checkin', 'gate_verdict', 'search_name'] as const) {
      const [plain, encrypted] = sides.map((s) => summarize(s.samples[measure]));
      metrics[`${measure}_plain_median_ms`] = plain!.median;
      metrics[`${measure}_encrypted_median_ms`] = encrypted!.median;
      metrics[`${measure}_plain_p99_ms`] = plain!.p99;
      metrics[`${measure}_encrypted_p99_ms`] = encrypted!.p99;
      metrics[`${measure}_median_cost_pct`] = Math.round((encrypted!.median / plain!.median - 1) * 1000) / 10;
    }
    return metrics;
  } finally {
    for (const s of sides) {
      await s.desk.close();
      await s.gate.close();
      for (const dir of s.dirs) rmSync(dir, { recursive: true, force: true });
    }
  }
}
