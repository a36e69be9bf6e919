// Pass verification speed: `npx tsx src/main/passes/bench.ts`. Issues 100,000 passes, keeps their statuses
// in a Map (the database lookup comes with the gate service), and times verifyPass: median and p99.
import { randomUUID } from 'node:crypto';
import { Keyring, generateStationKey } from '../core/keys';
import { issuePassToken, verifyPass } from './token';

const PASSES = Number(process.env.PASSES ?? 100_000);
const siteId = randomUUID();
const zones = [randomUUID(), randomUUID(), randomUUID()];
const stations = Array.from({ length: 20 }, () => generateStationKey());
const keyring = new Keyring(stations.map((s) => ({ keyId: s.keyId, publicKey: s.publicKeySpki })));
const now = new Date();
const statuses = new Map<string, 'active' | 'used' | 'revoked'>();
const tokens: string[] = [];
let started = performance.now();
for (let i = 0; i < PASSES; i++) {
  const passId = randomUUID();
  statuses.set(passId, i % 50 === 0 ? 'revoked' : 'active');
  const claims = {
    passId,
    siteId,
    validFrom: new Date(now.getTime() - 3600_000),
    validUntil: new Date(now.getTime() + 8 * 3600_000),
    zoneIds: zones.slice(0, 1 + (i % 3)),
    multiEntry: i % 2 === 0,
    kind: 'visit' as const,
  };
  if (i < 5000) tokens.push(issuePassToken(claims, stations[i % stations.length]!));
}
const issueMs = performance.now() - started;

const options = { keyring, siteId, zoneId: zones[0]!, now, lookupStatus: (id: string) => statuses.get(id) };
const times: number[] = [];
let granted = 0;
for (const token of tokens) {
  started = performance.now();
  if (verifyPass(token, options).ok) granted++;
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
console.log(
  `passes: issued 5000 tokens in ${issueMs.toFixed(0)} ms (${PASSES} statuses); ` +
    `verifyPass over ${tokens.length} scans (${granted} granted): median ${at(0.5)} ms, p99 ${at(0.99)} ms`,
);
