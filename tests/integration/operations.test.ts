// Operable processes (docs/operations.md): the station's /metrics refuses web pages — a real Chromium
// page on the station's own origin included — and anyone without the metrics token, then answers
// Prometheus with figures that follow what happens; GET /api/openapi.json is a valid OpenAPI 3.1
// document; the config file, the environment and flags in their documented precedence.
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/args';
import { serveCli } from '../../src/main/web/cli';
import { createWebHost } from '../../src/main/web/server';
import { serverCli } from '../../src/server/cli';
import { parseMetrics as parseAll } from '../support/metrics';
import { as, tempStation, type TestStation } from '../support/station';

const TOKEN = 'metrics-token-for-the-test-0123456789';
let station: TestStation;
let app: FastifyInstance;
let base: string;

beforeEach(async () => {
  station = await tempStation({ preset: { kind: 'gate' }, hardware: { enabled: false } });
  app = await createWebHost(station, { metricsToken: TOKEN });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await app.close();
  await station.dispose();
});

const scrape = (headers: Record<string, string> = {}) => fetch(`${base}/metrics`, { headers });
const parseMetrics = (text: string) => parseAll(text, ['station']);

describe('the station /metrics', () => {
  it('refuses a request without the metrics token, or with a wrong one', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape({ authorization: 'Bearer not-the-token' })).status).toBe(401);
    expect((await scrape({ authorization: `Basic ${TOKEN}` })).status).toBe(401);
  });

  it('refuses anything a web page sends, even with the token', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await scrape({ ...auth, origin: base })).status).toBe(403);
    expect((await scrape({ ...auth, 'sec-fetch-site': 'same-origin' })).status).toBe(403);
    expect((await scrape({ ...auth, 'sec-fetch-dest': 'empty' })).status).toBe(403);
  });

  it('cannot be read by a page in the station’s own browser, even one that knows the token', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/healthz`); // the station's own origin
      const statuses = await page.evaluate(
        async ([token]) => [
          (await fetch('/metrics')).status,
          (await fetch('/metrics', { headers: { authorization: `Bearer ${token}` } })).status,
        ],
        [TOKEN],
      );
      expect(statuses).toEqual([403, 403]);
    } finally {
      await browser.close();
    }
  });

  it('answers Prometheus with gate verdicts, sync, outbox, print and notify queues that follow the station', async () => {
    const read = async () => {
      const response = await scrape({ authorization: `Bearer ${TOKEN}` });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return parseMetrics(await response.text());
    };
    const before = await read();
    expect(before.get('gatehouse_sync_enrolled{}')).toBe(0);
    expect(before.get('gatehouse_sync_lag_seconds{}')).toBeNaN();
    expect(before.get('gatehouse_print_queue_jobs{status=queued}')).toBe(0);
    expect(before.get('gatehouse_notify_queue{status=pending}')).toBe(0);
    expect(before.get('gatehouse_outbox_depth{}')).toBe(station.sync.status().waiting);
    expect([...before.keys()].some((k) => k.startsWith('gatehouse_gate_scans'))).toBe(false);
    expect(before.has('gatehouse_station_process_resident_memory_bytes{}')).toBe(true);

    // Two forged passes at the gate: two refusals, each recorded with its outbox op.
    const gate = station.client(as('station'));
    for (const text of ['not a pass', 'GH1.forged']) {
      const verdict = await gate.gate.scan({ text });
      expect(verdict.granted).toBe(false);
    }
    const after = await read();
    const refused = [...after].filter(([k]) => k.startsWith('gatehouse_gate_scans{'));
    expect(refused.every(([k]) => k.includes('verdict=refused'))).toBe(true);
    expect(refused.reduce((sum, [, n]) => sum + n, 0)).toBe(2);
    expect(after.get('gatehouse_outbox_depth{}')).toBe(station.sync.status().waiting);
    expect(after.get('gatehouse_outbox_depth{}')).toBeGreaterThan(before.get('gatehouse_outbox_depth{}')!);
  });
});

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document with every method', async () => {
    const response = await fetch(`${base}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.paths['/api/visits.register']).toBeDefined();
    expect(document.paths['/api/system.health']).toBeDefined();
  });
});

describe('the config file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: unknown) => {
    const at = path.join(dir, name);
    writeFileSync(at, typeof content === 'string' ? content : JSON.stringify(content));
    return at;
  };
  afterEach(() => vi.unstubAllEnvs());

  it('gives defaults that the environment overrides, and flags override both', () => {
    const config = file('gatehouse.json', {
      station: { port: 5000, host: 'kiosk.lan', 'data-dir': '/srv/gh', 'log-level': 'warn' },
      server: { port: 6000, 'public-url': 'https://gh.example' },
    });
    const fromFile = serveCli.parse(['--config', config]);
    expect(fromFile).toMatchObject({ port: 5000, host: 'kiosk.lan', dataDir: '/srv/gh', logLevel: 'warn' });
    vi.stubEnv('GATEHOUSE_PORT', '5001');
    vi.stubEnv('LOG_LEVEL', 'debug');
    expect(serveCli.parse(['--config', config])).toMatchObject({ port: 5001, logLevel: 'debug' });
    expect(serveCli.parse(['--config', config, '--port', '5002'])).toMatchObject({ port: 5002 });
    vi.stubEnv('GATEHOUSE_CONFIG', config);
    vi.stubEnv('GATEHOUSE_PORT', '');
    expect(serverCli.parse(['serve'])).toMatchObject({ command: 'serve', port: 6000 });
  });

  it('refuses a file with an unknown key, a wrong value or bad JSON, naming the file and the key', () => {
    const refusal = (config: string) => {
      try {
        serveCli.parse(['--config', config]);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    const typo = file('typo.json', { station: { prot: 4310 } });
    expect(refusal(typo)).toMatch(new RegExp(`config file ${typo}.*station.*prot`));
    const port = file('port.json', { station: { port: 'abc' } });
    expect(refusal(port)).toMatch(/station\.port/);
    const secret = file('secret.json', { server: { 'admin-token': 'x' } });
    expect(refusal(secret)).toMatch(/server.*admin-token/);
    expect(refusal(file('bad.json', '{ port: 1'))).toMatch(/is not valid JSON/);
    expect(refusal(path.join(dir, 'missing.json'))).toMatch(/does not exist/);
    expect(() => serveCli.parse(['--config'])).toThrow(UsageError);
  });
});
