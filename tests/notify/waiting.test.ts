// "Visitor waiting too long", through the API with a controllable clock and a real SMTP server: after the
// site's waitingAlertMinutes, a checked-in visitor whose arrival nobody acknowledged, or a visitor whose
// approval nobody gave, is reported once to the host and to reception; an acknowledged arrival, a visitor
// who left, or a site without the setting, reports nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { clock, rawStation, seedSite, startSmtp, startWorld, type NotifyWorld } from '../support/notify';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp(siteProfile: Record<string, unknown>) {
  const time = clock();
  const smtp = await startSmtp();
  const w: NotifyWorld = await startWorld(
    { secret: 'waiting-test-secret-0123456789abcdef', smtp: smtp.smtp, intervalMs: 0 },
    time.now,
  );
  cleanups.push(
    () => smtp.close(),
    () => w.close(),
  );
  const site = await seedSite(w, {
    hosts: [{ name: 'Hana Ito', email: 'hana@example.test' }],
    types: [
      { name: 'Guest', requiresApproval: false },
      { name: 'Contractor', requiresApproval: true },
    ],
  });
  await w.admin('PUT', `/admin/notify/hosts/${site.hostIds[0]}`, { channels: ['email', 'inapp'] });
  const profile = await w.admin('PUT', `/admin/notify/sites/${site.siteId}`, {
    reception: [{ channel: 'email', address: 'reception@example.test' }],
    ...siteProfile,
  });
  expect(profile.status).toBe(200);
  const desk = await rawStation(w, site.siteId, 'desk');
  const tick = () => w.server.notify!.tick();
  const waitingMails = () => smtp.mails.filter((m) => m.subject.includes('has been waiting'));
  const waitingRecipients = () =>
    waitingMails()
      .flatMap((m) => m.to)
      .sort();
  return { w, time, tick, site, desk, smtp, waitingMails, waitingRecipients };
}

describe('visitor waiting too long', () => {
  it('tells the host and reception once when nobody acknowledged a checked-in visitor in time', async () => {
    const { time, tick, site, desk, waitingMails, waitingRecipients } = await setUp({
      waitingAlertMinutes: 10,
    });
    await desk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada Lovelace' }, 'checked_in');
    await tick();
    time.advance(9 * 60_000);
    await tick();
    expect(waitingMails()).toEqual([]);
    time.advance(60_000);
    await tick();
    expect(waitingRecipients()).toEqual(['hana@example.test', 'reception@example.test']);
    const host = waitingMails().find((m) => m.to[0] === 'hana@example.test')!;
    expect(host.subject).toBe('Ada Lovelace has been waiting 10 minutes');
    expect(host.text).toContain('waiting at Harbour House for Hana Ito for 10 minutes');
    time.advance(30 * 60_000);
    await tick();
    expect(waitingMails()).toHaveLength(2);
  });

  it('says nothing when the arrival was acknowledged at the desk or the visitor left', async () => {
    const { w, time, tick, site, desk, waitingMails } = await setUp({ waitingAlertMinutes: 10 });
    await desk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada Lovelace' }, 'checked_in');
    const left = await desk.arrive(
      site.hostIds[0]!,
      site.typeIds[0]!,
      { name: 'Grace Hopper' },
      'checked_in',
    );
    await tick();
    const auth = { authorization: `Bearer ${desk.credential}` };
    const inbox = (await (await fetch(`${w.base}/notify/inbox`, { headers: auth })).json()) as {
      items: { id: string; subject: string }[];
    };
    const ada = inbox.items.find((i) => i.subject.includes('Ada Lovelace'))!;
    expect(
      (await fetch(`${w.base}/notify/inbox/${ada.id}/read`, { method: 'POST', headers: auth })).status,
    ).toBe(200);
    await desk.push([{ type: 'visit.status', entityId: left, payload: { status: 'checked_out' } }]);
    time.advance(15 * 60_000);
    await tick();
    expect(waitingMails()).toEqual([]);
  });

  it('reports a visitor still waiting for an approval after the site’s time', async () => {
    const { time, tick, site, desk, waitingMails, waitingRecipients } = await setUp({
      waitingAlertMinutes: 15,
      escalateAfterMinutes: 60,
    });
    await desk.arrive(site.hostIds[0]!, site.typeIds[1]!, { name: 'Bob Fixer' });
    await tick();
    time.advance(15 * 60_000);
    await tick();
    expect(waitingRecipients()).toEqual(['hana@example.test', 'reception@example.test']);
    expect(waitingMails()[0]!.subject).toBe('Bob Fixer has been waiting 15 minutes');
  });

  it('is off for a site that sets no waiting time', async () => {
    const { time, tick, site, desk, waitingMails } = await setUp({});
    await desk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name: 'Ada Lovelace' }, 'checked_in');
    await tick();
    time.advance(3 * 60 * 60_000);
    await tick();
    expect(waitingMails()).toEqual([]);
  });
});
