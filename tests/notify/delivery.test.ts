// The delivery queue and approvals through the API with a controllable clock: webhooks (signature,
// timestamp, retries after 500s, delivery log, dead letters), idempotent sends when marking fails or the
// process stops mid-send, host flags, sequential and any-one-of approval steps, escalation, delegation.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { NotifyService } from '../../src/server/notify/service';
import type { SqliteNotifyStore } from '../../src/server/notify/sqlite-notify-store';
import {
  clock,
  linksIn,
  rawStation,
  seedSite,
  startReceiver,
  startSmtp,
  startWorld,
  twoHostSite,
  type NotifyWorld,
} from '../support/notify';

const SECRET = 'delivery-test-secret-0123456789abcdef';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(options: Omit<Parameters<typeof startWorld>[0], 'secret'> = {}) {
  const time = clock();
  const smtp = await startSmtp();
  const w: NotifyWorld = await startWorld(
    { secret: SECRET, smtp: smtp.smtp, intervalMs: 0, ...options },
    time.now,
  );
  cleanups.push(
    () => smtp.close(),
    () => w.close(),
  );
  const notify = w.server.notify!;
  return { w, smtp, time, notify, tick: () => notify.tick() };
}

const post = (url: string, body: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });

describe('outgoing webhooks', () => {
  it('signs each delivery over timestamp and body, retries after 500s with backoff, and logs the status codes', async () => {
    const { w, time, tick } = await world({ retry: { maxAttempts: 5, baseMs: 1_000 } });
    const receiver = await startReceiver([500, 500, 200]);
    cleanups.push(() => receiver.close());
    const site = await seedSite(w, {
      hosts: [{ name: 'Hana Ito', email: 'hana@example.test' }],
      types: [{ name: 'Guest', requiresApproval: false }],
    });
    const hook = (
      await w.admin('POST', '/admin/webhooks', {
        siteId: site.siteId,
        url: receiver.url,
        events: ['visit.checked_in'],
      })
    ).body as { id: string; secret: string };
    expect(hook.secret).toMatch(/^whsec_/);
    const kiosk = await rawStation(w, site.siteId);
    const visitId = await kiosk.arrive(
      site.hostIds[0]!,
      site.typeIds[0]!,
      { name: 'Ada Lovelace', company: 'AE' },
      'checked_in',
    );

    await tick();
    expect(receiver.received).toHaveLength(1);
    await tick(); // backoff not yet over: nothing more
    expect(receiver.received).toHaveLength(1);
    time.advance(1_000);
    await tick();
    expect(receiver.received).toHaveLength(2);
    time.advance(2_000);
    await tick();
    expect(receiver.received).toHaveLength(3);

    const last = receiver.received[2]!;
    const timestamp = String(last.headers['x-gatehouse-timestamp']);
    expect(Math.abs(Number(timestamp) * 1000 - time.now().getTime())).toBeLessThan(1000);
    const expected = `sha256=${createHmac('sha256', hook.secret).update(`${timestamp}.${last.body}`).digest('hex')}`;
    expect(last.headers['x-gatehouse-signature']).toBe(expected);
    expect(last.headers['x-gatehouse-event']).toBe('visit.checked_in');
    const payload = JSON.parse(last.body) as Record<string, unknown>;
    expect(payload).toMatchObject({
      event: 'visit.checked_in',
      siteId: site.siteId,
      data: { visitId, visitorName: 'Ada Lovelace', company: 'AE', status: 'checked_in' },
    });
    // Every attempt carries the same delivery id, so a receiver can drop repeats.
    expect(new Set(receiver.received.map((r) => r.headers['x-gatehouse-delivery'])).size).toBe(1);

    const log = (await w.admin('GET', `/admin/webhooks/${hook.id}/deliveries`)).body as {
      deliveries: { status: string; attempts: { statusCode: number }[] }[];
    };
    expect(log.deliveries).toHaveLength(1);
    expect(log.deliveries[0]!.status).toBe('sent');
    expect(log.deliveries[0]!.attempts.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    // A webhook registered for other events gets nothing, and events it chose arrive once.
    await tick();
    expect(receiver.received).toHaveLength(3);
  });

  it('puts a delivery in the dead letters with its error after the last retry, and an admin can retry it', async () => {
    const { w, time, tick } = await world({ retry: { maxAttempts: 3, baseMs: 1_000 } });
    const receiver = await startReceiver([500, 500, 500, 204]);
    cleanups.push(() => receiver.close());
    const site = await seedSite(w, {
      hosts: [{ name: 'Hana Ito' }],
      types: [{ name: 'Guest', requiresApproval: false }],
    });
    await w.admin('POST', '/admin/webhooks', {
      siteId: site.siteId,
      url: receiver.url,
      events: ['visit.created'],
    });
    const kiosk = await rawStation(w, site.siteId);
    await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada Lovelace' }, 'checked_in');
    for (let i = 0; i < 5; i++) {
      await tick();
      time.advance(60_000);
    }
    expect(receiver.received).toHaveLength(3);
    const dead = (await w.admin('GET', `/admin/notify/dead-letters?siteId=${site.siteId}`)).body as {
      messages: { id: string; lastError: string; channel: string; attempts: number }[];
    };
    expect(dead.messages).toHaveLength(1);
    expect(dead.messages[0]).toMatchObject({ channel: 'webhook', attempts: 3 });
    expect(dead.messages[0]!.lastError).toContain('HTTP 500');

    expect((await w.admin('POST', `/admin/notify/messages/${dead.messages[0]!.id}/retry`)).status).toBe(200);
    await tick();
    expect(receiver.received).toHaveLength(4);
    expect(((await w.admin('GET', '/admin/notify/dead-letters')).body.messages as unknown[]).length).toBe(0);
    expect(
      await w.admin('POST', '/admin/webhooks', { siteId: site.siteId, url: 'ftp://x', events: ['nope'] }),
    ).toMatchObject({ status: 400 });
  });
});

describe('idempotent sends', () => {
  it('never e-mails twice when marking the send fails, or when the process stops between send and mark', async () => {
    const { w, smtp, tick, notify } = await world();
    const { site, kiosk } = await twoHostSite(w);
    const store = notify.store as SqliteNotifyStore;

    // 1. The mark step fails once: the next tick records the send, it does not send again.
    const markSent = store.markSent.bind(store);
    let failures = 1;
    store.markSent = (id, attempt) =>
      failures-- > 0 ? Promise.reject(new Error('disk full')) : markSent(id, attempt);
    await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada Lovelace' }, 'checked_in');
    await tick();
    expect(smtp.mails).toHaveLength(1);
    await tick();
    await tick();
    expect(smtp.mails).toHaveLength(1);
    const first = (await store.messages({ channel: 'email' }))[0]!;
    expect(first.status).toBe('sent');

    // 2. The process stops between send and mark (marking keeps failing until then): a new service does
    //    not send it again by itself.
    failures = Infinity;
    await kiosk.arrive(site.hostIds[1]!, site.typeIds[0]!, { name: 'Grace Hopper' }, 'checked_in');
    await tick().catch(() => undefined);
    expect(smtp.mails).toHaveLength(2);
    await notify.stop();
    store.markSent = markSent;
    const restarted = new NotifyService(w.server.service, store, { ...notify.options, intervalMs: 0 });
    await restarted.start();
    await restarted.tick();
    await restarted.stop();
    expect(smtp.mails).toHaveLength(2);
    const inDoubt = (await store.messages({ status: 'dead' }))[0]!;
    expect(inDoubt.lastError).toContain('Outcome unknown');
    // The Message-ID is stable per message: a manual retry would carry the same one.
    expect(smtp.mails[1]!.messageId).toBe(`<${inDoubt.id}@127.0.0.1>`);
  });
});

describe('host flags', () => {
  it('flags a host without a channel and tells reception in the desk inbox to call them', async () => {
    const { w, tick } = await world();
    const site = await seedSite(w, {
      hosts: [{ name: 'Noor Haddad' }],
      types: [{ name: 'Guest', requiresApproval: false }],
    });
    const kiosk = await rawStation(w, site.siteId, 'desk');
    await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada Lovelace' }, 'checked_in');
    await tick();
    const auth = { authorization: `Bearer ${kiosk.credential}` };
    const flags = (await (await fetch(`${w.base}/notify/host-flags`, { headers: auth })).json()) as {
      flags: { hostId: string; reason: string }[];
    };
    expect(flags.flags).toEqual([expect.objectContaining({ hostId: site.hostIds[0], reason: 'no_channel' })]);
    const inbox = (await (await fetch(`${w.base}/notify/inbox`, { headers: auth })).json()) as {
      unread: number;
      items: { id: string; subject: string }[];
    };
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]!.subject).toBe('Please call Noor Haddad');
    expect(
      (await fetch(`${w.base}/notify/inbox/${inbox.items[0]!.id}/read`, { method: 'POST', headers: auth }))
        .status,
    ).toBe(200);
    const after = (await (await fetch(`${w.base}/notify/inbox`, { headers: auth })).json()) as {
      unread: number;
    };
    expect(after.unread).toBe(0);
  });
});

