// A real station web host on loopback for the attack tests: raw HTTP requests (any Origin, Host, body or
// client address, as an attacker's page or program would send them) and event WebSockets.
import type { FastifyInstance } from 'fastify';
import { request } from 'node:http';
import WebSocket from 'ws';
import type { StationKind } from '../../src/shared/domain';
import { createWebHost } from '../../src/main/web/server';
import type { StationOptions } from '../../src/main/station';
import { tempStation, type TestStation } from '../support/station';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export interface RequestOptions {
  token?: string;
  origin?: string;
  host?: string;
  /** Another loopback address (127.0.0.2, …): a second client, for per-client limits. */
  localAddress?: string;
  /** The raw body; undefined sends none at all. */
  raw?: string;
}

export interface SecurityHost {
  station: TestStation;
  app: FastifyInstance;
  base: string;
  /** POST /api/<method> with a JSON body (or options.raw, or no body when raw is undefined and body is). */
  post(method: string, body?: unknown, options?: RequestOptions): Promise<Answer>;
  signIn(login: string, secret: string): Promise<string>;
  /** Opens /api/events; resolves once open (or with the HTTP status it was refused with). */
  socket(options?: { origin?: string; token?: string }): Promise<EventSocket>;
  /** Audit entries so far: a refused or invalid call must leave this unchanged (or add one refusal). */
  auditCount(): number;
  close(): Promise<void>;
}

export interface EventSocket {
  refusedWith?: number;
  messages: Array<Record<string, unknown>>;
  closed: Promise<number>;
  send(message: unknown): void;
  close(): void;
}

export async function startHost(
  kind: StationKind = 'kiosk',
  options: Partial<StationOptions> = {},
): Promise<SecurityHost> {
  const station = await tempStation({ preset: { kind }, ...options });
  const app = await createWebHost(station);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const url = new URL(base);

  const post = (method: string, body?: unknown, o: RequestOptions = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const payload = o.raw ?? (body === undefined ? undefined : JSON.stringify(body));
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: `/api/${method}`,
          method: 'POST',
          localAddress: o.localAddress,
          headers: {
            host: o.host ?? url.host,
            ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
            ...(o.origin ? { origin: o.origin } : {}),
            ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            let parsed: Record<string, unknown>;
            try {
              parsed = JSON.parse(text) as Record<string, unknown>;
            } catch {
              parsed = { text };
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  const socket = (o: { origin?: string; token?: string } = {}) =>
    new Promise<EventSocket>((resolve, reject) => {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/api/events`, {
        headers: o.origin ? { origin: o.origin } : {},
      });
      const messages: Array<Record<string, unknown>> = [];
      const closed = new Promise<number>((done) => ws.on('close', (code) => done(code)));
      const handle: EventSocket = {
        messages,
        closed,
        send: (m) => ws.send(JSON.stringify(m)),
        close: () => ws.close(),
      };
      ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
      ws.on('unexpected-response', (req, res) => {
        res.resume();
        req.destroy(); // the refused upgrade must not keep its connection (and the host) open
        resolve({ ...handle, refusedWith: res.statusCode });
      });
      ws.on('error', (error) => (handle.refusedWith === undefined ? reject(error) : undefined));
      ws.on('open', () => {
        if (o.token) handle.send({ type: 'auth', token: o.token });
        resolve(handle);
      });
    });

  return {
    station,
    app,
    base,
    post,
    socket,
    async signIn(login, secret) {
      const { status, body } = await post('session.signIn', { login, secret });
      if (status !== 200) throw new Error(`sign-in as ${login} answered ${status}`);
      return body.token as string;
    },
    auditCount: () =>
      station.core.db.$client.prepare('SELECT count(*) FROM audit_entries').pluck().get() as number,
    async close() {
      await app.close();
      await station.dispose();
    },
  };
}

/** A tiny PNG, as the kiosk's signature canvas or camera would send it. */
export const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

/** A complete walk-in check-in for kiosk.checkIn, as the kiosk screen sends it (Contractor needs approval). */
export async function walkIn(
  host: SecurityHost,
  name: string,
  typeName: 'Visitor' | 'Contractor' = 'Visitor',
  visitor: { email?: string; phone?: string; company?: string } = {},
) {
  const { types } = (await host.post('visitorTypes.list', {})).body as {
    types: Array<{ id: string; names: { en: string } }>;
  };
  const type = types.find((t) => t.names.en === typeName)!;
  const { documents } = (await host.post('kiosk.documents', { visitorTypeId: type.id, language: 'en' }))
    .body as { documents: Array<{ id: string }> };
  const { hosts } = (await host.post('kiosk.findHosts', { query: 'Ana Ruiz' })).body as {
    hosts: Array<{ id: string }>;
  };
  return {
    visitorTypeId: type.id,
    language: 'en',
    visitor: { name, company: 'Analytical Engines', ...visitor },
    hostId: hosts[0]!.id,
    customFields: typeName === 'Contractor' ? { work_permit: 'WP-12' } : {},
    signatures: documents.map((d) => ({ documentId: d.id, png: TINY_PNG })),
    ...(typeName === 'Contractor'
      ? { photo: TINY_PNG, idDocumentKind: 'passport', idDocumentNumber: 'X1234567' }
      : {}),
  };
}
