// Test harness for notifications: a real SMTP server (smtp-server, STARTTLS + auth) on 127.0.0.1, a sync
// server with notifications on a real SQLite file over HTTP, stations enrolled over HTTP, loopback webhook
// receivers, and a small MIME reader (quoted-printable and encoded words) for what the SMTP server got.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { newId } from '../../src/shared/ids';
import { startStation, type Station } from '../../src/main/station';
import type { Client } from '../../src/shared/client';
import { enrollStation } from '../../src/main/sync/enroll';
import { startSync, type SyncHandle } from '../../src/main/sync/index';
import type { NotifyOptions } from '../../src/server/notify/service';
import { SYNC_PROTOCOL_VERSION, SYNC_SCHEMA_VERSION, type SyncOp } from '../../src/shared/sync';
import { foldForSearch } from '../../src/shared/text';
import { startSyncServer, type RunningSyncServer } from './sync/server';

export const ADMIN = 'notify-admin-token';

export interface Mail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Inline images, by Content-ID. */
  inline: Map<string, { type: string; bytes: Buffer }>;
  raw: string;
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const input = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=' && /^[0-9A-F]{2}$/i.test(input.slice(i + 1, i + 3))) {
      bytes.push(parseInt(input.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(input[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQp(text.replace(/_/g, ' ')),
    );
}

interface Part {
  type: string;
  body: string;
  /** Content-ID without brackets, for inline images. */
  contentId: string | null;
  bytes: Buffer;
}

function decodePart(part: string): Part {
  const [head = '', ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const type = /content-type:\s*([^;\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'text/plain';
  const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
  const bytes = encoding === 'base64' ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  const decoded = encoding === 'quoted-printable' ? decodeQp(body) : bytes.toString('utf8');
  const contentId = /content-id:\s*<([^>]+)>/i.exec(head)?.[1] ?? null;
  return { type, body: decoded, contentId, bytes };
}

/** The leaf parts of a MIME body, however deeply multiparts nest (related → alternative → text). */
function flatten(head: string, body: string): Part[] {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(head)?.[1];
  if (!/content-type:\s*multipart\//i.test(head) || !boundary) return [decodePart(`${head}\r\n\r\n${body}`)];
  return body
    .split(`--${boundary}`)
    .slice(1, -1)
    .flatMap((part) => {
      const p = part.replace(/^\r?\n/, '');
      const end = p.search(/\r?\n\r?\n/);
      return flatten(p.slice(0, end).replace(/\r?\n[ \t]+/g, ' '), p.slice(end).replace(/^\r?\n\r?\n/, ''));
    });
}

export function parseMail(raw: string, to: string[]): Mail {
  const headEnd = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, headEnd).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const flat = flatten(head, raw.slice(headEnd).replace(/^\r?\n\r?\n/, ''));
  return {
    to,
    subject: decodeWords(header('Subject')),
    text: flat.find((p) => p.type === 'text/plain')?.body ?? '',
    html: flat.find((p) => p.type === 'text/html')?.body ?? '',
    messageId: header('Message-ID'),
    inline: new Map(
      flat.flatMap((p) => (p.contentId ? [[p.contentId, { type: p.type, bytes: p.bytes }] as const] : [])),
    ),
    raw,
  };
}

/** A real SMTP server: STARTTLS with its built-in certificate, and one user. */
/** A real SMTP server on loopback; `answerAfterMs` holds each mail's answer that long (a slow relay). */
export async function startSmtp(options: { answerAfterMs?: number } = {}) {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    secure: false,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'gatehouse' && auth.password === 'smtp-secret')
        callback(null, { user: 'gatehouse' });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(
          parseMail(
            Buffer.concat(chunks).toString('utf8'),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        if (options.answerAfterMs) setTimeout(() => callback(), options.answerAfterMs);
        else callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    mails,
    smtp: {
      host: '127.0.0.1',
      port,
      requireTls: true,
      allowSelfSigned: true,
      user: 'gatehouse',
      pass: 'smtp-secret',
      from: 'Gatehouse <gatehouse@example.test>',
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An HTTP receiver on loopback answering with the given status codes in turn (the last one repeats). */
export async function startReceiver(statuses: number[]) {
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end(res.statusCode < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A clock tests move by hand. */
export function clock(start = new Date()) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

/** The notification tests' world: a real sync server (./sync/server.ts) with notifications on. */
export interface NotifyWorld extends RunningSyncServer {
  admin(
    method: string,
    route: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
}

export async function startWorld(
  notify: Omit<NotifyOptions, 'publicUrl'>,
  now?: () => Date,
): Promise<NotifyWorld> {
  // The public URL is only known once listening: links are built from the options object, set below.
  const options: NotifyOptions = { publicUrl: 'http://127.0.0.1', ...notify };
  const running = await startSyncServer('notify', { adminToken: ADMIN, notify: options, now });
  options.publicUrl = running.base;
  return { ...running, admin: adminClient(running.base) };
}

/** Calls the admin API of the server at `base` with the tests' admin token. */
export function adminClient(base: string): NotifyWorld['admin'] {
  return async (method, route, body) => {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}

/** A site with hosts and visitor types, authored centrally through the admin API. */
export async function seedSite(
  world: Pick<NotifyWorld, 'admin'>,
  input: {
    hosts: { name: string; email?: string; phone?: string }[];
    types: { name: string; requiresApproval: boolean }[];
  },
) {
  const created = await world.admin('POST', '/admin/sites', {
    name: 'Harbour House',
    timezone: 'Europe/London',
  });
  const siteId = created.body.id as string;
  const at = new Date().toISOString();
  const hostIds = input.hosts.map(() => newId());
  const typeIds = input.types.map(() => newId());
  const ops = [
    ...input.hosts.map((h, i) => ({
      type: 'host.upsert',
      entityId: hostIds[i],
      siteId,
      payload: {
        siteId,
        name: h.name,
        searchName: foldForSearch(h.name),
        email: h.email ?? null,
        phone: h.phone ?? null,
        createdAt: at,
      },
    })),
    ...input.types.map((t, i) => ({
      type: 'visitorType.upsert',
      entityId: typeIds[i],
      siteId,
      payload: {
        siteId,
        names: { en: t.name },
        color: '#225588',
        requiresApproval: t.requiresApproval,
        createdAt: at,
      },
    })),
  ];
  const authored = await world.admin('POST', '/admin/ops', { ops });
  if (authored.status !== 200) throw new Error(JSON.stringify(authored.body));
  return { siteId, hostIds, typeIds };
}

/** Hana Ito and Ken Mori (both with e-mail), a Guest type without approval, and a kiosk pushing ops. */
export async function twoHostSite(world: NotifyWorld) {
  const site = await seedSite(world, {
    hosts: [
      { name: 'Hana Ito', email: 'hana@example.test' },
      { name: 'Ken Mori', email: 'ken@example.test' },
    ],
    types: [{ name: 'Guest', requiresApproval: false }],
  });
  return { site, kiosk: await rawStation(world, site.siteId) };
}

/** A station enrolled over HTTP that pushes hand-written ops (the wire protocol, without a station database). */
export async function rawStation(
  world: Pick<NotifyWorld, 'admin' | 'base'>,
  siteId: string,
  role: 'kiosk' | 'desk' | 'gate' = 'kiosk',
) {
  const code = (await world.admin('POST', '/admin/enrollment-codes', { siteId, role })).body.code as string;
  const stationId = newId();
  const claim = (await (
    await fetch(`${world.base}/enroll/claim`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, stationId, name: 'Lobby kiosk' }),
    })
  ).json()) as { credential: string };
  let seq = 0;
  const push = async (ops: Pick<SyncOp, 'type' | 'entityId' | 'payload'>[]) => {
    const response = await fetch(`${world.base}/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${claim.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        protocolVersion: SYNC_PROTOCOL_VERSION,
        sentAt: new Date().toISOString(),
        ops: ops.map((op) => ({
          ...op,
          opId: newId(),
          stationId,
          stationSeq: ++seq,
          siteId,
          occurredAt: new Date().toISOString(),
          schemaVersion: SYNC_SCHEMA_VERSION,
        })),
      }),
    });
    return (await response.json()) as { acks: unknown[]; rejected: unknown[] };
  };
  /** A visitor arriving and waiting for approval (or checked in), as a kiosk pushes it. */
  const arrive = async (
    hostId: string,
    typeId: string,
    visitor: { name: string; company?: string },
    status: 'pending_approval' | 'checked_in' = 'pending_approval',
  ) => {
    const visitorId = newId();
    const visitId = newId();
    const at = new Date().toISOString();
    await push([
      {
        type: 'visitor.upsert',
        entityId: visitorId,
        payload: {
          name: visitor.name,
          searchName: foldForSearch(visitor.name),
          company: visitor.company ?? null,
          createdAt: at,
        },
      },
      {
        type: 'visit.create',
        entityId: visitId,
        payload: {
          siteId,
          visitorId,
          hostId,
          visitorTypeId: typeId,
          status: 'expected',
          timezone: 'Europe/London',
          createdAt: at,
        },
      },
      {
        type: 'visit.status',
        entityId: visitId,
        payload: { status, ...(status === 'checked_in' ? { checkedInAt: at } : {}) },
      },
    ]);
    return visitId;
  };
  return { stationId, credential: claim.credential, push, arrive };
}

/** A real station (its own SQLite file) enrolled at the site over HTTP and syncing with the server. */
export interface EnrolledStation {
  station: Station;
  /** The running sync client (a new one after goOnline). */
  sync: SyncHandle;
  /** Starts syncing again after a test stopped `sync` (the network came back), and syncs once. */
  goOnline(): Promise<void>;
  close(): Promise<void>;
}

/** A station enrolled with its pass key, as the setup screen enrolls one, and syncing. */
export async function enrolledStation(
  world: NotifyWorld,
  siteId: string,
  role: 'kiosk' | 'desk' | 'gate' = 'kiosk',
  debounceMs = 20,
): Promise<EnrolledStation> {
  const station = await startStation({ dataDir: path.join(world.dir, newId()) });
  const { code } = (await world.admin('POST', '/admin/enrollment-codes', { siteId, role })).body as {
    code: string;
  };
  // With its pass key, so the passes it signs verify at the server and the other stations.
  const claim = await enrollStation(station.core, world.base, code, {
    name: 'Lobby kiosk',
    publicKey: station.core.passKey.publicKeySpki,
    keyId: station.core.passKey.keyId,
  });
  const startClient = () =>
    startSync(station, {
      serverUrl: world.base,
      credential: claim.credential,
      pollMs: 3_600_000,
      debounceMs,
    });
  const enrolled: EnrolledStation = {
    station,
    sync: startClient(),
    async goOnline() {
      await enrolled.sync.stop();
      enrolled.sync = startClient();
      await enrolled.sync.syncNow();
    },
    async close() {
      await enrolled.sync.stop();
      await station.close();
    },
  };
  await enrolled.sync.syncNow();
  return enrolled;
}

/** A walk-in at the kiosk with nothing but a name (and a photo when given), through the dispatcher. */
export const walkIn = (
  kiosk: Client,
  input: { typeId: string; hostId: string; name: string; company?: string; photo?: string },
) =>
  kiosk.kiosk.checkIn({
    visitorTypeId: input.typeId,
    language: 'en',
    visitor: { name: input.name, ...(input.company ? { company: input.company } : {}) },
    hostId: input.hostId,
    customFields: {},
    signatures: [],
    cameraAvailable: Boolean(input.photo),
    ...(input.photo ? { photo: input.photo } : {}),
  });

export const linksIn = (text: string) => ({
  approve: /https?:\/\/\S+\/approve\/\S+\.approve\.\S+/.exec(text)?.[0] ?? '',
  deny: /https?:\/\/\S+\/approve\/\S+\.deny\.\S+/.exec(text)?.[0] ?? '',
});

export { until } from './until';
