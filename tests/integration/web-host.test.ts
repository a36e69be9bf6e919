import type { FastifyInstance } from 'fastify';
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { methodNames } from '../../src/shared/api';
import { createWebHost } from '../../src/main/web/server';
import { tableCounts, tempStation, type TestStation } from '../support/station';

let station: TestStation;
let app: FastifyInstance;
let base: string;

beforeEach(async () => {
  station = await tempStation();
  app = await createWebHost(station);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterEach(async () => {
  await app.close();
  await station.dispose();
});

async function post(method: string, body: unknown, token?: string) {
  const response = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function signIn(login: string, secret: string): Promise<string> {
  const { status, body } = await post('session.signIn', { login, secret });
  expect(status).toBe(200);
  return body.token as string;
}

describe('the web host', () => {
  it('answers /healthz', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      configured: true,
      stationId: station.core.stationId,
    });
  });

  it('lists every API method with its input and output JSON Schema', async () => {
    type Schema = { type?: string; anyOf?: Schema[]; oneOf?: Schema[] };
    const listing = (await (await fetch(`${base}/api`)).json()) as {
      methods: { name: string; input: Schema; output: Schema; roles: string[] }[];
    };
    // An object, or a choice between objects (an answer with several outcomes).
    const isObject = (s: Schema): boolean =>
      s.type === 'object' || Boolean((s.anyOf ?? s.oneOf)?.length && (s.anyOf ?? s.oneOf)!.every(isObject));
    expect(listing.methods.map((m) => m.name).sort()).toEqual([...methodNames].sort());
    for (const m of listing.methods) {
      expect(isObject(m.input), m.name).toBe(true);
      expect(isObject(m.output), m.name).toBe(true);
      expect(m.roles.length, m.name).toBeGreaterThan(0);
    }
  });

  it('answers bad input with 400 and field messages, and writes nothing', async () => {
    const token = await signIn('reception', '2222');
    const before = tableCounts(station);
    const { status, body } = await post(
      'visits.register',
      { visitor: { name: 'Ada', email: 'nope' } },
      token,
    );
    expect(status).toBe(400);
    expect(body.code).toBe('invalid_input');
    expect(Object.keys(body.fields as object)).toEqual(
      expect.arrayContaining(['visitor.email', 'hostId', 'visitorTypeId']),
    );
    expect(tableCounts(station)).toEqual(before);
  });

  it('answers a role that may not call a method with 403 and records only the refusal', async () => {
    const before = tableCounts(station);
    const { status, body } = await post('visits.today', {});
    expect(status).toBe(403);
    expect(body.code).toBe('forbidden');
    expect(tableCounts(station)).toEqual({ ...before, audit_entries: before.audit_entries! + 1 });
  });

  it('treats a bearer token as the signed-in staff user, and an ended session as 401', async () => {
    const token = await signIn('security', '3333');
    expect((await post('session.current', {}, token)).body).toMatchObject({
      role: 'security',
      user: { name: 'Sam Security' },
    });
    expect((await post('session.signOut', {}, token)).status).toBe(200);
    const after = await post('session.current', {}, token);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');
  });

  it('answers an unknown method with 404', async () => {
    const { status, body } = await post('visits.teleport', {});
    expect(status).toBe(404);
    expect(body.message).toContain('visits.teleport');
  });

  it('refuses requests for another host name (DNS rebinding) and non-JSON bodies', async () => {
    // fetch() will not send a forged Host header; a plain http request will, as a rebinding page's would.
    const rebindingStatus = await new Promise<number | undefined>((resolve, reject) =>
      request(`${base}/healthz`, { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end(),
    );
    expect(rebindingStatus).toBe(421);
    const form = await fetch(`${base}/api/system.health`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
  });

  it('pushes events over the WebSocket only to screens whose role may hear them', async () => {
    const token = await signIn('reception', '2222');
    const open = (auth?: string) =>
      new Promise<{ socket: WebSocket; messages: unknown[] }>((resolve, reject) => {
        const socket = new WebSocket(`${base.replace('http', 'ws')}/api/events`);
        const messages: unknown[] = [];
        socket.on('message', (data) => messages.push(JSON.parse(String(data))));
        socket.on('error', reject);
        socket.on('open', () => {
          if (auth) socket.send(JSON.stringify({ type: 'auth', token: auth }));
          resolve({ socket, messages });
        });
      });
    const desk = await open(token);
    const kiosk = await open();
    await expect.poll(() => desk.messages).toContainEqual({ type: 'auth', role: 'reception' });

    const visits = (await post('visits.today', {}, token)).body.visits as { id: string; status: string }[];
    const visit = visits.find((v) => v.status === 'expected')!;
    await post('visits.checkIn', { visitId: visit.id }, token);

    const event = { event: 'visit.changed', payload: { visitId: visit.id, status: 'checked_in' } };
    await expect.poll(() => desk.messages).toContainEqual(event);
    expect(kiosk.messages).toEqual([]);
    desk.socket.close();
    kiosk.socket.close();
  });
});
