// The sync server over HTTP: Fastify routes around SyncService, gzip in both directions, a WebSocket that
// nudges online stations to pull at once, and an admin API guarded by an admin token.
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { WebSocket } from 'ws';
import { SyncError, type NudgeMessage } from '../shared/sync';
import { SyncService, sha256 } from './service';
import { registerNotifyRoutes } from './notify/routes';
import { NotifyService, type NotifyOptions } from './notify/service';
import { SqliteNotifyStore } from './notify/sqlite-notify-store';
import type { NotifyStore } from './notify/store';
import { SqliteSyncStore } from './sqlite-store';
import type { NudgeEvent, StationRecord, SyncStore } from './store';
import { registerUpdateRoutes } from './updates/routes';
import { metricsRefusal } from '../cli/ops';
import { serverMetrics } from './metrics';
import type { UpdateFeedsOptions } from './updates/feeds';
import { SqliteUpdateStore, type UpdateStore } from './updates/store';

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

/** Largest request body, compressed or not, and the largest it may inflate to (guards against zip bombs). */
const BODY_LIMIT = 16 * 1024 * 1024;
const INFLATED_LIMIT = 64 * 1024 * 1024;
const COMPRESS_ABOVE = 1024;

export interface SyncServerOptions {
  store: SyncStore;
  /** Bearer token for /admin routes. */
  adminToken: string;
  /** pino options, or false for no logs (tests). */
  logger?: FastifyServerOptions['logger'];
  /** A logger made by the program (src/cli/ops.ts createLogger); wins over `logger`. */
  loggerInstance?: FastifyBaseLogger;
  now?: () => Date;
  /** Host notifications, approvals and webhooks (src/server/notify); off when absent. */
  notify?: NotifyOptions;
  /** The update feeds (src/server/updates, docs/updates.md); off when absent. */
  updates?: UpdateFeedsOptions;
  /** The secret the stations' ID-number key derives from (docs/privacy.md#id-numbers); none: not handed out. */
  idNumberSecret?: Buffer;
  /** The bearer token Prometheus reads /metrics with; without it /metrics refuses every request. */
  metricsToken?: string;
}

export interface SyncServer {
  app: FastifyInstance;
  service: SyncService;
  /** The notification service, when options.notify was given (started; stopped on app close). */
  notify?: NotifyService;
  /** Stations with an open nudge socket. */
  onlineStations(): string[];
}

