// HTTP routes of the notification service on the sync server:
// - GET/POST /approve/<link>: the approval page (GET shows, POST decides, so mail scanners that prefetch
//   links cannot approve), server-rendered, translated, under a strict CSP;
// - GET/POST /delegate/<link>, POST /delegate/<link>/end: a host's own page for handing their approvals to
//   a colleague while away (./delegations.ts), the same way;
// - GET /notify/inbox, POST /notify/inbox/:id/read, GET /notify/host-flags, POST /notify/delegations: for
//   the desk (station credential; the station checks who is signed in);
// - /admin/notify/*, /admin/webhooks*: profiles, delegations, dead letters, delivery logs (admin token).
import { DELEGATION_REFUSAL, DELEGATION_VOUCHERS } from '../../shared/authorship';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { newId } from '../../shared/ids';
import {
  NOTIFY_ROUTES,
  notifyDelegationRequestSchema,
  type NotifyDelegationResponse,
  type NotifyHostFlagsResponse,
  type NotifyInboxResponse,
} from '../../shared/notify';
import { SyncError } from '../../shared/sync';
import type { SyncService } from '../service';
import { formatDateTime } from '../../shared/datetime';
import { DELEGATION_DAYS, type DelegateLinkView, type DelegateOutcome } from './delegations';
import { WEBHOOK_EVENTS } from './events';
import type { NotifyService } from './service';
import { PERSON_CHANNELS } from './store';
import { fill, NOTIFY_LANGUAGES, textsFor } from './templates';
import { newWebhookSecret } from './webhooks';

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const where = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).slice(0, 5);
    throw new SyncError('invalid_input', `The request is not valid: ${where.join('; ')}.`);
  }
  return result.data;
}

const contact = z.object({
  channel: z.enum(PERSON_CHANNELS),
  address: z.string().trim().min(1).max(500),
  language: z.enum(NOTIFY_LANGUAGES).optional(),
});
const webhookUrl = z.url({ protocol: /^https?$/ }).max(500);

export const siteProfileSchema = z.strictObject({
  language: z.enum(NOTIFY_LANGUAGES).optional(),
  channels: z.array(z.enum(PERSON_CHANNELS)).max(5).optional(),
  slackWebhookUrl: webhookUrl.optional(),
  teamsWebhookUrl: webhookUrl.optional(),
  reception: z.array(contact).max(20).optional(),
  security: z.array(contact).max(20).optional(),
  escalateAfterMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  waitingAlertMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});
