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
import { NOTICE_WINDOW_MS, type NudgeEvent, type StationRecord, type SyncStore } from './store';
import { registerUpdateRoutes } from './updates/routes';
import { ConsoleAccounts, type ConsoleAccountsOptions } from './console/accounts';
import { registerConsolePage } from './console/page';
import { registerConsoleRoutes } from './console/routes';
import { consoleStoreOf, onSameDatabase } from './open-store';
import { metricsRefusal } from '../cli/ops';
import { serverMetrics, syncFigures } from './metrics';
import { errorHandler } from './http-errors';
import { Registry } from 'prom-client';
import type { UpdateFeedsOptions } from './updates/feeds';
import { SqliteUpdateStore, type UpdateStore } from './updates/store';
import { runServerRetention } from './retention';

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

/** Largest request body, compressed or not, and the largest it may inflate to (guards against zip bombs). */
const BODY_LIMIT = 16 * 1024 * 1024;
/** How often a server without notifications empties notices older than NOTICE_WINDOW_MS. */
const NOTICE_PURGE_INTERVAL_MS = 10 * 60_000;
/** How often the server runs its own retention (src/server/retention.ts): hourly, the first an hour after start. */
const RETENTION_INTERVAL_MS = 60 * 60_000;
const INFLATED_LIMIT = 64 * 1024 * 1024;
const COMPRESS_ABOVE = 1024;
/**
 * zlib's fastest level: a first sync of 100,000 visits (101 pull pages of ~1 MB JSON) costs 0.4-0.8 s less
 * CPU than at the default level 6, for bodies about 16 % larger (7.2 MB against 6.2 MB).
 */
const GZIP_LEVEL = 1;

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
  /**
   * The console (src/server/console, docs/console.md): session lengths and sign-in limits, and the URL
   * administrators reach it at (its origin is accepted; https makes the cookie Secure).
   */
  console?: ConsoleAccountsOptions & { publicUrl?: string; pageDir?: string };
}

export interface SyncServer {
  app: FastifyInstance;
  service: SyncService;
  /** The console's administrators and sessions (`add-admin` and the /console/api routes). */
  consoleAccounts: ConsoleAccounts;
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
    return gzipAsync(payload, { level: GZIP_LEVEL });
  });

  app.setErrorHandler(errorHandler('The sync server failed'));

  const stationOf = (authorization: string | undefined) => service.authenticate(authorization);
  const adminHash = Buffer.from(sha256(options.adminToken), 'hex');
  const requireAdmin = (authorization: string | undefined) => {
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? '';
    if (!timingSafeEqual(Buffer.from(sha256(token), 'hex'), adminHash))
      throw new SyncError('unauthenticated', 'This needs the admin token.');
  };

  app.get('/healthz', async () => ({ ok: true, serverHeadSeq: await options.store.headSeq() }));

  // Prometheus figures (./metrics.ts): the sync routes count into the registry from the start.
  const registry = new Registry();
  const figures = syncFigures(registry);
  app.post('/sync/push', async (req) =>
    figures.timed('push', async () => {
      const response = await service.push(await stationOf(req.headers.authorization), req.body);
      figures.answered(response);
      return response;
    }),
  );
  app.post('/sync/pull', async (req) =>
    figures.timed('pull', async () => service.pull(await stationOf(req.headers.authorization), req.body)),
  );
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
    service.events.emit('presence', station.id);
    socket.on('close', () => {
      sockets.delete(socket);
      service.events.emit('presence', station.id);
    });
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
    await service.revoke(req.params.id, 'admin token');
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

  const { publicUrl, pageDir, ...consoleOptions } = options.console ?? {};
  const consoleAccounts = new ConsoleAccounts(
    await consoleStoreOf(options.store),
    options.now,
    consoleOptions,
  );
  await registerConsoleRoutes(app, {
    accounts: consoleAccounts,
    service,
    store: options.store,
    connected: () => new Set([...sockets.values()].map((s) => s.id)),
    publicUrl,
    now: options.now,
  });
  await registerConsolePage(app, pageDir);

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
  } else {
    // No notification service reads the notices: they go after the window (issue #15, docs/privacy.md).
    const purge = () =>
      void options.store
        .purgePersonal({
          consumedThrough: null,
          before: new Date((options.now?.() ?? new Date()).getTime() - NOTICE_WINDOW_MS).toISOString(),
        })
        .catch((error: unknown) => app.log.error(error, 'purging notices failed'));
    const timer = setInterval(purge, NOTICE_PURGE_INTERVAL_MS);
    timer.unref();
    app.addHook('onClose', () => clearInterval(timer));
  }

  // Retention of the server's own copies, for sites whose desks no longer run it (issue #15).
  // On PostgreSQL one instance at a time runs it; the others skip the round (src/server/retention.ts).
  const retain = () =>
    void runServerRetention(service, (options.now ?? (() => new Date()))()).then(
      (done) => done === null && app.log.debug('server retention skipped: another instance is running it'),
      (error: unknown) => app.log.error(error, 'server retention failed'),
    );
  const retention = setInterval(retain, RETENTION_INTERVAL_MS);
  retention.unref();
  app.addHook('onClose', () => clearInterval(retention));

  // Prometheus figures: for a scraper with the metrics token, never for a web page (src/cli/ops.ts).
  const metrics = serverMetrics({
    registry,
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

  return {
    app,
    service,
    consoleAccounts,
    notify,
    onlineStations: () => [...new Set([...sockets.values()].map((s) => s.id))],
  };
}

/** The notification store on the sync store's own database. */
function notifyStoreOf(store: SyncStore): Promise<NotifyStore> {
  return onSameDatabase<NotifyStore>(
    store,
    'Notifications',
    (s) => new SqliteNotifyStore(s),
    async (s) => (await import('./notify/pg-notify-store')).PgNotifyStore.open(s),
  );
}

/** The update feeds' metadata on the sync store's own database. */
function updateStoreOf(store: SyncStore): Promise<UpdateStore> {
  return onSameDatabase<UpdateStore>(
    store,
    'Update feeds',
    (s) => new SqliteUpdateStore(s),
    async (s) => new (await import('./updates/pg-update-store')).PgUpdateStore(s),
  );
}