describe('approvals', () => {
  async function approvalWorld() {
    const env = await world();
    const site = await seedSite(env.w, {
      hosts: [
        { name: 'Hana Ito', email: 'hana@example.test' },
        { name: 'Ken Mori', email: 'ken@example.test' },
      ],
      types: [{ name: 'Contractor', requiresApproval: true }],
    });
    await env.w.admin('PUT', `/admin/notify/sites/${site.siteId}`, {
      security: [{ channel: 'email', address: 'security@example.test', language: 'fr' }],
      reception: [{ channel: 'email', address: 'reception@example.test', language: 'de' }],
      escalateAfterMinutes: 5,
    });
    const kiosk = await rawStation(env.w, site.siteId);
    const status = async (visitId: string) =>
      (await env.w.store.entitiesInScope(site.siteId)).find((e) => e.id === visitId)?.status;
    return { ...env, site, kiosk, status };
  }

  it('runs host then security in sequence; the visit is approved only after both', async () => {
    const { w, smtp, tick, site, kiosk, status } = await approvalWorld();
    await w.admin('PUT', `/admin/notify/visitor-types/${site.typeIds[0]}`, {
      approvalSteps: [['host'], ['security']],
    });
    const visitId = await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada Lovelace' });
    await tick();
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['hana@example.test']);
    expect((await post(linksIn(smtp.mails[0]!.text).approve)).status).toBe(200);
    await tick();
    expect(await status(visitId)).toBe('pending_approval');
    const security = smtp.mails.find((m) => m.to[0] === 'security@example.test')!;
    expect(security.subject).toBe('Approbation requise : Ada Lovelace attend');
    expect((await post(linksIn(security.text).approve)).status).toBe(200);
    expect(await status(visitId)).toBe('approved');
    expect((await w.admin('GET', `/admin/approvals/${visitId}`)).body).toMatchObject({
      status: 'approved',
      decidedBy: 'security',
      step: 1,
    });
  });

  it('lets any one of several approvers decide; the others’ links are spent', async () => {
    const { w, smtp, tick, site, kiosk, status } = await approvalWorld();
    await w.admin('PUT', `/admin/notify/visitor-types/${site.typeIds[0]}`, {
      approvalSteps: [[`host:${site.hostIds[0]}`, `host:${site.hostIds[1]}`]],
    });
    const visitId = await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada Lovelace' });
    await tick();
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['hana@example.test', 'ken@example.test']);
    const ken = smtp.mails.find((m) => m.to[0] === 'ken@example.test')!;
    const hana = smtp.mails.find((m) => m.to[0] === 'hana@example.test')!;
    expect((await post(linksIn(ken.text).deny, { reason: 'Not today' })).status).toBe(200);
    expect(await status(visitId)).toBe('denied');
    expect((await post(linksIn(hana.text).approve)).status).toBe(409);
    expect(await status(visitId)).toBe('denied');
    expect((await w.admin('GET', `/admin/approvals/${visitId}`)).body).toMatchObject({ reason: 'Not today' });
  });

  it('escalates an unanswered step to reception after the site’s time, and expired links stop working', async () => {
    const { smtp, time, tick, site, kiosk, status } = await approvalWorld();
    const visitId = await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada Lovelace' });
    await tick();
    time.advance(4 * 60_000);
    await tick();
    expect(smtp.mails.map((m) => m.to[0])).toEqual(['hana@example.test']);
    time.advance(60_000);
    await tick();
    const reception = smtp.mails.find((m) => m.to[0] === 'reception@example.test')!;
    expect(reception.subject).toBe('Keine Antwort von Hana Ito: Ada Lovelace wartet');
    time.advance(25 * 60 * 60_000); // past the links' 24 h
    expect((await post(linksIn(reception.text).approve)).status).toBe(410);
    expect(await status(visitId)).toBe('pending_approval');
  });

  it('sends a delegating host’s approvals to their colleague during the delegation only', async () => {
    const { w, smtp, time, tick, site, kiosk } = await approvalWorld();
    const from = time.now();
    const until = new Date(from.getTime() + 60 * 60_000);
    const created = await w.admin('POST', '/admin/notify/delegations', {
      hostId: site.hostIds[0],
      delegateHostId: site.hostIds[1],
      from: from.toISOString(),
      until: until.toISOString(),
    });
    expect(created.status).toBe(201);
    await tick();
    // Both hosts are told of the hand-over first.
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['hana@example.test', 'ken@example.test']);
    const told = smtp.mails.length;
    await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada Lovelace' });
    await tick();
    expect(smtp.mails.slice(told).map((m) => m.to[0])).toEqual(['ken@example.test']);
    time.advance(2 * 60 * 60_000);
    await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Grace Hopper' });
    await tick();
    // (The first visit, still unanswered after two hours, also went to reception.)
    const hosts = smtp.mails
      .slice(told)
      .map((m) => m.to[0])
      .filter((to) => to !== 'reception@example.test');
    expect(hosts).toEqual(['ken@example.test', 'hana@example.test']);
    expect(
      (
        await w.admin('POST', '/admin/notify/delegations', {
          hostId: site.hostIds[0],
          delegateHostId: site.hostIds[0],
          from: from.toISOString(),
          until: until.toISOString(),
        })
      ).status,
    ).toBe(400);
  });
});