export async function createSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  const service = new SyncService(options.store, options.now, options.idNumberSecret);
  const app = Fastify({
    ...(options.loggerInstance
      ? { loggerInstance: options.loggerInstance }
      : { logger: options.logger ?? false }),
    bodyLimit: BODY_LIMIT,
    // On close, idle keep-alive sockets go at once; requests in flight are answered first.
    forceCloseConnections: 'idle',
  });

  // JSON bodies, gzip-compressed when the client says so (stations always compress).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
    const inflate =
      encoding === 'gzip' ? gunzipAsync(body, { maxOutputLength: INFLATED_LIMIT }) : Promise.resolve(body);
    if (encoding !== 'gzip' && encoding !== 'identity') {
      done(new SyncError('invalid_input', `Content-Encoding ${encoding} is not supported; use gzip.`));
      return;
    }
    inflate.then(
      (raw) => {
        try {
          done(null, raw.length === 0 ? {} : JSON.parse(raw.toString('utf8')));
        } catch {
          done(new SyncError('invalid_input', 'The body is not valid JSON.'));
        }
      },
      () =>
        done(
          new SyncError(
            'invalid_input',
            `The body could not be inflated (bad gzip, or larger than ${INFLATED_LIMIT} bytes).`,
          ),
        ),
    );
  });

  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' || payload.length < COMPRESS_ABOVE) return payload;
    if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return payload;
    reply.header('content-encoding', 'gzip');
    reply.header('vary', 'accept-encoding');
    reply.removeHeader('content-length');
    return gzipAsync(payload);
  });

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof SyncError) return reply.code(error.status).send(error.toJSON());
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500)
      return reply.code(status).send({
        code: 'invalid_input',
        message: `The request could not be read: ${(error as Error).message}`,
      });
    req.log.error(error);
    return reply
      .code(500)
      .send({ code: 'internal', message: 'The sync server failed; nothing was changed. Try again.' });
  });

  const stationOf = (authorization: string | undefined) => service.authenticate(authorization);
  const adminHash = Buffer.from(sha256(options.adminToken), 'hex');
  const requireAdmin = (authorization: string | undefined) => {
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? '';
    if (!timingSafeEqual(Buffer.from(sha256(token), 'hex'), adminHash))
      throw new SyncError('unauthenticated', 'This needs the admin token.');
  };

  app.get('/healthz', async () => ({ ok: true, serverHeadSeq: await options.store.headSeq() }));

  app.post('/sync/push', async (req) => service.push(await stationOf(req.headers.authorization), req.body));
  app.post('/sync/pull', async (req) => service.pull(await stationOf(req.headers.authorization), req.body));
  app.post('/sync/health', async (req) =>
    service.reportHealth(await stationOf(req.headers.authorization), req.body),
  );
  app.post('/sync/first-admin', async (req) =>
    service.claimFirstAdmin(await stationOf(req.headers.authorization), req.body),
  );
  app.post('/sync/checksum', async (req) =>
    service.checksum(await stationOf(req.headers.authorization), req.body),
  );
  app.post('/sync/entities', async (req) =>
    service.entities(await stationOf(req.headers.authorization), req.body),
  );

  // ---- nudges ----
  const sockets = new Map<WebSocket, StationRecord>();
  await app.register(fastifyWebsocket);
  app.get('/sync/nudge', { websocket: true }, async (socket, req) => {
    let station: StationRecord;
    try {
      station = await stationOf(req.headers.authorization);
    } catch (error) {
      const e = error instanceof SyncError ? error : new SyncError('unauthenticated', 'Not allowed.');
      socket.send(JSON.stringify(e.toJSON()));
      socket.close(4000 + (e.status % 1000), e.code);
      return;
    }
    sockets.set(socket, station);
    socket.on('close', () => sockets.delete(socket));
    socket.send(
      JSON.stringify({ type: 'nudge', serverHeadSeq: await options.store.headSeq() } satisfies NudgeMessage),
    );
  });
  const deliver = (event: NudgeEvent) => {
    if (event.type === 'revoked') {
      for (const [socket, station] of sockets)
        if (station.id === event.stationId) socket.close(4403, 'revoked');
      return;
    }
    const siteIds = new Set(event.siteIds);
    const message = JSON.stringify({
      type: 'nudge',
      serverHeadSeq: event.serverHeadSeq,
    } satisfies NudgeMessage);
    for (const [socket, station] of sockets) {
      if (siteIds.has(null) || siteIds.has(station.siteId)) socket.send(message);
    }
  };
  // Several instances on one database: every instance's writes reach the stations connected here too.
  const bus = options.store.nudges;
  const announce = (event: NudgeEvent) => {
    if (!bus) return deliver(event);
    bus.publish(event).catch((error: unknown) => {
      app.log.warn({ err: error }, 'nudge not published to the other instances; delivered here only');
      deliver(event);
    });
  };
  if (bus) {
    const unsubscribe = await bus.subscribe(deliver);
    app.addHook('onClose', unsubscribe);
  }
  service.events.on('applied', (siteIds: Set<string | null>, serverHeadSeq: number) =>
    announce({ type: 'applied', siteIds: [...siteIds], serverHeadSeq }),
  );
  service.events.on('revoked', (stationId: string) => announce({ type: 'revoked', stationId }));
  // Shutting down: requests in flight are answered with "Connection: close", so their keep-alive sockets
  // end with the answer instead of holding the close open until the keep-alive timeout (72 s).
  let closing = false;
  app.addHook('onSend', async (_req, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('preClose', async () => {
    closing = true;
    for (const socket of sockets.keys()) socket.close(1001, 'server shutting down');
  });

  // ---- enrollment and admin ----
  app.post('/enroll/claim', async (req) => service.claim(req.body));
  app.get('/admin/sites', async (req) => {
    requireAdmin(req.headers.authorization);
    return { sites: await options.store.listSites() };
  });
  app.post('/admin/sites', async (req, reply) => {
    requireAdmin(req.headers.authorization);
    return reply.code(201).send(await service.createSite(req.body));
  });
  app.post('/admin/enrollment-codes', async (req, reply) => {
    requireAdmin(req.headers.authorization);
    return reply.code(201).send(await service.createEnrollmentCode(req.body));
  });
  app.get('/admin/stations', async (req) => {
    requireAdmin(req.headers.authorization);
    return { stations: await service.fleet(new Set([...sockets.values()].map((s) => s.id))) };
  });
  app.get<{ Params: { id: string } }>('/admin/stations/:id/health', async (req) => {
    requireAdmin(req.headers.authorization);
    return { history: await service.stationHealth(req.params.id) };
  });
  app.delete<{ Params: { id: string } }>('/admin/stations/:id/audit-problem', async (req) => {
    requireAdmin(req.headers.authorization);
    await service.clearAuditProblem(req.params.id);
    return { ok: true };
  });
  app.post<{ Params: { id: string } }>('/admin/stations/:id/revoke', async (req) => {
    requireAdmin(req.headers.authorization);
    await service.revoke(req.params.id);
    return { ok: true };
  });
  app.post<{ Params: { id: string } }>('/admin/sites/:id/hosts/import', async (req) => {
    requireAdmin(req.headers.authorization);
    return service.importHosts(req.params.id, req.body);
  });
  app.post<{ Params: { stationId: string; stationSeq: string } }>(
    '/admin/quarantine/:stationId/:stationSeq/release',
    async (req) => {
      requireAdmin(req.headers.authorization);
      const seq = Number(req.params.stationSeq);
      if (!Number.isSafeInteger(seq) || seq < 1)
        throw new SyncError('invalid_input', 'The station sequence must be a positive whole number.');
      return service.releaseQuarantined(req.params.stationId, seq, req.body);
    },
  );
  app.get('/admin/audit', async (req) => {
    requireAdmin(req.headers.authorization);
    return { entries: await options.store.adminAudit() };
  });
  app.post('/admin/ops', async (req) => {
    requireAdmin(req.headers.authorization);
    return service.author(req.body);
  });

  if (options.updates) {
    await registerUpdateRoutes(app, {
      store: await updateStoreOf(options.store),
      feeds: { now: options.now, ...options.updates },
      stationOf,
      requireAdmin,
    });
  }

  let notify: NotifyService | undefined;
  let notifyStore: NotifyStore | undefined;
  if (options.notify) {
    notifyStore = await notifyStoreOf(options.store);
    notify = new NotifyService(service, notifyStore, options.notify, options.now);
    registerNotifyRoutes(app, service, notify, requireAdmin);
    await notify.start();
    const started = notify;
    app.addHook('onClose', () => started.stop());
  }

  // Prometheus figures: for a scraper with the metrics token, never for a web page (src/cli/ops.ts).
  const metrics = serverMetrics({
    store: options.store,
    service,
    notifyStore,
    connected: () => new Set([...sockets.values()].map((s) => s.id)),
    now: options.now ?? (() => new Date()),
  });
  app.get('/metrics', async (req, reply) => {
    const refusal = metricsRefusal(req.headers, options.metricsToken ?? randomUUID());
    if (refusal) return reply.code(refusal.status).send({ code: 'forbidden', message: refusal.message });
    return reply.type(metrics.contentType).send(await metrics.metrics());
  });

  return { app, service, notify, onlineStations: () => [...new Set([...sockets.values()].map((s) => s.id))] };
}

/** The notification store on the sync store's own database (PostgreSQL's loaded only when used). */
async function notifyStoreOf(store: SyncStore): Promise<NotifyStore> {
  if (store instanceof SqliteSyncStore) return new SqliteNotifyStore(store);
  const [{ PgSyncStore }, { PgNotifyStore }] = await Promise.all([
    import('./pg-store'),
    import('./notify/pg-notify-store'),
  ]);
  if (store instanceof PgSyncStore) return PgNotifyStore.open(store);
  throw new Error('Notifications need the SQLite or the PostgreSQL store.');
}

/** The update feeds' metadata on the sync store's own database. */
async function updateStoreOf(store: SyncStore): Promise<UpdateStore> {
  if (store instanceof SqliteSyncStore) return new SqliteUpdateStore(store);
  const [{ PgSyncStore }, { PgUpdateStore }] = await Promise.all([
    import('./pg-store'),
    import('./updates/pg-update-store'),
  ]);
  if (store instanceof PgSyncStore) return new PgUpdateStore(store);
  throw new Error('Update feeds need the SQLite or the PostgreSQL store.');
}
