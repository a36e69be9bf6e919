// Suite `security`: does staff sign-in leave the station responsive? /healthz round trips over HTTP
// while 20 sign-in attempts (wrong PINs, each from its own loopback address) run in parallel, and the
// time those 20 take. The throttles are raised here: this measures the KDF queue, not the limits.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kdfStats } from '../../src/node/secrets';
import { startStation } from '../../src/main/station';
import { createWebHost } from '../../src/main/web/server';
import { summarize } from '../stats';

const PARALLEL = 20;
const ROUNDS = 5;

function post(port: number, from: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/session.signIn',
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json' },
      },
      (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)),
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

export async function securitySuite(): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-bench-'));
  const big = { burst: 10_000, refillMs: 1 };
  const station = await startStation({
    dataDir,
    demo: true,
    preset: { kind: 'desk' },
    signInLimits: { perClient: big, perLogin: big, global: big },
  });
  const app = await createWebHost(station);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const port = Number(new URL(base).port);
  try {
    const health: number[] = [];
    const burst: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      let running = true;
      const attempts = Promise.all(
        Array.from({ length: PARALLEL }, (_, i) =>
          post(port, `127.0.${round + 1}.${i + 1}`, { login: 'reception', secret: `90${i}0` }),
        ),
      ).finally(() => (running = false));
      while (running) {
        const t = performance.now();
        await (await fetch(`${base}/healthz`)).json();
        health.push(performance.now() - t);
      }
      await attempts;
      burst.push(performance.now() - start);
    }
    const h = summarize(health);
    const b = summarize(burst);
    return {
      healthz_during_sign_ins_median_ms: h.median,
      healthz_during_sign_ins_p99_ms: h.p99,
      healthz_samples: health.length,
      sign_in_burst_of_20_median_ms: b.median,
      kdf_max_in_flight: kdfStats().maxInFlight,
    };
  } finally {
    await app.close();
    await station.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
