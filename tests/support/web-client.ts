// A station's real web host on loopback, called over HTTP from a chosen loopback address: every address
// of 127.0.0.0/8 is this machine, so 127.0.0.2 and 127.0.0.3 are two different clients to the station,
// as two PCs on a network would be.
import type { FastifyInstance } from 'fastify';
import { request } from 'node:http';
import { createWebHost } from '../../src/main/web/server';
import type { Station } from '../../src/main/station';

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface WebClientHost {
  app: FastifyInstance;
  port: number;
  /** POST /api/<method> from `from` (a loopback address; 127.0.0.1 unless given), with a bearer token. */
  post(method: string, body: unknown, options?: { token?: string; from?: string }): Promise<HttpAnswer>;
  get(path: string, options?: { from?: string }): Promise<HttpAnswer>;
  close(): Promise<void>;
}

export async function startWebClientHost(station: Station): Promise<WebClientHost> {
  const app = await createWebHost(station);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const send = (
    method: 'GET' | 'POST',
    path: string,
    payload: string | undefined,
    headers: Record<string, string>,
    from = '127.0.0.1',
  ) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, method, localAddress: from, headers, agent: false },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  return {
    app,
    port,
    post: (method, body, { token, from } = {}) =>
      send(
        'POST',
        `/api/${method}`,
        JSON.stringify(body),
        {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        from,
      ),
    get: (path, { from } = {}) => send('GET', path, undefined, {}, from),
    close: () => app.close(),
  };
}
