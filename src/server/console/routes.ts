// The console's HTTP API under /console/api (docs/console.md): sign in, the current session and sign out;
// the sites, each site's stations and the fleet's alerts, as the fleet view judges them (../fleet.ts), live
// through server-sent events; the admin audit; the report across sites and its files (./reports.ts); and
// the administrator's actions: revoke a station, create, list and end enrollment codes, create a site (from
// a template site), a site's settings, staff and host import (./site-admin.ts), add or disable an
// administrator.
//
// Only an administrator's session cookie opens it: a station credential or the admin token in an
// Authorization header is not a console session. The cookie is HttpOnly, SameSite=Strict, Path=/, and
// Secure (named __Host-…) when the console is reached over TLS. Every request that changes something must
// carry an Origin header naming this server (its own address or --public-url), and a read that carries one
// must name it too, so another web page cannot sign an administrator in or out or act or read as them,
// even in a browser that ignores SameSite.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { REPORT_FILES, type ReportFileName } from '../../shared/console-report';
import { ApiError } from '../../shared/errors';
import type { FleetStation } from '../fleet';
import { errorHandler } from '../http-errors';
import { parse, type SyncService } from '../service';
import type { SyncStore } from '../store';
import type { ConsoleAccounts, ConsoleSessionView } from './accounts';
import { exceptionsCsv, fleetReport, reportPdf, visitsCsv, type ReportFile } from './reports';
import { ConsoleSiteAdmin } from './site-admin';

export interface ConsoleRoutesDeps {
  accounts: ConsoleAccounts;
  service: SyncService;
  store: SyncStore;
  /** Stations with a nudge socket open now (online even if their last sync is older). */
  connected(): ReadonlySet<string>;
  /** How administrators reach the server (--public-url): its origin is accepted, https makes cookies Secure. */
  publicUrl?: string;
  now?: () => Date;
  /** How often the live view checks its session and refreshes anyway (tests). */
  liveEveryMs?: number;
}

/** The live view's heartbeat: its session is checked and the page refreshes at least this often. */
const LIVE_EVERY_MS = 30_000;

/** An audit page's filters, from the query string (empty ones mean no filter). */
const optional = z
  .string()
  .trim()
  .max(200)
  .transform((v) => v || undefined)
  .optional();
const auditQuerySchema = z.object({
  siteId: optional,
  stationId: optional,
  action: optional,
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const COOKIE = 'gatehouse_console';
const SECURE_COOKIE = `__Host-${COOKIE}`;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    consoleSession?: ConsoleSessionView;
  }
}

