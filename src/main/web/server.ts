// The web host: the same dispatcher over HTTP and a WebSocket, and the renderer as static files, so a
// browser in kiosk mode (or a test's Chromium) is a complete station screen.
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { methods, methodNames } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import { canReceive, events as eventDefs, type StationEvent } from '../../shared/events';
import type { Caller } from '../core/context';
import { CONTENT_SECURITY_POLICY } from '../csp';
import type { Station } from '../station';

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));

export interface WebHostOptions {
  rendererDir?: string;
  /** Host names the server answers to besides loopback ones (guards against DNS rebinding). */
  allowedHosts?: string[];
  logger?: boolean;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export async function createWebHost(
  station: Station,
  options: WebHostOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ? { redact: ['req.headers.authorization'] } : false,
    bodyLimit: 8 * 1024 * 1024,
    // Closing the station must not wait for screens' open event sockets and keep-alive connections:
    // they reconnect to the next start.
    forceCloseConnections: true,
  });
  // Only JSON bodies: a cross-site form or text/plain POST cannot reach the API without a CORS preflight.
  app.removeContentTypeParser('text/plain');
  const allowedHosts = new Set([...LOOPBACK_HOSTS, ...(options.allowedHosts ?? [])]);

  app.addHook('onRequest', async (req, reply) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!allowedHosts.has(host)) {
      return reply
        .code(421)
        .send({ code: 'forbidden', message: `This station does not answer to host "${host}".` });
    }
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
  });

  app.setErrorHandler((error, _req, reply) => {
    if (error instanceof ApiError) return reply.code(error.status).send(error.toJSON());
    // Fastify's own 4xx (unreadable JSON, wrong content type, body too large) keep their status.
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) {
      return reply.code(status).send({
        code: 'invalid_input',
        message: `The request could not be read: ${(error as Error).message}`,
      });
    }
    app.log.error(error);
    return reply
      .code(500)
      .send(new ApiError('internal', 'Something went wrong at the station. Nothing was changed.').toJSON());
  });

  app.get('/healthz', async () =>
    station.dispatcher.call('system.health', {}, { role: 'station', userId: null }),
  );

  app.get('/api', async () => ({
    methods: methodNames.map((name) => {
      const def = methods[name];
      return {
        name,
        summary: def.summary,
        roles: def.roles,
        writes: def.writes,
        input: z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }),
        output: z.toJSONSchema(def.output, { io: 'output', unrepresentable: 'any' }),
      };
    }),
    events: Object.entries(eventDefs).map(([name, def]) => ({
      name,
      roles: def.roles,
      payload: z.toJSONSchema(def.payload, { unrepresentable: 'any' }),
    })),
  }));

  app.post<{ Params: { method: string } }>('/api/:method', async (req) => {
    // The client's address: sign-in throttles and locks count per client (src/main/core/sign-in-guard.ts).
    const caller = { ...callerOf(station, req.headers.authorization), client: req.ip };
    return station.dispatcher.call(req.params.method, req.body ?? {}, caller);
  });

  await app.register(fastifyWebsocket);
  app.get('/api/events', { websocket: true }, (socket) => {
    // A browser cannot set headers on a WebSocket: it starts as the visitor and may send
    // { "type": "auth", "token": "…" } to hear what its signed-in role may hear; the answer is
    // { "type": "auth", "role": "…" }. Every other message is a StationEvent { event, payload }.
    let role: Caller['role'] = 'visitor';
    socket.on('message', (data) => {
      try {
        const message = JSON.parse(String(data)) as { type?: string; token?: string | null };
        if (message.type === 'auth') {
          role = station.core.sessions.callerFor(message.token ?? undefined)?.role ?? 'visitor';
          socket.send(JSON.stringify({ type: 'auth', role })); // tells the screen what it will now hear
        }
      } catch {
        // not JSON: ignored, the socket only listens
      }
    });
    const off = station.onEvent((event: StationEvent) => {
      if (canReceive(role, event)) socket.send(JSON.stringify(event));
    });
    socket.on('close', off);
  });

  const rendererDir = options.rendererDir ?? DEFAULT_RENDERER_DIR;
  if (existsSync(rendererDir)) {
    await app.register(fastifyStatic, { root: rendererDir, wildcard: false });
    // The renderer routes on the client: any other page path gets the app.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api')) return reply.sendFile('index.html');
      return reply.code(404).send({ code: 'not_found', message: `Nothing at ${req.method} ${req.url}.` });
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply
        .code(503)
        .type('text/plain')
        .send('The station screen has not been built yet: run `npm run build:renderer`.'),
    );
  }
  return app;
}

function callerOf(station: Station, authorization: string | undefined): Caller {
  const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const caller = station.core.sessions.callerFor(token);
  if (!caller) throw new ApiError('unauthenticated', 'Your session has ended. Please sign in again.');
  return caller;
}
