// The console page (src/console, built by `npm run build:renderer` into dist/console) served at /console/:
// static files only, under a strict Content-Security-Policy (own scripts and styles, no inline script, no
// framing) like the station's screen. Its API is ./routes.ts under /console/api.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../../shared/csp';

/** dist/console of the checkout: three folders up from here under tsx, four from dist-node/src/server/console. */
export const DEFAULT_CONSOLE_DIR = [
  fileURLToPath(new URL('../../../dist/console', import.meta.url)),
  fileURLToPath(new URL('../../../../dist/console', import.meta.url)),
].find((dir) => existsSync(path.join(dir, 'index.html')));

/** The strict policy as it is: the console needs nothing wider. */
export const CONSOLE_CSP = contentSecurityPolicy();

export async function registerConsolePage(
  app: FastifyInstance,
  dir: string | undefined = DEFAULT_CONSOLE_DIR,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (_req, reply) => {
      reply.header('content-security-policy', CONSOLE_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-frame-options', 'DENY');
    });
    scope.get('/console', async (_req, reply) => reply.redirect('/console/'));
    if (dir && existsSync(path.join(dir, 'index.html'))) {
      await scope.register(fastifyStatic, { root: dir, prefix: '/console/', wildcard: false });
    } else {
      scope.get('/console/', async (_req, reply) =>
        reply
          .code(503)
          .type('text/plain')
          .send('The console page has not been built yet: run `npm run build:renderer`.'),
      );
    }
  });
}