/** The value of one cookie of a Cookie header (the last one wins, as browsers send the most specific first). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  let value: string | undefined;
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) value ??= part.slice(eq + 1).trim();
  }
  return value;
}

export async function registerConsoleRoutes(app: FastifyInstance, deps: ConsoleRoutesDeps): Promise<void> {
  const { accounts } = deps;
  const publicOrigin = deps.publicUrl ? new URL(deps.publicUrl).origin : null;
  const overTls = (req: FastifyRequest) =>
    req.protocol === 'https' || (publicOrigin?.startsWith('https://') ?? false);
  const cookieName = (req: FastifyRequest) => (overTls(req) ? SECURE_COOKIE : COOKIE);
  const tokenOf = (req: FastifyRequest) => cookieValue(req.headers.cookie, cookieName(req));
  const setCookie = (req: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number) =>
    reply.header(
      'set-cookie',
      [
        `${cookieName(req)}=${token}`,
        'Path=/',
        `Max-Age=${maxAgeSeconds}`,
        'HttpOnly',
        'SameSite=Strict',
        ...(overTls(req) ? ['Secure'] : []),
      ].join('; '),
    );

  /** Why a state-changing request's Origin is refused, or null when it names this server. */
  const originProblem = (req: FastifyRequest): string | null => {
    const origin = req.headers.origin;
    if (!origin) return 'A request that changes something must carry an Origin header (a browser sends one).';
    const own = `${req.protocol}://${req.headers.host ?? ''}`;
    if (origin === own || origin === publicOrigin) return null;
    return `Requests from ${origin} are not accepted here; open the console at this server's own address.`;
  };

  // Open live streams never idle: they are ended when the server closes, or it would wait for them.
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });

  await app.register(async (scope) => {
    scope.setErrorHandler(errorHandler('The console failed'));

    scope.addHook('onRequest', async (req, reply) => {
      reply.header('cache-control', 'no-store');
      // A read carrying another page's Origin (a cross-origin fetch or event stream) is refused too.
      if (WRITES.has(req.method) || req.headers.origin) {
        const problem = originProblem(req);
        if (problem) throw new ApiError('forbidden', problem);
      }
      if (req.method === 'POST' && req.routeOptions.url === '/console/api/session') return;
      const session = await accounts.session(tokenOf(req));
      if (!session) {
        // A session that just ended (idle, expired) leaves no cookie behind.
        if (tokenOf(req)) setCookie(req, reply, '', 0);
        throw new ApiError(
          'unauthenticated',
          req.headers.authorization
            ? 'The console takes an administrator’s sign-in, not a station credential or the admin token.'
            : 'Sign in to the console first.',
        );
      }
      req.consoleSession = session;
    });

    scope.post('/console/api/session', async (req, reply) => {
      const { token, session } = await accounts.signIn(req.body, req.ip);
      setCookie(req, reply, token, Math.round(accounts.lifetimeMs / 1000));
      return { session };
    });
    scope.get('/console/api/session', async (req) => ({ session: req.consoleSession! }));
    scope.delete('/console/api/session', async (req, reply) => {
      await accounts.signOut(tokenOf(req), req.ip);
      setCookie(req, reply, '', 0);
      return { ok: true };
    });

    const fleet = () => deps.service.fleet(deps.connected());

    scope.get('/console/api/sites', async () => {
      const [sites, stations] = await Promise.all([deps.store.listSites(), fleet()]);
      // One pass over the fleet, not one per site.
      const bySite = new Map<string, typeof stations>();
      for (const s of stations) if (!s.revokedAt) bySite.set(s.siteId, [...(bySite.get(s.siteId) ?? []), s]);
      return {
        sites: sites.map((site) => {
          const mine = bySite.get(site.id) ?? [];
          return {
            ...site,
            stations: mine.length,
            online: mine.filter((s) => s.online).length,
            alerts: mine.reduce((n, s) => n + s.alerts.length, 0),
          };
        }),
      };
    });

    scope.get<{ Params: { id: string } }>('/console/api/sites/:id/stations', async (req) => {
      const site = await deps.store.site(req.params.id);
      if (!site) throw new ApiError('not_found', `There is no site ${req.params.id}.`);
      return { site, stations: (await fleet()).filter((s) => s.siteId === site.id).map(stationView) };
    });

    scope.get('/console/api/alerts', async () => {
      const [sites, stations] = await Promise.all([deps.store.listSites(), fleet()]);
      const siteName = new Map(sites.map((s) => [s.id, s.name]));
      return {
        alerts: stations.flatMap((s) =>
          s.alerts.map((alert) => ({
            ...alert,
            siteId: s.siteId,
            siteName: siteName.get(s.siteId) ?? s.siteId,
            stationId: s.id,
            stationName: s.name,
          })),
        ),
      };
    });

    // The server's admin audit, newest first, a page at a time (docs/console.md#the-audit-view).
    scope.get('/console/api/audit', async (req) =>
      deps.store.adminAuditPage(parse(auditQuerySchema, req.query ?? {})),
    );

    // Live refresh: server-sent events telling an open page that the fleet changed (a station reported,
    // synced, connected, disconnected or was revoked), so it loads its view again. Another page's Origin
    // is refused (above); the session is checked at every heartbeat without counting as use, and the
    // stream ends (event `ended`) with it.
    scope.get('/console/api/events', async (req, reply) => {
      const token = tokenOf(req);
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (event: string) => reply.raw.write(`event: ${event}\ndata: {}\n\n`);
      let pending: NodeJS.Timeout | undefined;
      // Several changes at once (a push of many ops, a fleet reporting together) make one event.
      const changed = () => (pending ??= setTimeout(() => ((pending = undefined), send('fleet')), 250));
      const kinds = ['applied', 'revoked', 'health', 'presence'] as const;
      for (const kind of kinds) deps.service.events.on(kind, changed);
      const heartbeat = setInterval(() => {
        void accounts.session(token, { touch: false }).then(
          (open) => {
            if (!open) {
              send('ended');
              reply.raw.end();
            } else send('fleet'); // a station going quiet is news without any event
          },
          () => reply.raw.end(),
        );
      }, deps.liveEveryMs ?? LIVE_EVERY_MS);
      reply.raw.write(': live\n\n');
      streams.add(reply.raw);
      reply.raw.on('close', () => {
        streams.delete(reply.raw);
        clearInterval(heartbeat);
        clearTimeout(pending);
        for (const kind of kinds) deps.service.events.off(kind, changed);
      });
    });

    const by = (req: FastifyRequest) => req.consoleSession!.admin;

    // The report across sites (./reports.ts): as JSON for the page, and as files. Every file is audited
    // (who, which report, the range and how many rows, never the data) before it is sent: a file whose
    // entry cannot be written is not handed out.
    const now = deps.now ?? (() => new Date());
    // A site's settings and staff, and new sites: the desk's own ops, authored by the server.
    const sites = new ConsoleSiteAdmin(deps.service, deps.store, now);
    const report = (query: unknown, allExceptions = false) =>
      fleetReport(
        deps.store,
        async (siteId) => (await sites.settings(siteId)).autoCheckOutTime,
        query,
        now(),
        { allExceptions },
      );
    const files: Record<ReportFileName, (query: unknown) => Promise<ReportFile>> = {
      'visits.csv': async (query) => visitsCsv(await report(query)),
      'exceptions.csv': async (query) => exceptionsCsv(await report(query, true)),
      'report.pdf': async (query) => reportPdf(await report(query, true), query),
    };
    scope.get('/console/api/reports', async (req) => report(req.query));
    scope.get<{ Params: { file: string } }>('/console/api/reports/:file', async (req, reply) => {
      const name = REPORT_FILES.find((known) => known === req.params.file);
      if (!name) throw new ApiError('not_found', `There is no report file ${req.params.file}.`);
      const file = await files[name](req.query);
      // The file's name says which report and range.
      await accounts.audit('console.report_export', {
        file: file.filename,
        rows: file.rows,
        by: by(req).id,
      });
      return reply
        .type(file.type)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .send(file.body);
    });

    // ---- actions: each one audited with the administrator who did it ----

    scope.post<{ Params: { id: string } }>('/console/api/stations/:id/revoke', async (req) => {
      const station = await deps.store.station(req.params.id);
      if (!station) throw new ApiError('not_found', `There is no station ${req.params.id}.`);
      if (station.revokedAt)
        throw new ApiError('conflict', `That station was already revoked at ${station.revokedAt}.`);
      await deps.service.revoke(station.id, by(req).id, 'console.station_revoke');
      return { ok: true };
    });

    scope.post<{ Params: { id: string } }>('/console/api/sites/:id/enrollment-codes', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const created = await deps.service.createEnrollmentCode({ ...body, siteId: req.params.id });
      // Never the code itself: it is shown once, to the administrator who asked for it.
      await accounts.audit('console.enrollment_code', {
        siteId: created.siteId,
        codeId: created.id,
        role: created.role,
        expiresAt: created.expiresAt,
        by: by(req).id,
      });
      return reply.code(201).send(created);
    });

    type SiteParams = { Params: { id: string } };
    type StaffParams = { Params: { id: string; staffId: string } };
    // The site's codes still open (never the codes), and ending one now: a station presenting it is then
    // refused as for any expired code.
    scope.get<SiteParams>('/console/api/sites/:id/enrollment-codes', async (req) => ({
      codes: await deps.service.openEnrollmentCodes(req.params.id),
    }));
    scope.post<{ Params: { id: string; codeId: string } }>(
      '/console/api/sites/:id/enrollment-codes/:codeId/expire',
      async (req) => {
        const { id, codeId } = req.params;
        await deps.service.expireEnrollmentCode(id, codeId, by(req).id, 'console.enrollment_code_expire');
        return { ok: true };
      },
    );

    // A new site, from the defaults or a template site; a site's settings and staff: the desk's own ops,
    // authored by the server (./site-admin.ts, `sites` above).
    scope.post('/console/api/sites', async (req, reply) =>
      reply.code(201).send({ site: await sites.createSite(req.body, by(req).id) }),
    );
    scope.get<SiteParams>('/console/api/sites/:id/settings', async (req) => ({
      settings: await sites.settings(req.params.id),
    }));
    scope.post<SiteParams>('/console/api/sites/:id/settings', async (req) => ({
      settings: await sites.updateSettings(req.params.id, req.body, by(req).id),
    }));
    scope.get<SiteParams>('/console/api/sites/:id/staff', async (req) => ({
      staff: await sites.staff(req.params.id),
    }));
    scope.post<SiteParams>('/console/api/sites/:id/staff', async (req, reply) =>
      reply.code(201).send({ staff: await sites.addStaff(req.params.id, req.body, by(req).id) }),
    );
    scope.post<StaffParams>('/console/api/sites/:id/staff/:staffId', async (req) => ({
      staff: await sites.updateStaff(req.params.id, req.params.staffId, req.body, by(req).id),
    }));
    scope.post<StaffParams>('/console/api/sites/:id/staff/:staffId/secret', async (req) => ({
      staff: await sites.resetSecret(req.params.id, req.params.staffId, req.body, by(req).id),
    }));

    // The host directory from a CSV file: a dry run first (what it changes, what is wrong on which line),
    // then the import, which changes nothing if any line is wrong (SyncService.importHosts).
    scope.post<SiteParams>('/console/api/sites/:id/hosts/import', async (req) => {
      if (!(await deps.store.site(req.params.id)))
        throw new ApiError('not_found', `There is no site ${req.params.id}.`);
      return deps.service.importHosts(req.params.id, req.body, by(req).id, 'console.hosts_import');
    });

    scope.get('/console/api/admins', async () => ({ admins: await accounts.listAdmins() }));
    scope.post('/console/api/admins', async (req, reply) =>
      reply.code(201).send({ admin: await accounts.addAdmin(req.body, by(req).id) }),
    );
    scope.post<{ Params: { id: string } }>('/console/api/admins/:id/disable', async (req) => {
      await accounts.disableAdmin(req.params.id, by(req));
      return { ok: true };
    });
  });
}

/** A station as the console lists it: the fleet view's judgement and the figures of its newest report. */
function stationView(s: FleetStation) {
  const health = s.health?.health;
  return {
    id: s.id,
    name: s.name,
    role: s.role,
    state: s.revokedAt ? 'revoked' : s.online ? 'online' : 'offline',
    revokedAt: s.revokedAt,
    lastSeenAt: s.lastSeenAt,
    version: health?.version ?? null,
    lastSyncAt: health?.lastSyncAt ?? null,
    outboxDepth: health?.outboxDepth ?? null,
    held: health?.held ?? null,
    uptimeSeconds: s.uptimeSeconds,
    watchlistSyncedAt: health?.watchlistSyncedAt ?? null,
    devices: health?.devices ?? [],
    /** The station's latest sync errors, newest first. */
    errors: health?.errors ?? [],
    alerts: s.alerts,
  };
}
