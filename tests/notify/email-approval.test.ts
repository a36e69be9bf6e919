// End to end over real parts: a kiosk station (real SQLite, startSync over HTTP) checks a visitor in; the
// sync server's notification service e-mails the host through a real SMTP server (STARTTLS, auth) in the
// host's language; the test follows the approve link in the e-mail (GET the page, then POST), and the
// decision reaches the waiting kiosk through sync.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { decodeQrWithZbar } from '../support/decode-qr';
import { as } from '../support/station';
import {
  enrolledStation,
  linksIn,
  seedSite,
  startSmtp,
  startWorld,
  until,
  type NotifyWorld,
} from '../support/notify';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let world: NotifyWorld;
let kiosk: Awaited<ReturnType<typeof enrolledStation>> | undefined;

beforeEach(async () => {
  smtp = await startSmtp();
  world = await startWorld({ secret: 'test-link-secret-0123456789abcdef', smtp: smtp.smtp, intervalMs: 50 });
});
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
  await world.close();
  await smtp.close();
});

async function enrolledKiosk(siteId: string) {
  kiosk = await enrolledStation(world, siteId);
  return kiosk.station.client(as('visitor'));
}

describe('host e-mail and approval links', () => {
  it('e-mails the host in their language and releases the waiting kiosk when the host approves from the e-mail', async () => {
    const site = await seedSite(world, {
      hosts: [{ name: 'Lucía Gómez', email: 'lucia@example.test' }],
      types: [
        { name: 'Contractor', requiresApproval: true },
        { name: 'Guest', requiresApproval: false },
      ],
    });
    const [hostId] = site.hostIds;
    expect(
      (await world.admin('PUT', `/admin/notify/hosts/${hostId}`, { language: 'es', channels: ['email'] }))
        .status,
    ).toBe(200);
    const client = await enrolledKiosk(site.siteId);

    const waiting = await client.kiosk.checkIn({
      visitorTypeId: site.typeIds[0]!,
      language: 'en',
      visitor: { name: 'Ada Lovelace', company: 'Analytical Engines' },
      hostId: hostId!,
      customFields: {},
      signatures: [],
      cameraAvailable: false,
    });
    expect(waiting.outcome).toBe('waiting_for_approval');
    if (waiting.outcome !== 'waiting_for_approval') return;

    const mail = await until(
      () => smtp.mails.find((m) => m.subject.includes('Aprobación')),
      'the approval e-mail',
    );
    expect(mail.to).toEqual(['lucia@example.test']);
    expect(mail.subject).toBe('Aprobación necesaria: Ada Lovelace (Analytical Engines) está esperando');
    expect(mail.text).toContain('Ada Lovelace (Analytical Engines) espera en Lobby kiosk, Harbour House');
    const links = linksIn(mail.text);
    expect(links.approve).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/approve\//);

    // GET only shows the page (a mail scanner prefetching the link decides nothing).
    const page = await fetch(links.approve);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('Aprobar esta visita');
    expect(html).toContain('<form method="post"');
    expect(
      (await client.kiosk.visitStatus({ visitId: waiting.visitId, waitToken: waiting.waitToken })).state,
    ).toBe('waiting');

    const decided = await fetch(links.approve, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ reason: 'Esperado' }).toString(),
    });
    expect(decided.status).toBe(200);
    expect(await decided.text()).toContain('la visita está aprobada');

    // The server-authored decision reaches the kiosk through the nudge and pull.
    await until(
      async () =>
        (await client.kiosk.visitStatus({ visitId: waiting.visitId, waitToken: waiting.waitToken })).state ===
        'approved',
      'the kiosk to see the approval',
    );

    // Single use: the same link, or its deny twin, decides nothing more.
    const again = await fetch(links.approve, { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await fetch(links.deny, { method: 'POST' })).status).toBe(409);

    // A visitor who needs no approval: the host gets the arrival e-mail.
    const arrived = await client.kiosk.checkIn({
      visitorTypeId: site.typeIds[1]!,
      language: 'en',
      visitor: { name: 'Grace Hopper' },
      hostId: hostId!,
      customFields: {},
      signatures: [],
      cameraAvailable: false,
    });
    expect(arrived.outcome).toBe('checked_in');
    const arrival = await until(
      () => smtp.mails.find((m) => m.subject.includes('Grace Hopper')),
      'the arrival e-mail',
    );
    expect(arrival.subject).toBe('Su visita Grace Hopper ha llegado');
    expect(arrival.text).toContain('Grace Hopper ha llegado y le espera en Lobby kiosk, Harbour House.');
  });

  it('refuses a forged or altered link and shows nothing about the visit', async () => {
    const forged = `${world.base}/approve/${newId()}.approve.9999999999.${'A'.repeat(43)}`;
    const response = await fetch(forged, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('This link is not valid.');
  });
});

