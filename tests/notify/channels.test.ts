// Slack, Teams and the SMS gateway against real HTTP servers on 127.0.0.1, with a controllable clock: the
// request each service expects (payload shape, headers, auth), retries with backoff after 500s, and rate
// limits per channel (a limited channel waits its turn without spending attempts; others are not held up).
import { afterEach, describe, expect, it } from 'vitest';
import { clock, rawStation, seedSite, startReceiver, startWorld, type NotifyWorld } from '../support/notify';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function receiver(statuses: number[]): Promise<Receiver> {
  const r = await startReceiver(statuses);
  cleanups.push(() => r.close());
  return r;
}

/** A site whose one host is reached on the given channels, and a kiosk that checks visitors in. */
async function setUp(
  options: Omit<Parameters<typeof startWorld>[0], 'secret'>,
  host: Record<string, unknown>,
) {
  const time = clock();
  const w: NotifyWorld = await startWorld(
    { secret: 'channels-test-secret-0123456789abcdef', intervalMs: 0, ...options },
    time.now,
  );
  cleanups.push(() => w.close());
  const site = await seedSite(w, {
    hosts: [{ name: 'Hana Ito', phone: '+441234567890' }],
    types: [{ name: 'Guest', requiresApproval: false }],
  });
  expect((await w.admin('PUT', `/admin/notify/hosts/${site.hostIds[0]}`, host)).status).toBe(200);
  const kiosk = await rawStation(w, site.siteId);
  const arrive = (name: string, company?: string) =>
    kiosk.arrive(site.hostIds[0]!, site.typeIds[0]!, { name, company }, 'checked_in');
  const tick = () => w.server.notify!.tick();
  return { w, time, tick, arrive };
}

describe('Slack', () => {
  it('posts the incoming-webhook JSON, retries after a 500 with backoff, and never posts an accepted message twice', async () => {
    const slack = await receiver([500, 200]);
    const { time, tick, arrive } = await setUp(
      { retry: { maxAttempts: 4, baseMs: 2_000 } },
      { channels: ['slack'], slackWebhookUrl: slack.url },
    );
    await arrive('Ada Lovelace', 'Analytical Engines');
    await tick();
    expect(slack.received).toHaveLength(1);
    time.advance(1_000);
    await tick(); // still inside the backoff
    expect(slack.received).toHaveLength(1);
    time.advance(1_000);
    await tick();
    expect(slack.received).toHaveLength(2);
    time.advance(60_000);
    await tick();
    expect(slack.received).toHaveLength(2);

    const [first, second] = slack.received;
    expect(second!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(second!.body)).toEqual({
      text: '*Your visitor Ada Lovelace (Analytical Engines) has arrived*\nAda Lovelace (Analytical Engines) has arrived and is waiting at Lobby kiosk, Harbour House.',
    });
    // The retry is the same message: same body, same idempotency key.
    expect(second!.body).toBe(first!.body);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
  });
});

describe('Microsoft Teams', () => {
  it('posts an Adaptive Card message with the subject in bold and the text', async () => {
    const teams = await receiver([200]);
    const { tick, arrive } = await setUp({}, { channels: ['teams'], teamsWebhookUrl: teams.url });
    await arrive('Grace Hopper');
    await tick();
    expect(teams.received).toHaveLength(1);
    expect(JSON.parse(teams.received[0]!.body)).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              {
                type: 'TextBlock',
                text: 'Your visitor Grace Hopper has arrived',
                weight: 'Bolder',
                wrap: true,
              },
              {
                type: 'TextBlock',
                // Markdown punctuation is backslash-escaped; Teams shows the full stop as typed.
                text: 'Grace Hopper has arrived and is waiting at Lobby kiosk, Harbour House\\.',
                wrap: true,
              },
            ],
          },
        },
      ],
    });
  });
});

describe('SMS gateway', () => {
  it('sends Twilio’s form fields with basic auth, and puts the message in the dead letters after the last 500', async () => {
    const gateway = await receiver([500]);
    const { w, time, tick, arrive } = await setUp(
      {
        sms: { url: gateway.url, accountSid: 'AC123', authToken: 'sms-token', from: '+15550001111' },
        retry: { maxAttempts: 3, baseMs: 1_000 },
      },
      { channels: ['sms'] },
    );
    await arrive('Alan Turing');
    for (let i = 0; i < 5; i++) {
      await tick();
      time.advance(10_000);
    }
    expect(gateway.received).toHaveLength(3);
    const request = gateway.received[0]!;
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('AC123:sms-token').toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      To: '+441234567890',
      From: '+15550001111',
      Body: 'Alan Turing has arrived and is waiting at Lobby kiosk, Harbour House.',
    });
    const dead = (await w.admin('GET', '/admin/notify/dead-letters')).body.messages as {
      channel: string;
      attempts: number;
      lastError: string;
    }[];
    expect(dead).toEqual([expect.objectContaining({ channel: 'sms', attempts: 3 })]);
    expect(dead[0]!.lastError).toContain('HTTP 500');
  });
});

describe('rate limits per channel', () => {
  it('holds a channel to its messages per minute while another channel goes on unlimited', async () => {
    const slack = await receiver([200]);
    const teams = await receiver([200]);
    const { time, tick, arrive } = await setUp(
      { rateLimits: { slack: 2 }, retry: { maxAttempts: 1 } },
      { channels: ['slack', 'teams'], slackWebhookUrl: slack.url, teamsWebhookUrl: teams.url },
    );
    for (const name of ['Ada Lovelace', 'Grace Hopper', 'Alan Turing']) await arrive(name);
    await tick();
    expect(slack.received).toHaveLength(2);
    expect(teams.received).toHaveLength(3);
    time.advance(30_000);
    await tick();
    expect(slack.received).toHaveLength(2);
    time.advance(30_000);
    await tick();
    // The third waited its turn without spending its one attempt, and went out once.
    expect(slack.received).toHaveLength(3);
    expect(slack.received.map((r) => JSON.parse(r.body).text as string)).toEqual([
      expect.stringContaining('Ada Lovelace'),
      expect.stringContaining('Grace Hopper'),
      expect.stringContaining('Alan Turing'),
    ]);
  });
});
