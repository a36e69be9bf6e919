// The web host: the same dispatcher over HTTP and a WebSocket, and the renderer as static files, so a
// browser in kiosk mode (or a test's Chromium) is a complete station screen.
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { methods, methodNames } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import { events as eventDefs, type StationEvent } from '../../shared/events';
import { KioskLimiter } from '../kiosk/limits';
import { eventFor } from '../kiosk/scans';
import type { Caller } from '../core/context';
import { CONTENT_SECURITY_POLICY } from '../csp';
import type { Station } from '../station';
import { metricsRefusal } from '../../cli/ops';
import { stationMetrics } from './metrics';
import { openApiDocument } from './openapi';

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));

export interface WebHostOptions {
  rendererDir?: string;
  /** Host names the server answers to besides loopback ones (guards against DNS rebinding). */
  allowedHosts?: string[];
  /** The station's logger (src/cli/ops.ts createLogger), or true for a plain one on stdout; none: no logs. */
  logger?: boolean | FastifyBaseLogger;
  /** The bearer token Prometheus reads /metrics with; without it /metrics refuses every request. */
  metricsToken?: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The close code of an event socket whose staff session ended (4000–4999: the application's own). */
export const SESSION_ENDED = 4401;

/** Whether a browser's Origin is this station's own page: http(s) on exactly the host and port it asked. */
function isOwnOrigin(origin: string, host: string | undefined): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host;
  } catch {
    return false; // "null" (a sandboxed frame, a file:// page) or garbage
  }
}

export async function createWebHost(
  station: Station,
  options: WebHostOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    ...(typeof options.logger === 'object'
      ? { loggerInstance: options.logger }
      : { logger: options.logger ? { redact: ['req.headers.authorization'] } : false }),
    bodyLimit: 8 * 1024 * 1024,
    // Closing the station must not wait for screens' open event sockets and keep-alive connections:
    // they reconnect to the next start.
    forceCloseConnections: true,
  });
  // Only JSON bodies: a cross-site form or text/plain POST cannot reach the API without a CORS preflight.
  app.removeContentTypeParser('text/plain');
  const allowedHosts = new Set([...LOOPBACK_HOSTS, ...(options.allowedHosts ?? [])]);

  app.addHook('onRequest', async (req, reply) => {
    // A refused WebSocket upgrade never reaches @fastify/websocket's hooks, which would end its socket.
    if (req.headers.upgrade) reply.raw.once('finish', () => req.raw.socket?.destroy());
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!allowedHosts.has(host)) {
      return reply
        .code(421)
        .send({ code: 'forbidden', message: `This station does not answer to host "${host}".` });
    }
    // A page of another origin in the station's browser may open a WebSocket (no CORS there) and send a
    // "simple" POST: the API and the event socket answer only the station's own page. Programs that send
    // no Origin (tests, scripts on the station) are not pages and are let through.
    const origin = req.headers.origin;
    if (req.url.startsWith('/api') && origin !== undefined && !isOwnOrigin(origin, req.headers.host)) {
      return reply
        .code(403)
        .send({ code: 'forbidden', message: 'Calls are accepted only from the station’s own screen.' });
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

  // Prometheus figures: for a scraper with the metrics token, never for a web page (src/cli/ops.ts).
  const metrics = stationMetrics(station);
  app.get('/metrics', async (req, reply) => {
    const refusal = metricsRefusal(req.headers, options.metricsToken ?? randomUUID());
    if (refusal) return reply.code(refusal.status).send({ code: 'forbidden', message: refusal.message });
    return reply.type(metrics.contentType).send(await metrics.metrics());
  });

  const openApi = openApiDocument();
  app.get('/api/openapi.json', async () => openApi);

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

  const limits = new KioskLimiter(station.core.now);
  app.post<{ Params: { method: string } }>('/api/:method', async (req) => {
    // No body is not "{}": a bare POST (a form, a prefetch, a stray script) must not run a method.
    if (req.body === undefined)
      throw new ApiError(
        'invalid_input',
        'The request has no JSON body; send {} for a method without input.',
      );
    // The client's address: sign-in throttles and locks count per client (src/node/sign-in-guard.ts).
    const caller = { ...callerOf(station, req.headers.authorization), client: req.ip };
    // The method and the names of the fields given, never their values (personal data, PINs, codes).
    req.log.debug(
      {
        method: req.params.method,
        role: caller.role,
        fields: req.body && typeof req.body === 'object' ? Object.keys(req.body) : [],
      },
      'api call',
    );
    if (caller.role === 'visitor') limits.take(req.params.method, req.ip, req.body);
    return station.dispatcher.call(req.params.method, req.body, caller);
  });

  await app.register(fastifyWebsocket);
  app.get('/api/events', { websocket: true }, (socket) => {
    // A browser cannot set headers on a WebSocket: it starts as the visitor and may send
    // { "type": "auth", "token": "…" } to hear what its signed-in role may hear; the answer is
    // { "type": "auth", "role": "…" }. Every other message is a StationEvent { event, payload }, as
    // eventFor shapes it for the role. The session is checked again for every event: once it has ended
    // (signed out, revoked, expired) the socket is closed with SESSION_ENDED and hears nothing more.
    let role: Caller['role'] = 'visitor';
    let token: string | undefined;
    const { sessions } = station.core;
    const ended = () => socket.close(SESSION_ENDED, 'Your session has ended. Please sign in again.');
    socket.on('message', (data) => {
      try {
        const message = JSON.parse(String(data)) as { type?: string; token?: string | null };
        if (message.type === 'auth') {
          const caller = sessions.callerFor(message.token ?? undefined);
          token = caller?.token;
          role = caller?.role ?? 'visitor';
          socket.send(JSON.stringify({ type: 'auth', role })); // tells the screen what it will now hear
        }
      } catch {
        // not JSON: ignored, the socket only listens
      }
    });
    const offEnd = sessions.onEnd((t) => t === token && ended());
    const off = station.onEvent((event: StationEvent) => {
      if (token && !sessions.isLive(token)) return ended();
      const shaped = eventFor(station.core, role, event);
      if (shaped) socket.send(JSON.stringify(shaped));
    });
    socket.on('close', () => {
      off();
      offEnd();
    });
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