describe('e-mailing the pass', () => {
  /** The inline image with this Content-ID in a raw MIME message, decoded from base64. */
  function inlineImage(raw: string, cid: string): Buffer {
    const part = raw.split(/\r?\n--/).find((p) => new RegExp(`content-id:\\s*<${cid}>`, 'i').test(p));
    expect(part, `an inline part <${cid}>`).toBeDefined();
    const [, body = ''] = part!.split(/\r?\n\r?\n/);
    return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  }

  it('a pass asked for offline is queued in the outbox and e-mailed with its QR code once the kiosk is online', async () => {
    const site = await seedSite(world, {
      hosts: [{ name: 'Lucía Gómez', email: 'lucia@example.test' }],
      types: [{ name: 'Guest', requiresApproval: false }],
    });
    const client = await enrolledKiosk(site.siteId);
    await kiosk!.sync.stop(); // the network goes down

    const done = await client.kiosk.checkIn({
      visitorTypeId: site.typeIds[0]!,
      language: 'fr',
      visitor: { name: 'Ada Lovelace' },
      hostId: site.hostIds[0]!,
      customFields: {},
      signatures: [],
      cameraAvailable: false,
    });
    if (done.outcome !== 'checked_in') throw new Error(done.outcome);
    // The visitor is not kept waiting: the request is answered at once, from the station alone.
    expect(
      await client.kiosk.emailPass({ passToken: done.passToken, email: 'Ada@Example.test', language: 'fr' }),
    ).toMatchObject({ queued: true });
    const outbox = kiosk!.station.core.db.$client
      .prepare("SELECT count(*) AS n FROM outbox_ops WHERE type = 'pass.email'")
      .get() as { n: number };
    expect(outbox.n).toBe(1);
    expect(smtp.mails.filter((m) => m.to.includes('ada@example.test'))).toEqual([]);

    await kiosk!.goOnline();
    const mail = await until(
      () => smtp.mails.find((m) => m.to.includes('ada@example.test')),
      'the pass e-mail',
    );
    expect(mail.subject).toBe('Votre laissez-passer visiteur pour Harbour House');
    expect(mail.text).toContain('Voici votre laissez-passer visiteur pour Harbour House, valable jusqu’au');
    // The HTML part shows the QR code inline (<img src="cid:pass-qr">).
    expect(mail.raw).toMatch(/src=(3D)?"cid:pass-qr"/);
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-mail-'));
    const file = path.join(dir, 'pass-qr.png');
    writeFileSync(file, inlineImage(mail.raw, 'pass-qr'));
    expect(decodeQrWithZbar(file)).toBe(done.passToken);
  });

  it('refuses to e-mail anything but a valid pass of this site, and queues nothing', async () => {
    const site = await seedSite(world, {
      hosts: [{ name: 'Lucía Gómez' }],
      types: [{ name: 'Guest', requiresApproval: false }],
    });
    const client = await enrolledKiosk(site.siteId);
    await expect(
      client.kiosk.emailPass({ passToken: 'GH1:NOT-A-PASS', email: 'ada@example.test', language: 'en' }),
    ).rejects.toMatchObject({ code: 'not_found', message: 'That is not a valid pass for this site.' });
    const outbox = kiosk!.station.core.db.$client
      .prepare("SELECT count(*) AS n FROM outbox_ops WHERE type = 'pass.email'")
      .get() as { n: number };
    expect(outbox.n).toBe(0);
  });
});
