// Turning synced ops into notifications when one op cannot be processed: the failure is logged and
// counted, the op is retried with backoff a bounded number of times and then dead-lettered, and the ops
// behind it are notified meanwhile (a failing op never stops the worker).
import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteNotifyStore } from '../../src/server/notify/sqlite-notify-store';
import { clock, startSmtp, startWorld, twoHostSite, type NotifyWorld } from '../support/notify';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface FailedOp {
  serverSeq: number;
  opId: string;
  type: string;
  status: 'retrying' | 'dead';
  attempts: number;
  lastError: string;
}

async function setUp() {
  const time = clock();
  const smtp = await startSmtp();
  const logged: string[] = [];
  const w: NotifyWorld = await startWorld(
    {
      secret: 'intake-test-secret-0123456789abcdef',
      smtp: smtp.smtp,
      intervalMs: 0,
      retry: { maxAttempts: 3, baseMs: 1_000 },
      log: (message) => logged.push(message),
    },
    time.now,
  );
  cleanups.push(
    () => smtp.close(),
    () => w.close(),
  );
  const { site, kiosk } = await twoHostSite(w);
  const notify = w.server.notify!;
  const store = notify.store as SqliteNotifyStore;
  // Reading the arrival photo of one visit (the next one asked for once armed) fails `failures` times:
  // a broken row, a full disk. (The worker may run as soon as the push is applied.)
  const failing = { armed: false, visitId: '', failures: 0, calls: 0 };
  const photoOf = store.photoOf.bind(store);
  store.photoOf = (visitId, seq) => {
    if (failing.armed && !failing.visitId) failing.visitId = visitId;
    if (visitId !== failing.visitId) return photoOf(visitId, seq);
    failing.calls++;
    return failing.failures-- > 0 ? Promise.reject(new Error('disk I/O error')) : photoOf(visitId, seq);
  };
  const failedOps = async () =>
    (await w.admin('GET', `/admin/notify/failed-ops`)).body.ops as unknown as FailedOp[];
  const recipients = () => smtp.mails.map((m) => m.to[0]).sort();
  return { w, time, smtp, logged, site, kiosk, failing, failedOps, recipients, tick: () => notify.tick() };
}

describe('an op that fails to process', () => {
  it('never blocks the ops behind it: retried with backoff a bounded number of times, then dead-lettered', async () => {
    const { time, logged, site, kiosk, failing, failedOps, recipients, tick } = await setUp();
    Object.assign(failing, { armed: true, failures: Infinity });
    await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada' }, 'checked_in');
    await kiosk.arrive(site.hostIds[1]!, site.typeIds[0]!, { name: 'Grace' }, 'checked_in');

    await expect(tick()).resolves.toBeUndefined();
    expect(recipients()).toEqual(['ken@example.test']);
    expect(failing.calls).toBe(1);
    expect(logged.some((l) => l.includes('disk I/O error'))).toBe(true);
    expect(await failedOps()).toEqual([
      expect.objectContaining({ type: 'visit.status', status: 'retrying', attempts: 1 }),
    ]);

    await tick(); // the backoff is not over: no new attempt
    expect(failing.calls).toBe(1);
    time.advance(1_000);
    await tick();
    expect(failing.calls).toBe(2);
    time.advance(2_000);
    await tick();
    expect(failing.calls).toBe(3);
    const [dead] = await failedOps();
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect(dead!.lastError).toContain('disk I/O error');
    time.advance(60 * 60_000);
    await tick();
    expect(failing.calls).toBe(3);
    expect(recipients()).toEqual(['ken@example.test']);

    // Ops synced after it are notified as usual.
    await kiosk.arrive(site.hostIds[1]!, site.typeIds[0]!, { name: 'Katherine' }, 'checked_in');
    await tick();
    expect(recipients()).toEqual(['ken@example.test', 'ken@example.test']);
  });

  it('is notified once when a retry succeeds, and an admin can retry a dead-lettered op', async () => {
    const { w, time, site, kiosk, failing, failedOps, recipients, tick } = await setUp();
    Object.assign(failing, { armed: true, failures: 1 });
    await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada' }, 'checked_in');
    await tick();
    expect(recipients()).toEqual([]);
    time.advance(1_000);
    await tick();
    expect(recipients()).toEqual(['hana@example.test']);
    expect(await failedOps()).toEqual([]);

    Object.assign(failing, { visitId: '', failures: 3, calls: 0 });
    await kiosk.arrive(site.hostIds[1]!, site.typeIds[0]!, { name: 'Grace' }, 'checked_in');
    for (let i = 0; i < 4; i++) {
      await tick();
      time.advance(10_000);
    }
    const [dead] = await failedOps();
    expect(dead).toMatchObject({ status: 'dead', attempts: 3 });
    expect((await w.admin('POST', `/admin/notify/failed-ops/${dead!.serverSeq}/retry`)).status).toBe(200);
    await tick();
    expect(recipients()).toEqual(['hana@example.test', 'ken@example.test']);
    expect(await failedOps()).toEqual([]);
    expect((await w.admin('POST', `/admin/notify/failed-ops/${dead!.serverSeq}/retry`)).status).toBe(404);
  });
});