export const hostProfileSchema = z.strictObject({
  channels: z.array(z.enum(PERSON_CHANNELS)).max(5).optional(),
  language: z.enum(NOTIFY_LANGUAGES).optional(),
  email: z.email().max(200).optional(),
  phone: z
    .string()
    .regex(/^\+[1-9][0-9]{6,14}$/, 'an E.164 number such as +441234567890')
    .optional(),
  slackWebhookUrl: webhookUrl.optional(),
  teamsWebhookUrl: webhookUrl.optional(),
});
const approverRef = z.union([
  z.enum(['host', 'reception', 'security']),
  z.string().regex(/^host:[0-9a-f-]{36}$/),
]);
export const visitorTypeProfileSchema = z.strictObject({
  /** In order; any one approver of a step decides it. [['host'], ['security']] = host then security. */
  approvalSteps: z.array(z.array(approverRef).min(1).max(10)).min(1).max(5),
});
const webhookSchema = z.strictObject({
  siteId: z.string().min(1),
  url: webhookUrl,
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
});

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A link's page: one small HTML document, its one style block allowed by a nonce, no script at all. */
function page(language: string, title: string, body: string, nonce: string): string {
  return `<!doctype html><html lang="${escape(language)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">
<title>${escape(title)}</title><style nonce="${nonce}">
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
button{font-size:1.1rem;padding:.8rem 1.4rem;border:0;border-radius:.5rem;color:#fff;width:100%}
.approve{background:#1a7f37}.deny{background:#b42318}textarea{width:100%;min-height:4rem}
input,select{font-size:1.1rem;padding:.6rem;width:100%;box-sizing:border-box;margin:.3rem 0 1rem}
</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

/** The delegate page's form and the host's running hand-overs (each with its own end button). */
function delegatePage(view: Extract<DelegateLinkView, { ok: true }>, link: string): string {
  const { host } = view;
  const t = textsFor(host.language).delegatePage;
  const when = (iso: string) =>
    formatDateTime(iso, { locale: host.language, timeZone: host.timeZone }, 'medium');
  const action = `/delegate/${escape(link)}`;
  const running = view.delegations.length
    ? view.delegations
        .map(
          (
            d,
          ) => `<p>${escape(fill(t.current, { delegate: d.delegateName, from: when(d.fromAt), until: when(d.untilAt) }))}</p>
<form method="post" action="${action}/end"><input type="hidden" name="delegationId" value="${escape(d.id)}">
<p><button type="submit" class="deny">${escape(t.end)}</button></p></form>`,
        )
        .join('')
    : `<p>${escape(t.none)}</p>`;
  const days = DELEGATION_DAYS.map(
    (n) => `<option value="${n}">${escape(n === 1 ? t.oneDay : fill(t.days, { n: String(n) }))}</option>`,
  ).join('');
  return `<p>${escape(fill(t.intro, { host: host.hostName, site: host.siteName }))}</p>${running}
<form method="post" action="${action}">
<label>${escape(t.emailLabel)}<input type="email" name="email" required maxlength="300" autocomplete="off"></label>
<label>${escape(t.daysLabel)}<select name="days">${days}</select></label>
<p><button type="submit" class="approve">${escape(t.submit)}</button></p>
</form>`;
}

export function registerNotifyRoutes(
  app: FastifyInstance,
  sync: SyncService,
  notify: NotifyService,
  requireAdmin: (authorization: string | undefined) => void,
): void {
  const store = notify.store;
  const now = () => new Date().toISOString();

  // ---- approval page ----
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      },
    );
    const send = (
      reply: FastifyReply,
      status: number,
      language: string,
      html: (nonce: string) => string,
      title = textsFor(language).page.title,
    ) => {
      const nonce = randomBytes(16).toString('base64');
      return reply
        .code(status)
        .header(
          'content-security-policy',
          `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
        )
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .type('text/html; charset=utf-8')
        .send(page(language, title, html(nonce), nonce));
    };
    const failure = { invalid: 404, expired: 410, decided: 409 } as const;

    scope.get<{ Params: { link: string } }>('/approve/:link', async (req, reply) => {
      const seen = await notify.approvals.inspectLink(req.params.link);
      const texts = textsFor(seen.language);
      if (!seen.ok) {
        const message = seen.reason === 'decided' ? texts.page.alreadyDecided : texts.page[seen.reason];
        return send(reply, failure[seen.reason], seen.language, () => `<p>${escape(message)}</p>`);
      }
      const { visit } = seen;
      const who = visit.company ? `${visit.visitorName} (${visit.company})` : visit.visitorName;
      const template = texts.messages['approval.requested'].text;
      const intro = template
        .replace('{visitor}', who)
        .replace('{location}', visit.location)
        .replace('{host}', visit.hostName ?? '');
      const approve = seen.action === 'approve';
      return send(
        reply,
        200,
        seen.language,
        () => `<p>${escape(intro)}</p>
<form method="post" action="/approve/${escape(req.params.link)}">
<label>${escape(texts.page.reasonLabel)}<br><textarea name="reason" maxlength="500"></textarea></label>
<p><button type="submit" class="${approve ? 'approve' : 'deny'}">${escape(approve ? texts.page.confirmApprove : texts.page.confirmDeny)}</button></p>
</form>`,
      );
    });

    scope.post<{ Params: { link: string } }>('/approve/:link', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const reason =
        typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim().slice(0, 500) : null;
      const result = await notify.approvals.decide(req.params.link, reason);
      const texts = textsFor(result.language);
      if (!result.ok) {
        const message = result.reason === 'decided' ? texts.page.alreadyDecided : texts.page[result.reason];
        return send(reply, failure[result.reason], result.language, () => `<p>${escape(message)}</p>`);
      }
      const message = result.outcome === 'denied' ? texts.page.denied : texts.page.approved;
      return send(reply, 200, result.language, () => `<p>${escape(message)}</p>`);
    });

    // A host's own delegate link: GET shows, POST hands over or ends (./delegations.ts).
    const delegateFailure = {
      invalid: 404,
      expired: 410,
      unknownColleague: 422,
      notYourself: 422,
      badInput: 400,
      alreadyEnded: 409,
    } as const;
    const delegateAnswer = (reply: FastifyReply, link: string, outcome: DelegateOutcome, done: string) => {
      const language = outcome.ok ? outcome.host.language : outcome.language;
      const t = textsFor(language).delegatePage;
      const site = outcome.host?.siteName ?? '';
      const message = outcome.ok ? done : fill(t[outcome.reason], { site });
      const back = outcome.host ? `<p><a href="/delegate/${escape(link)}">${escape(t.title)}</a></p>` : '';
      return send(
        reply,
        outcome.ok ? 200 : delegateFailure[outcome.reason],
        language,
        () => `<p>${escape(message)}</p>${back}`,
        t.title,
      );
    };
    scope.get<{ Params: { link: string } }>('/delegate/:link', async (req, reply) => {
      const view = await notify.delegations.view(req.params.link);
      if (!view.ok) return delegateAnswer(reply, req.params.link, view, '');
      const title = textsFor(view.host.language).delegatePage.title;
      return send(reply, 200, view.host.language, () => delegatePage(view, req.params.link), title);
    });
    scope.post<{ Params: { link: string } }>('/delegate/:link', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const outcome = await notify.delegations.startFromLink(req.params.link, body);
      const done = outcome.ok
        ? fill(textsFor(outcome.host.language).delegatePage.started, {
            delegate: outcome.delegateName,
            until: formatDateTime(
              outcome.delegation!.untilAt,
              { locale: outcome.host.language, timeZone: outcome.host.timeZone },
              'medium',
            ),
          })
        : '';
      return delegateAnswer(reply, req.params.link, outcome, done);
    });
    scope.post<{ Params: { link: string } }>('/delegate/:link/end', async (req, reply) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const outcome = await notify.delegations.endFromLink(req.params.link, body);
      const done = outcome.ok ? textsFor(outcome.host.language).delegatePage.ended : '';
      return delegateAnswer(reply, req.params.link, outcome, done);
    });
  });

  // ---- the desk (station credential) ----
  app.get(NOTIFY_ROUTES.inbox, async (req): Promise<NotifyInboxResponse> => {
    const station = await sync.authenticate(req.headers.authorization);
    const items = (await store.messages({ siteId: station.siteId, channel: 'inapp', limit: 100 })).map(
      (m) => ({
        id: m.id,
        event: m.event,
        to: m.address,
        visitId: m.visitId,
        hostId: m.hostId,
        subject: m.content.subject ?? '',
        text: m.content.text ?? '',
        createdAt: m.createdAt,
        readAt: m.readAt,
      }),
    );
    return { unread: items.filter((i) => !i.readAt).length, items };
  });
  app.post<{ Params: { id: string } }>('/notify/inbox/:id/read', async (req) => {
    const station = await sync.authenticate(req.headers.authorization);
    if (!(await store.markRead(req.params.id, station.siteId, now())))
      throw new SyncError('not_found', 'There is no unread notification with that id at this site.');
    return { ok: true };
  });
  // A host delegating their own approvals at a desk: the station vouches for the signed-in host.
  app.post(NOTIFY_ROUTES.delegations, async (req, reply) => {
    const station = await sync.authenticate(req.headers.authorization);
    if (!DELEGATION_VOUCHERS.includes(station.role)) throw new SyncError('forbidden', DELEGATION_REFUSAL);
    const input = parse(notifyDelegationRequestSchema, req.body);
    const via = { kind: 'desk', stationId: station.id } as const;
    return reply.code(201).send(await notify.delegations.record(input, station.siteId, via));
  });
  app.get(NOTIFY_ROUTES.hostFlags, async (req): Promise<NotifyHostFlagsResponse> => {
    const station = await sync.authenticate(req.headers.authorization);
    const flags = await store.hostFlags(station.siteId);
    return { flags: flags.map(({ siteId: _siteId, ...flag }) => flag) };
  });

  // ---- admin ----
  const siteMustExist = async (siteId: string) => {
    if (!(await sync.store.site(siteId))) throw new SyncError('not_found', `There is no site ${siteId}.`);
  };
  app.put<{ Params: { id: string } }>('/admin/notify/sites/:id', async (req) => {
    requireAdmin(req.headers.authorization);
    await siteMustExist(req.params.id);
    const profile = parse(siteProfileSchema, req.body);
    await store.setProfile('site', req.params.id, profile, now());
    return profile;
  });
  app.put<{ Params: { id: string } }>('/admin/notify/hosts/:id', async (req) => {
    requireAdmin(req.headers.authorization);
    const profile = parse(hostProfileSchema, req.body);
    if (!(await store.entity('host', req.params.id)))
      throw new SyncError('not_found', `There is no host ${req.params.id}.`);
    await store.setProfile('host', req.params.id, profile, now());
    return profile;
  });
  app.put<{ Params: { id: string } }>('/admin/notify/visitor-types/:id', async (req) => {
    requireAdmin(req.headers.authorization);
    const profile = parse(visitorTypeProfileSchema, req.body);
    if (!(await store.entity('visitorType', req.params.id)))
      throw new SyncError('not_found', `There is no visitor type ${req.params.id}.`);
    await store.setProfile('visitorType', req.params.id, profile, now());
    return profile;
  });
  app.post('/admin/notify/delegations', async (req, reply) => {
    requireAdmin(req.headers.authorization);
    const input = parse(notifyDelegationRequestSchema, req.body);
    const delegation: NotifyDelegationResponse = await notify.delegations.record(input, null, {
      kind: 'admin',
    });
    return reply.code(201).send(delegation);
  });
  app.get<{ Querystring: { siteId?: string } }>('/admin/notify/dead-letters', async (req) => {
    requireAdmin(req.headers.authorization);
    const dead = await store.messages({ status: 'dead', siteId: req.query.siteId });
    return {
      messages: dead.map(({ content: _content, ...m }) => m),
    };
  });
  app.get<{ Params: { id: string } }>('/admin/notify/messages/:id', async (req) => {
    requireAdmin(req.headers.authorization);
    const message = await store.message(req.params.id);
    if (!message) throw new SyncError('not_found', `There is no message ${req.params.id}.`);
    // A message's body names a visitor: reading it is an export of personal data, audited by ids (#15).
    await sync.store.appendAdminAudit({
      at: now(),
      action: 'notify.messageRead',
      details: {
        by: 'admin token',
        from: req.ip,
        messageId: message.id,
        event: message.event,
        visitId: message.visitId,
        rows: message.content.purged === true ? 0 : 1,
      },
    });
    return { message, attempts: await store.attempts(message.id) };
  });
  app.post<{ Params: { id: string } }>('/admin/notify/messages/:id/retry', async (req) => {
    requireAdmin(req.headers.authorization);
    if (!(await notify.delivery.retryDead(req.params.id)))
      throw new SyncError('not_found', 'There is no dead message with that id to retry.');
    return { ok: true };
  });
  // Ops that failed to turn into notifications: retrying with backoff, or dead after the last attempt.
  app.get('/admin/notify/failed-ops', async (req) => {
    requireAdmin(req.headers.authorization);
    return {
      ops: (await store.failedOps()).map(({ op, ...failed }) => ({
        ...failed,
        opId: op.opId,
        type: op.type,
        siteId: op.siteId,
        stationId: op.stationId,
      })),
    };
  });
  app.post<{ Params: { serverSeq: string } }>('/admin/notify/failed-ops/:serverSeq/retry', async (req) => {
    requireAdmin(req.headers.authorization);
    if (!(await notify.intake.retryFailed(Number(req.params.serverSeq))))
      throw new SyncError('not_found', 'There is no dead op with that number to retry.');
    return { ok: true };
  });
  app.get<{ Querystring: { siteId?: string } }>('/admin/notify/host-flags', async (req) => {
    requireAdmin(req.headers.authorization);
    return { flags: await store.hostFlags(req.query.siteId) };
  });
  app.get<{ Params: { visitId: string } }>('/admin/approvals/:visitId', async (req) => {
    requireAdmin(req.headers.authorization);
    const approval = await store.approval(req.params.visitId);
    if (!approval) throw new SyncError('not_found', 'That visit has no approval.');
    return approval;
  });

  app.post('/admin/webhooks', async (req, reply) => {
    requireAdmin(req.headers.authorization);
    const input = parse(webhookSchema, req.body);
    await siteMustExist(input.siteId);
    const webhook = {
      id: newId(),
      ...input,
      secret: newWebhookSecret(),
      active: true,
      createdAt: now(),
    };
    await store.addWebhook(webhook);
    return reply.code(201).send(webhook); // the only time the secret is shown
  });
  app.get<{ Querystring: { siteId?: string } }>('/admin/webhooks', async (req) => {
    requireAdmin(req.headers.authorization);
    return { webhooks: (await store.webhooks(req.query.siteId)).map(({ secret: _s, ...w }) => w) };
  });
  app.post<{ Params: { id: string } }>('/admin/webhooks/:id/disable', async (req) => {
    requireAdmin(req.headers.authorization);
    if (!(await store.setWebhookActive(req.params.id, false)))
      throw new SyncError('not_found', 'There is no such webhook.');
    return { ok: true };
  });
  app.get<{ Params: { id: string } }>('/admin/webhooks/:id/deliveries', async (req) => {
    requireAdmin(req.headers.authorization);
    const hook = (await store.webhooks()).find((w) => w.id === req.params.id);
    if (!hook) throw new SyncError('not_found', 'There is no such webhook.');
    const messages = (await store.messages({ siteId: hook.siteId, channel: 'webhook' })).filter(
      (m) => m.address === hook.id,
    );
    return {
      deliveries: await Promise.all(
        messages.map(async (m) => ({
          id: m.id,
          event: m.event,
          status: m.status,
          attempts: (await store.attempts(m.id)).map((a) => ({
            at: a.at,
            statusCode: a.statusCode,
            ok: a.ok,
            detail: a.detail,
          })),
          lastError: m.lastError,
          createdAt: m.createdAt,
        })),
      ),
    };
  });
}
