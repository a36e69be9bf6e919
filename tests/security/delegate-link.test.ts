// A host's own delegate link (src/server/notify/delegations.ts) on real parts: a kiosk station checks in a
// visitor who needs approval, the sync server e-mails the host through a real SMTP server, and the link in
// that e-mail is the only thing the host needs to hand their approvals to a colleague while away. First what
// the link refuses (a forged or altered link, an approve link, a colleague of another site, oneself, a year,
// another host's hand-over, an expired link), then the hand-over a host makes and ends with it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { as } from '../support/station';
import {
  enrolledStation,
  linksIn,
  seedSite,
  startSmtp,
  startWorld,
  until,
  type Mail,
  type NotifyWorld,
} from '../support/notify';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let world: NotifyWorld;
let kiosk: Awaited<ReturnType<typeof enrolledStation>> | undefined;
let offsetMs = 0;

beforeEach(async () => {
  offsetMs = 0;
  smtp = await startSmtp();
  world = await startWorld(
    { secret: 'test-link-secret-0123456789abcdef', smtp: smtp.smtp, intervalMs: 50 },
    () => new Date(Date.now() + offsetMs),
  );
});
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
  await world.close();
  await smtp.close();
});

const delegateLinkIn = (text: string) => /https?:\/\/\S+\/delegate\/\S+\.delegate\.\S+/.exec(text)?.[0] ?? '';
const form = (link: string, fields: Record<string, string>) =>
  fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
const mailTo = (address: string, subject: RegExp) =>
  until(
    () => smtp.mails.find((m: Mail) => m.to.includes(address) && subject.test(m.subject)),
    `an e-mail to ${address} (${String(subject)})`,
  );

describe('a host’s delegate link', () => {
  it('refuses what the host did not ask for, then hands over and ends the host’s approvals', async () => {
    const site = await seedSite(world, {
      hosts: [
        { name: 'Lucía Gómez', email: 'lucia@example.test' },
        { name: 'Omar Haddad', email: 'omar@example.test' },
      ],
      types: [{ name: 'Contractor', requiresApproval: true }],
    });
    const other = await seedSite(world, {
      hosts: [{ name: 'Eve Mallory', email: 'eve@example.test' }],
      types: [],
    });
    const [lucia, omar] = site.hostIds as [string, string];
    kiosk = await enrolledStation(world, site.siteId);
    const client = kiosk.station.client(as('visitor'));
    const checkIn = (name: string) =>
      client.kiosk.checkIn({
        visitorTypeId: site.typeIds[0]!,
        language: 'en',
        visitor: { name },
        hostId: lucia,
        customFields: {},
        signatures: [],
        cameraAvailable: false,
      });
    expect((await checkIn('Ada Lovelace')).outcome).toBe('waiting_for_approval');
    const approval = await mailTo('lucia@example.test', /Ada Lovelace/);
    const link = delegateLinkIn(approval.text);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/delegate\//);
    const notify = world.server.notify!;
    const delegations = () => notify.store.delegations(lucia);

    // GET only shows the page, translated, under the strict CSP: a mail scanner changes nothing.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('Lucía Gómez: while you are away, a colleague at Harbour House can approve');
    expect(html).toContain('You decide your visitor approvals yourself.');

    // Refused, each with its reason and nothing recorded.
    const token = link.slice(link.indexOf('/delegate/') + '/delegate/'.length);
    const [, action, expires, signature] = token.split('.');
    const forged = `${world.base}/delegate/${newId()}.${action}.${expires}.${signature}`;
    expect((await form(forged, { email: 'omar@example.test', days: '3' })).status).toBe(404);
    const approveLink = linksIn(approval.text).approve.split('/approve/')[1]!;
    const approveAsDelegate = await form(`${world.base}/delegate/${approveLink}`, {
      email: 'omar@example.test',
      days: '3',
    });
    expect(approveAsDelegate.status).toBe(404);
    expect(await approveAsDelegate.text()).toContain('This link is not valid.');
    const outsider = await form(link, { email: 'eve@example.test', days: '3' });
    expect(outsider.status).toBe(422);
    expect(await outsider.text()).toContain(
      'There is no colleague with that e-mail address at Harbour House.',
    );
    const self = await form(link, { email: 'Lucia@Example.test', days: '3' });
    expect(self.status).toBe(422);
    expect(await self.text()).toContain('Choose a colleague, not yourself.');
    expect((await form(link, { email: 'omar@example.test', days: '365' })).status).toBe(400);
    expect((await form(link, { days: '3' })).status).toBe(400);
    expect(await delegations()).toEqual([]);
    expect(await notify.store.delegations(other.hostIds[0]!)).toEqual([]);

    // The hand-over: the colleague found by e-mail (any case), for three days.
    const started = await form(link, { email: 'OMAR@example.test', days: '3' });
    expect(started.status).toBe(200);
    expect(await started.text()).toContain('Done: Omar Haddad decides for you until');
    const [handOver] = await delegations();
    expect(handOver).toMatchObject({ hostId: lucia, delegateHostId: omar });
    expect(Date.parse(handOver!.untilAt) - Date.parse(handOver!.fromAt)).toBe(3 * 24 * 3_600_000);
    // Both are told; the host's message carries the link to end it, so a misused link is noticed.
    const toHost = await mailTo('lucia@example.test', /now go to Omar Haddad/);
    expect(toHost.text).toContain('Omar Haddad decides your visitor approvals at Harbour House until');
    expect(delegateLinkIn(toHost.text)).toMatch(/\/delegate\//);
    await mailTo('omar@example.test', /Lucía Gómez asked you to decide/);
    const audit = (await world.admin('GET', '/admin/audit')).body.entries as {
      action: string;
      details: Record<string, unknown>;
    }[];
    expect(audit.find((e) => e.action === 'notify.delegation.start')?.details).toMatchObject({
      hostId: lucia,
      delegateHostId: omar,
      via: 'link',
    });
    expect(await (await fetch(link)).text()).toContain('Omar Haddad decides for you from');

    // The next visitor for Lucía is decided by Omar.
    expect((await checkIn('Grace Hopper')).outcome).toBe('waiting_for_approval');
    const forOmar = await mailTo('omar@example.test', /Grace Hopper/);
    expect(linksIn(forOmar.text).approve).toMatch(/\/approve\//);
    expect(
      smtp.mails.some((m) => m.to.includes('lucia@example.test') && m.subject.includes('Grace Hopper')),
    ).toBe(false);

    // Another host's hand-over cannot be ended through this link.
    const eveLink = notify.delegations.link(other.hostIds[0]!);
    const notEves = await form(`${eveLink}/end`, { delegationId: handOver!.id });
    expect(notEves.status).toBe(409);
    expect((await delegations())[0]!.untilAt).toBe(handOver!.untilAt);

    // Lucía is back: she ends it, and is told.
    const ended = await form(`${link}/end`, { delegationId: handOver!.id });
    expect(ended.status).toBe(200);
    expect(await ended.text()).toContain('Done: you decide your visitor approvals yourself again.');
    expect(Date.parse((await delegations())[0]!.untilAt)).toBeLessThanOrEqual(Date.now() + offsetMs);
    await mailTo('lucia@example.test', /come to you again/);
    expect((await form(`${link}/end`, { delegationId: handOver!.id })).status).toBe(409);

    // Fifteen days on, the link has expired.
    offsetMs = 15 * 24 * 3_600_000;
    const expired = await form(link, { email: 'omar@example.test', days: '1' });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired.');
    expect(await delegations()).toHaveLength(1);
  });
});
