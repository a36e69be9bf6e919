// Issue #14 item 11 (part): a visitor's name is typed by anyone at the kiosk and reaches the host's Slack
// channel. Slack markup in it (<!channel>, <https://…|a link>) must arrive as text, not as a mention of the
// whole channel or a disguised link. Real sync server, real kiosk station, a real webhook receiver.
import { afterEach, describe, expect, it } from 'vitest';
import { clock, rawStation, seedSite, startReceiver, startWorld } from '../support/notify';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('chat notifications', () => {
  it('send Slack markup in a visitor name as plain text', async () => {
    const slack = await startReceiver([200]);
    cleanups.push(() => slack.close());
    const w = await startWorld(
      { secret: 'chat-markup-test-secret-0123456789abcdef', intervalMs: 0 },
      clock().now,
    );
    cleanups.push(() => w.close());
    const site = await seedSite(w, {
      hosts: [{ name: 'Hana Ito', phone: '+441234567890' }],
      types: [{ name: 'Guest', requiresApproval: false }],
    });
    await w.admin('PUT', `/admin/notify/hosts/${site.hostIds[0]}`, {
      channels: ['slack'],
      slackWebhookUrl: slack.url,
    });
    const kiosk = await rawStation(w, site.siteId);
    await kiosk.arrive(
      site.hostIds[0]!,
      site.typeIds[0]!,
      { name: '<!channel> <https://evil.example/|Click to approve> & co', company: 'A <b> & B' },
      'checked_in',
    );
    await w.server.notify!.tick();
    expect(slack.received).toHaveLength(1);
    const { text } = JSON.parse(slack.received[0]!.body) as { text: string };
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://');
    expect(text).toContain('&lt;!channel&gt; &lt;https://evil.example/|Click to approve&gt; &amp; co');
  });
});
