// How each channel sends one message: SMTP (nodemailer), Slack and Teams incoming webhooks, an SMS gateway
// with Twilio's request shape, signed outgoing webhooks. In-app messages need no transport: the desk reads
// them from the server (GET /notify/inbox). A send either resolves (accepted) or throws a DeliveryError.
import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Channel, Message } from './store';

export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465). Otherwise STARTTLS is used when the server offers it. */
  secure?: boolean;
  /** Refuse to send unless the server upgrades with STARTTLS. */
  requireTls?: boolean;
  user?: string;
  pass?: string;
  from: string;
  /** Accept a self-signed certificate (test servers only). */
  allowSelfSigned?: boolean;
}

/** An HTTP SMS gateway that takes Twilio's Messages request: form fields To, From, Body, basic auth. */
export interface SmsConfig {
  url: string;
  accountSid: string;
  authToken: string;
  from: string;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface SendResult {
  statusCode: number | null;
  detail: string;
}

export type Sender = (message: Message) => Promise<SendResult>;

/** The SMTP Message-ID of a message: the same on every attempt, so a repeat is recognisable downstream. */
export const messageIdOf = (message: Pick<Message, 'id'>, domain: string) => `<${message.id}@${domain}>`;

/** Header names of an outgoing webhook delivery. */
export const WEBHOOK_HEADERS = {
  signature: 'x-gatehouse-signature',
  timestamp: 'x-gatehouse-timestamp',
  event: 'x-gatehouse-event',
  delivery: 'x-gatehouse-delivery',
} as const;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: receivers recompute it and check the timestamp is fresh. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

async function post(
  fetchImpl: typeof fetch,
  url: string,
  init: { headers: Record<string, string>; body: string },
): Promise<SendResult> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      redirect: 'error',
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new DeliveryError(`Could not reach ${new URL(url).host}: ${(error as Error).message}`);
  }
  const text = (await response.text().catch(() => '')).slice(0, 300);
  if (!response.ok) throw new DeliveryError(`HTTP ${response.status} ${text}`.trim(), response.status);
  return { statusCode: response.status, detail: text || 'accepted' };
}

export interface ChannelOptions {
  smtp?: SmtpConfig;
  sms?: SmsConfig;
  fetch?: typeof fetch;
  /** Domain of Message-IDs. */
  messageIdDomain: string;
  /** The webhook secret of a webhook id. */
  webhookSecret(id: string): Promise<{ url: string; secret: string } | undefined>;
  now(): Date;
}

/** The senders of every channel, built once from the configuration. */
export function createSenders(options: ChannelOptions): { senders: Record<Channel, Sender>; close(): void } {
  const fetchImpl = options.fetch ?? fetch;
  let mailer: Transporter | undefined;
  const smtp = options.smtp;
  if (smtp) {
    mailer = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure ?? false,
      requireTLS: smtp.requireTls ?? false,
      auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? '' } : undefined,
      tls: smtp.allowSelfSigned ? { rejectUnauthorized: false } : undefined,
      connectionTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  const email: Sender = async (message) => {
    if (!mailer || !smtp)
      throw new DeliveryError('E-mail is not configured on this server (no SMTP settings).');
    const { subject, text, html, photo, inline = [] } = message.content;
    try {
      const info = (await mailer.sendMail({
        from: smtp.from,
        to: message.address,
        subject,
        text,
        html,
        messageId: messageIdOf(message, options.messageIdDomain),
        headers: { 'X-Gatehouse-Idempotency-Key': message.idempotencyKey },
        attachments: [
          ...(photo
            ? [
                {
                  filename: photo.startsWith('data:image/png') ? 'visitor.png' : 'visitor.jpg',
                  path: photo,
                  cid: 'visitor-photo',
                },
              ]
            : []),
          ...inline.map(({ filename, cid, dataUrl }) => ({ filename, cid, path: dataUrl })),
        ],
      })) as { accepted: unknown[]; response: string };
      if (info.accepted.length === 0)
        throw new DeliveryError(`The SMTP server accepted no recipient: ${info.response}`);
      return { statusCode: Number(info.response.slice(0, 3)) || 250, detail: info.response };
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      const e = error as { message: string; responseCode?: number };
      throw new DeliveryError(`SMTP: ${e.message}`, e.responseCode ?? null);
    }
  };

  const json = (body: unknown, message: Message) => ({
    headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
    body: JSON.stringify(body),
  });

  // Slack reads <…> as mentions and links (<!channel>, <https://…|label>): what visitors typed is text.
  const slackText = (text: string | null | undefined) =>
    (text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const slack: Sender = (message) =>
    post(
      fetchImpl,
      message.address,
      json({ text: `*${slackText(message.content.subject)}*\n${slackText(message.content.text)}` }, message),
    );

  // Teams renders an Adaptive Card TextBlock as Markdown: `[Approve](https://…)` becomes a disguised link,
  // `**…**`/`_…_`/`- ` restyle the message, and `&…;` entities can smuggle `<at>`. Every CommonMark
  // punctuation mark a visitor typed is backslash-escaped, so Teams shows it as the character it is.
  const teamsText = (text: string | null | undefined) =>
    (text ?? '').replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, '\\$&');
  const teams: Sender = (message) =>
    post(
      fetchImpl,
      message.address,
      json(
        {
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
                    text: teamsText(message.content.subject),
                    weight: 'Bolder',
                    wrap: true,
                  },
                  { type: 'TextBlock', text: teamsText(message.content.text), wrap: true },
                ],
              },
            },
          ],
        },
        message,
      ),
    );

  const sms: Sender = (message) => {
    const config = options.sms;
    if (!config)
      return Promise.reject(new DeliveryError('SMS is not configured on this server (no gateway).'));
    const form = new URLSearchParams({
      To: message.address,
      From: config.from,
      Body: message.content.text ?? '',
    });
    return post(fetchImpl, config.url, {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`,
        'idempotency-key': message.idempotencyKey,
      },
      body: form.toString(),
    });
  };

  const webhook: Sender = async (message) => {
    const hook = await options.webhookSecret(message.address);
    if (!hook) throw new DeliveryError('The webhook was removed or disabled.');
    const body = JSON.stringify(message.content.payload ?? {});
    const timestamp = String(Math.floor(options.now().getTime() / 1000));
    return post(fetchImpl, hook.url, {
      headers: {
        'content-type': 'application/json',
        [WEBHOOK_HEADERS.timestamp]: timestamp,
        [WEBHOOK_HEADERS.signature]: webhookSignature(hook.secret, timestamp, body),
        [WEBHOOK_HEADERS.event]: message.event,
        [WEBHOOK_HEADERS.delivery]: message.id,
      },
      body,
    });
  };

  // In-app messages are stored, not sent: the desk reads them.
  const inapp: Sender = () => Promise.resolve({ statusCode: null, detail: 'stored for the desk' });

  return {
    senders: { email, slack, teams, sms, webhook, inapp },
    close: () => mailer?.close(),
  };
}
