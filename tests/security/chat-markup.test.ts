// Issue #14 item 11: a visitor's name is typed by anyone at the kiosk and reaches the host's Slack channel
// or Teams card. Markup in it (Slack's <!channel> and <https://…|a link>, Teams' Markdown [link](…) and
// <at>) must arrive as text, not as a mention or a disguised link. Real sync server, real kiosk station, a
// real webhook receiver.
import { afterEach, describe, expect, it } from 'vitest';
import { clock, rawStation, seedSite, startReceiver, startWorld } from '../support/notify';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// One visitor arrives at a real kiosk of a site whose only host wants `channel`; answers what the chat
// webhook received.
async function arriveAndNotify(
  channel: 'slack' | 'teams',
  visitor: { name: string; company: string },
): Promise<string[]> {
  const receiver = await startReceiver([200]);
  cleanups.push(() => receiver.close());
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
    channels: [channel],
    [channel === 'slack' ? 'slackWebhookUrl' : 'teamsWebhookUrl']: receiver.url,
  });
  const kiosk = await rawStation(w, site.siteId);
  await kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, visitor, 'checked_in');
  await w.server.notify!.tick();
  return receiver.received.map((r) => r.body);
}

describe('chat notifications', () => {
  it('send Slack markup in a visitor name as plain text', async () => {
    const received = await arriveAndNotify('slack', {
      name: '<!channel> <https://evil.example/|Click to approve> & co',
      company: 'A <b> & B',
    });
    expect(received).toHaveLength(1);
    const { text } = JSON.parse(received[0]!) as { text: string };
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://');
    expect(text).toContain('&lt;!channel&gt; &lt;https://evil.example/|Click to approve&gt; &amp; co');
  });

  it('send Teams (Adaptive Card Markdown) markup in a visitor name as plain text', async () => {
    const received = await arriveAndNotify('teams', {
      name: '**[Click to approve](https://evil.example/)**',
      company: '<at>Everyone</at> &#60;x',
    });
    expect(received).toHaveLength(1);
    const card = JSON.parse(received[0]!) as {
      attachments: { content: { body: { text: string }[] } }[];
    };
    const text = card.attachments[0]!.content.body.map((b) => b.text).join('\n');
    // Every Markdown mark arrives escaped: no link, no bold, no mention tag, no entity.
    expect(text).not.toMatch(/(^|[^\\])\[Click/);
    expect(text).not.toMatch(/(^|[^\\])\*\*/);
    expect(text).not.toMatch(/(^|[^\\])<at>/);
    expect(text).toContain('\\*\\*\\[Click to approve\\]\\(https://evil\\.example/\\)\\*\\*');
    expect(text).toContain('\\<at\\>Everyone\\</at\\> \\&\\#60;x');
  });
});
