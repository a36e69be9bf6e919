// Notifications with two sync server instances on one PostgreSQL database (a real cluster,
// tests/support/postgres.ts), a real SMTP server and a real webhook receiver on loopback. Both instances
// run their notification worker every few milliseconds, so they race for every message: each e-mail and
// each webhook delivery still goes out exactly once. A send left half-done by an instance that stopped is
// put in the dead letters by the other, never sent again; one another instance is sending is left alone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncServer, type SyncServer } from '../../src/server/app';
import { PgNotifyStore } from '../../src/server/notify/pg-notify-store';
import { PgSyncStore } from '../../src/server/pg-store';
import { adminClient, rawStation, seedSite, startReceiver, startSmtp } from '../support/notify';
import { dropDatabase, freshDatabase } from '../support/postgres';
import { until } from '../support/until';

const SECRET = 'pg-notify-test-secret-0123456789abcdef';

interface Instance {
  store: PgSyncStore;
  server: SyncServer;
  base: string;
  admin: ReturnType<typeof adminClient>;
}

let url: string;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let instances: Instance[];

async function startInstance(intervalMs: number): Promise<Instance> {
  const store = await PgSyncStore.open(url);
  const notify = { publicUrl: 'http://127.0.0.1', secret: SECRET, smtp: smtp.smtp, intervalMs };
  const server = await createSyncServer({ store, adminToken: 'notify-admin-token', notify });
  const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  notify.publicUrl = base;
  const instance = { store, server, base, admin: adminClient(base) };
  instances.push(instance);
  return instance;
}

async function startInstances(intervalMs: number) {
  return [await startInstance(intervalMs), await startInstance(intervalMs)] as const;
}

/** Stops an instance the way a rolling restart does: gracefully, its worker finishing what it began. */
async function stopInstance(instance: Instance) {
  instances.splice(instances.indexOf(instance), 1);
  await instance.server.app.close();
  await instance.store.close();
}

beforeEach(async () => {
  url = await freshDatabase();
  // Each mail is answered after 40 ms, so sends are still going on when an instance is stopped.
  smtp = await startSmtp({ answerAfterMs: 40 });
  instances = [];
});
afterEach(async () => {
  for (const { server, store } of instances) {
    await server.app.close();
    await store.close();
  }
  await smtp.close();
  await dropDatabase(url);
});

