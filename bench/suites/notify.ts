// Suite `notify`: a check-in at a kiosk station (real SQLite, startSync over HTTP) until the host's e-mail is
// accepted by a real SMTP server on loopback (target p99 < 2 s), and an approval click (POST on the link)
// until the waiting kiosk sees the decision.
import { newId } from '../../src/shared/ids';
import {
  enrolledStation,
  linksIn,
  seedSite,
  startSmtp,
  startWorld,
  until,
  walkIn,
} from '../../tests/support/notify';
import { summarize } from '../stats';

const RUNS = 30;

export async function notifySuite(): Promise<Record<string, number>> {
  const smtp = await startSmtp();
  const world = await startWorld({
    secret: 'bench-secret-0123456789abcdef0123',
    smtp: smtp.smtp,
    intervalMs: 50,
  });
  const site = await seedSite(world, {
    hosts: [{ name: 'Hana Ito', email: 'hana@example.test' }],
    types: [
      { name: 'Guest', requiresApproval: false },
      { name: 'Contractor', requiresApproval: true },
    ],
  });
  const kiosk = await enrolledStation(world, site.siteId, 'kiosk', 0);
  const client = kiosk.station.client({ role: 'visitor', userId: null });
  const checkIn = (typeId: string, name: string) =>
    walkIn(client, { typeId, hostId: site.hostIds[0]!, name });
  try {
    const toEmail: number[] = [];
    const toKiosk: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const name = `Visitor ${i} ${newId().slice(-6)}`;
      const start = performance.now();
      await checkIn(site.typeIds[0]!, name);
      await until(() => smtp.mails.some((m) => m.subject.includes(name)), 'the arrival e-mail');
      toEmail.push(performance.now() - start);

      const waiting = await checkIn(site.typeIds[1]!, `${name} B`);
      if (waiting.outcome !== 'waiting_for_approval') throw new Error('expected a waiting visitor');
      const mail = await until(
        () => smtp.mails.find((m) => m.subject.includes(`${name} B`)),
        'the approval e-mail',
      );
      const clickAt = performance.now();
      await fetch(linksIn(mail.text).approve, { method: 'POST' });
      await until(
        async () =>
          (await client.kiosk.visitStatus({ visitId: waiting.visitId, waitToken: waiting.waitToken }))
            .state === 'approved',
        'the kiosk to see the approval',
      );
      toKiosk.push(performance.now() - clickAt);
    }
    const email = summarize(toEmail);
    const approval = summarize(toKiosk);
    return {
      checkin_to_email_median_ms: email.median,
      checkin_to_email_p99_ms: email.p99,
      approval_click_to_kiosk_median_ms: approval.median,
      approval_click_to_kiosk_p99_ms: approval.p99,
    };
  } finally {
    await kiosk.close();
    await world.close();
    await smtp.close();
  }
}
