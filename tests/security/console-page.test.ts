// The console page as the sync server serves it (docs/console.md): under /console/ with its strict
// Content-Security-Policy and no framing; /console goes to /console/; a server whose page was never built
// says how to build it instead of a bare 404.
import Fastify from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerConsolePage } from '../../src/server/console/page';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function serve(withPage: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-console-page-'));
  dirs.push(dir);
  if (withPage) writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
  const app = Fastify();
  await registerConsolePage(app, dir);
  return app;
}

describe('the console page', () => {
  it('is served at /console/ with a CSP that allows no inline script and no framing', async () => {
    const app = await serve(true);
    const page = await app.inject({ url: '/console/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>console</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    const bare = await app.inject({ url: '/console' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/console/');
    await app.close();
  });

  it('says how to build it when it has not been built', async () => {
    const app = await serve(false);
    const page = await app.inject({ url: '/console/' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toMatch(/npm run build:renderer/);
    await app.close();
  });
});