describe('notifications with two instances on PostgreSQL', () => {
  it('sends every arrival e-mail and webhook delivery exactly once while both instances race for them', async () => {
    const [one, two] = await startInstances(5);
    const receiver = await startReceiver([200]);
    try {
      const site = await seedSite(one, {
        hosts: [
          { name: 'Hana Ito', email: 'hana@example.test' },
          { name: 'Ken Mori', email: 'ken@example.test' },
        ],
        types: [{ name: 'Guest', requiresApproval: false }],
      });
      const hook = await two.admin('POST', '/admin/webhooks', {
        siteId: site.siteId,
        url: receiver.url,
        events: ['visit.checked_in'],
      });
      expect(hook.status).toBe(201);
      // One kiosk pushes through each instance, so each instance's worker is woken by its own pushes.
      const kiosks = [await rawStation(one, site.siteId), await rawStation(two, site.siteId)];
      const visitors = Array.from({ length: 24 }, (_, i) => `Visitor ${String(i).padStart(2, '0')}`);
      const visitIds = await Promise.all(
        visitors.map((name, i) =>
          kiosks[i % 2]!.arrive(site.hostIds[i % 2]!, site.typeIds[0]!, { name }, 'checked_in'),
        ),
      );

      await until(
        () => smtp.mails.length >= visitors.length && receiver.received.length >= visitors.length,
        'every e-mail and webhook delivery',
        20_000,
      );
      // Both workers keep running: anything sent twice would arrive now.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(smtp.mails).toHaveLength(visitors.length);
      expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(visitors.length);
      for (const name of visitors) expect(smtp.mails.filter((m) => m.text.includes(name))).toHaveLength(1);
      expect(receiver.received).toHaveLength(visitors.length);
      const hooked = receiver.received.map(
        (r) => (JSON.parse(r.body) as { data: { visitId: string } }).data.visitId,
      );
      expect(hooked.sort()).toEqual([...visitIds].sort());

      // The one delivery log: every message sent once, on its first attempt.
      const sent = await one.server.notify!.store.messages({ siteId: site.siteId, limit: 500 });
      const byChannel = (channel: string) => sent.filter((m) => m.channel === channel);
      expect(byChannel('email')).toHaveLength(visitors.length);
      expect(byChannel('webhook')).toHaveLength(visitors.length);
      expect(sent.every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
    } finally {
      await receiver.close();
    }
  }, 40_000);

  it('puts a send left half-done by a stopped instance in the dead letters, and leaves a running instance’s send alone', async () => {
    const [one, two] = await startInstances(0);
    const notifyOne = one.server.notify!;
    const storeOne = notifyOne.store as PgNotifyStore;
    const storeTwo = two.server.notify!.store as PgNotifyStore;
    // Queued for later, so neither worker sends them by itself: the test claims them as a worker would.
    const now = new Date(Date.now() + 3_600_000).toISOString();
    const queue = async (key: string) => {
      await storeOne.enqueue(
        {
          idempotencyKey: key,
          siteId: null,
          channel: 'email',
          address: 'hana@example.test',
          hostId: null,
          event: 'visitor.arrived',
          visitId: null,
          content: { subject: key, text: key },
        },
        now,
      );
      return (await storeOne.messages({})).find((m) => m.idempotencyKey === key)!.id;
    };
    const orphan = await queue('left-by-a-stopped-instance');
    const busy = await queue('being-sent-by-instance-2');
    // Instance 2 claims one (as its worker would, just before sending); a third instance that has since
    // stopped had claimed the other. Its key holds no lock any more.
    expect(await storeTwo.begin(busy, now)).toMatchObject({ status: 'sending', attempts: 1 });
    const stopped = await PgSyncStore.open(url);
    const gone = await PgNotifyStore.open(stopped);
    expect(await gone.begin(orphan, now)).toMatchObject({ status: 'sending' });
    await gone.close();
    await stopped.close();
    // Nobody else may claim a message that is being sent.
    expect(await storeOne.begin(busy, now)).toBeUndefined();

    // The stopped instance's backend exits a moment after its client has gone, and its session lock with it:
    // the next tick after that puts the orphan in the dead letters.
    await until(async () => {
      await notifyOne.tick();
      return (await storeOne.message(orphan))?.status === 'dead';
    }, 'the orphaned send in the dead letters');
    expect((await storeOne.message(orphan))!.lastError).toMatch(/Outcome unknown/);
    expect(await storeOne.message(busy)).toMatchObject({ status: 'sending' });
    expect(smtp.mails).toHaveLength(0);
  });

  it('loses no e-mail and sends none twice when each instance is restarted in turn while mails are pending', async () => {
    const [one, two] = await startInstances(5);
    const site = await seedSite(one, {
      hosts: [
        { name: 'Hana Ito', email: 'hana@example.test' },
        { name: 'Ken Mori', email: 'ken@example.test' },
      ],
      types: [{ name: 'Guest', requiresApproval: false }],
    });
    const kiosks = [await rawStation(one, site.siteId), await rawStation(two, site.siteId)];
    const visitors = Array.from({ length: 30 }, (_, i) => `Visitor ${String(i).padStart(2, '0')}`);
    await Promise.all(
      visitors.map((name, i) =>
        kiosks[i % 2]!.arrive(site.hostIds[i % 2]!, site.typeIds[0]!, { name }, 'checked_in'),
      ),
    );
    // A rolling restart while the queue is still being sent: one instance down and back, then the other.
    await until(() => smtp.mails.length > 0, 'the first e-mail', 20_000);
    expect(smtp.mails.length).toBeLessThan(visitors.length);
    await stopInstance(one);
    const oneAgain = await startInstance(5);
    await stopInstance(two);
    await startInstance(5);

    await until(() => smtp.mails.length >= visitors.length, 'every e-mail', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500)); // anything sent twice would arrive now
    for (const name of visitors) expect(smtp.mails.filter((m) => m.text.includes(name))).toHaveLength(1);
    expect(smtp.mails).toHaveLength(visitors.length);
    // Nothing in the dead letters: a graceful stop finishes its sends, it does not leave them half-done.
    const sent = await oneAgain.server.notify!.store.messages({ siteId: site.siteId, limit: 500 });
    expect(sent.filter((m) => m.channel === 'email').map((m) => m.status)).toEqual(
      visitors.map(() => 'sent'),
    );
  }, 60_000);
});
