// The notification service of the sync server. It reads the op log (what stations push) and turns visits
// arriving, waiting for approval and leaving, and watchlist matches, into messages for each recipient's
// channels; it runs approvals (signed single-use links, steps, escalation, delegation) and outgoing
// webhooks; and it delivers everything through one persistent queue with retries, backoff, rate limits
// and dead letters. Every time comes from `now()`, so tests drive it with a controllable clock.
import { randomBytes } from 'node:crypto';
import { backoffDelay } from '../../shared/backoff';
import { newId } from '../../shared/ids';
import type { EntityState } from '../../shared/merge';
import type { ServerOp } from '../../shared/sync';
import { SERVER_AUTHOR_ID } from '../../shared/sync';
import type { SyncService } from '../service';
import { createSenders, DeliveryError, type SmsConfig, type SmtpConfig } from './channels';
import { eventsOfOp, type OpEvent, type WebhookEvent } from './events';
import { checkLink, signLink, type LinkAction } from './links';
import { passEmailMessage } from './pass-email';
import {
  PERSON_CHANNELS,
  type Approval,
  type Channel,
  type Message,
  type MessageContent,
  type NotifyStore,
  type PersonChannel,
} from './store';
import { escapeHtml, fill, textsFor, type MessageEvent } from './templates';

export interface NotifyOptions {
  /** The address people reach this server at: the approve/deny links start with it. */
  publicUrl: string;
  /** HMAC key of approve/deny links (32+ random bytes). */
  secret: string;
  smtp?: SmtpConfig;
  sms?: SmsConfig;
  fetch?: typeof fetch;
  /** Attempts before a message goes to the dead letters, and the backoff between them. */
  retry?: { maxAttempts?: number; baseMs?: number; maxMs?: number };
  /** Messages per minute per channel; more wait their turn (no attempt is spent). */
  rateLimits?: Partial<Record<Channel, number>>;
  /** How long approve/deny links stay valid. */
  linkTtlMinutes?: number;
  /** How often the worker looks at the queue and the clock (0: only when told, as tests do). */
  intervalMs?: number;
  log?: (message: string) => void;
}

/** A person or desk who receives messages: one address on one channel, in one language. */
interface Recipient {
  channel: PersonChannel;
  address: string;
  language: string;
  hostId: string | null;
}

export interface SiteProfile {
  language?: string;
  /** Channels of hosts who chose none. */
  channels?: PersonChannel[];
  slackWebhookUrl?: string;
  teamsWebhookUrl?: string;
  reception?: { channel: PersonChannel; address: string; language?: string }[];
  security?: { channel: PersonChannel; address: string; language?: string }[];
  /** An approval step nobody answered goes to reception after this many minutes. */
  escalateAfterMinutes?: number;
  /** A visitor waiting this long for their host (or an approval) is reported to the host and reception. */
  waitingAlertMinutes?: number;
}

export interface HostProfile {
  channels?: PersonChannel[];
  language?: string;
  email?: string;
  phone?: string;
  slackWebhookUrl?: string;
  teamsWebhookUrl?: string;
}

/** Approval steps of a visitor type: in order; any one approver of a step decides it. */
export interface VisitorTypeProfile {
  approvalSteps?: string[][];
}

const field = (state: EntityState | undefined, name: string): string | null => {
  const v = state?.fields[name]?.v;
  return typeof v === 'string' ? v : null;
};

/** What a message says about a visit: filled into the templates. */
interface VisitContext {
  visitId: string;
  siteId: string;
  siteName: string;
  hostId: string | null;
  hostName: string | null;
  visitorTypeId: string | null;
  visitorName: string;
  company: string | null;
  /** Only in the host's arrival e-mail. */
  photo: string | null;
  location: string;
  status: string | null;
}

export type Decision =
  | { ok: true; outcome: 'approved' | 'denied' | 'next_step'; language: string }
  | { ok: false; reason: 'invalid' | 'expired' | 'decided'; language: string };

export class NotifyService {
  private readonly senders: ReturnType<typeof createSenders>;
  private readonly retry: { maxAttempts: number; baseMs: number; maxMs: number };
  private readonly sentWindow = new Map<Channel, number[]>();
  /** Sends that went out but could not be marked yet: marked again, never sent again. */
  private readonly unmarked = new Map<
    string,
    { statusCode: number | null; detail: string; at: string; attempt: number }
  >();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly log: (message: string) => void;
  private readonly onApplied = () => this.kick();

  constructor(
    private readonly sync: SyncService,
    readonly store: NotifyStore,
    readonly options: NotifyOptions,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.retry = { maxAttempts: 6, baseMs: 5_000, maxMs: 15 * 60_000, ...options.retry };
    this.log = options.log ?? (() => {});
    this.senders = createSenders({
      smtp: options.smtp,
      sms: options.sms,
      fetch: options.fetch,
      messageIdDomain: new URL(options.publicUrl).hostname || 'gatehouse.invalid',
      now,
      webhookSecret: async (id) => {
        const hook = (await this.store.webhooks()).find((w) => w.id === id && w.active);
        return hook && { url: hook.url, secret: hook.secret };
      },
    });
  }

  /**
   * Starts the worker. A message a previous process left half-sent may have gone out: it is never sent
   * again by itself, it goes to the dead letters for an admin to look at (retry sends it once more).
   */
  async start(): Promise<void> {
    const at = this.now().toISOString();
    for (const m of await this.store.inFlight()) {
      await this.store.markFailed(
        m.id,
        {
          attempt: m.attempts,
          at,
          ok: false,
          statusCode: null,
          detail:
            'Outcome unknown: the server stopped while sending, so it may have been delivered. Retry only if it was not.',
        },
        null,
      );
    }
    this.sync.events.on('applied', this.onApplied);
    if (this.options.intervalMs !== 0) {
      this.timer = setInterval(() => this.kick(), this.options.intervalMs ?? 1_000);
      this.timer.unref();
    }
    this.kick();
  }

  async stop(): Promise<void> {
    this.sync.events.off('applied', this.onApplied);
    clearInterval(this.timer);
    await this.running;
    this.senders.close();
  }

  /** Runs a tick soon (after new ops, on the timer); ticks never overlap. */
  kick(): void {
    void this.tick().catch((error: unknown) => this.log(`notify tick failed: ${(error as Error).message}`));
  }

  /** Reads new ops, escalates late approvals, delivers what is due. Resolves when all of it is done. */
  tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.processLog();
          await this.escalate();
          await this.waitingTooLong();
          await this.deliver();
        } while (this.again);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  // ---- ops → events -------------------------------------------------------------------------------

  private async processLog(): Promise<void> {
    const cursor = await this.store.cursor();
    const ops = await this.sync.store.log(cursor);
    for (const op of ops) {
      for (const event of eventsOfOp(op, op.stationId === SERVER_AUTHOR_ID)) await this.handle(op, event);
      await this.store.setCursor(op.serverSeq);
    }
  }

  private async handle(op: ServerOp, event: OpEvent): Promise<void> {
    const siteId = op.siteId;
    if (!siteId) return;
    if (event.kind === 'webhook') return this.emitWebhook(siteId, event.event, op, event.data);
    if (event.kind === 'watchlist') return this.watchlistAlert(siteId, op, event);
    if (event.kind === 'pass_email') return this.emailPass(siteId, op);
    const visit = await this.visitContext(event.visitId, op);
    if (!visit) return;
    switch (event.kind) {
      case 'arrived':
        await this.closeApproval(visit.visitId);
        return this.notifyHost(
          { ...visit, photo: (await this.store.photoOf(visit.visitId, op.serverSeq)) ?? null },
          'visitor.arrived',
        );
      case 'checked_out':
        return this.notifyHost(visit, 'visitor.checked_out');
      case 'approval_needed':
        return this.startApproval(visit);
      case 'visit_decided':
        return this.closeApproval(visit.visitId);
    }
  }

  private async visitContext(visitId: string, op: ServerOp): Promise<VisitContext | undefined> {
    const visit = await this.store.entity('visit', visitId);
    if (!visit?.siteId) return undefined;
    const visitorId = field(visit, 'visitorId');
    const visitor = visitorId ? await this.store.entity('visitor', visitorId) : undefined;
    const hostId = field(visit, 'hostId');
    const host = hostId ? await this.store.entity('host', hostId) : undefined;
    const site = await this.sync.store.site(visit.siteId);
    const stationName =
      op.stationId === SERVER_AUTHOR_ID ? undefined : await this.store.stationName(op.stationId);
    const siteName = site?.name ?? '';
    return {
      visitId,
      siteId: visit.siteId,
      siteName,
      hostId,
      hostName: field(host, 'name'),
      visitorTypeId: field(visit, 'visitorTypeId'),
      visitorName: field(visitor, 'name') ?? '?',
      company: field(visitor, 'company'),
      photo: null,
      location: stationName ? `${stationName}, ${siteName}` : siteName,
      status: visit.status,
    };
  }

  // ---- recipients -----------------------------------------------------------------------------------

  private async siteProfile(siteId: string): Promise<SiteProfile> {
    return ((await this.store.profile('site', siteId)) ?? {}) as SiteProfile;
  }

  /** A host's recipients: their channels (or the site's defaults) that have an address. */
  private async hostRecipients(siteId: string, hostId: string): Promise<Recipient[]> {
    const site = await this.siteProfile(siteId);
    const profile = ((await this.store.profile('host', hostId)) ?? {}) as HostProfile;
    const host = await this.store.entity('host', hostId);
    const siteInfo = await this.sync.store.site(siteId);
    const language = profile.language ?? site.language ?? siteInfo?.defaultLanguage ?? 'en';
    const channels = profile.channels ?? site.channels ?? ['email'];
    const addressOf: Record<PersonChannel, string | null | undefined> = {
      email: profile.email ?? field(host, 'email'),
      sms: profile.phone ?? field(host, 'phone'),
      slack: profile.slackWebhookUrl ?? site.slackWebhookUrl,
      teams: profile.teamsWebhookUrl ?? site.teamsWebhookUrl,
      inapp: `host:${hostId}`,
    };
    return channels
      .filter((c) => PERSON_CHANNELS.includes(c) && addressOf[c])
      .map((channel) => ({ channel, address: addressOf[channel]!, language, hostId }));
  }

  /** Reception or security of a site; reception is at least the desk's in-app list. */
  private async teamRecipients(siteId: string, team: 'reception' | 'security'): Promise<Recipient[]> {
    const site = await this.siteProfile(siteId);
    const language = site.language ?? (await this.sync.store.site(siteId))?.defaultLanguage ?? 'en';
    const contacts = site[team] ?? (team === 'reception' ? [] : []);
    const list = contacts.map((c) => ({
      channel: c.channel,
      address: c.address,
      language: c.language ?? language,
      hostId: null,
    }));
    if (!list.some((r) => r.channel === 'inapp'))
      list.push({ channel: 'inapp', address: team, language, hostId: null });
    return list;
  }

  // ---- messages -------------------------------------------------------------------------------------

  private render(
    event: MessageEvent,
    language: string,
    visit: Partial<VisitContext>,
    extra: Record<string, string> = {},
    links?: { approve: string; deny: string },
  ): MessageContent {
    const texts = textsFor(language);
    const template = texts.messages[event];
    const visitor = visit.visitorName
      ? visit.company
        ? `${visit.visitorName} (${visit.company})`
        : visit.visitorName
      : '?';
    const values = {
      visitor,
      location: visit.location,
      host: visit.hostName ?? '',
      site: visit.siteName,
      ...extra,
    };
    const subject = fill(template.subject, values);
    const body = fill(template.text, values);
    const linkText = links ? `\n\n${texts.approve}: ${links.approve}\n${texts.deny}: ${links.deny}\n` : '';
    const button = (href: string, label: string, color: string) =>
      `<a href="${escapeHtml(href)}" style="display:inline-block;padding:12px 20px;margin:4px;border-radius:6px;background:${color};color:#fff;text-decoration:none">${escapeHtml(label)}</a>`;
    const html = [
      `<p>${escapeHtml(body)}</p>`,
      visit.photo ? `<p><img src="cid:visitor-photo" alt="" width="160"></p>` : '',
      links
        ? `<p>${button(links.approve, texts.approve, '#1a7f37')}${button(links.deny, texts.deny, '#b42318')}</p>`
        : '',
    ].join('');
    return { subject, text: body + linkText, html, ...(visit.photo ? { photo: visit.photo } : {}) };
  }

  private async send(
    key: string,
    recipient: Recipient,
    event: string,
    siteId: string,
    visitId: string | null,
    content: MessageContent,
  ): Promise<void> {
    await this.store.enqueue(
      {
        idempotencyKey: `${key}:${recipient.channel}:${recipient.address}`,
        siteId,
        channel: recipient.channel,
        address: recipient.address,
        hostId: recipient.hostId,
        event,
        visitId,
        content,
      },
      this.now().toISOString(),
    );
  }

  private async notifyHost(visit: VisitContext, event: 'visitor.arrived' | 'visitor.checked_out') {
    if (!visit.hostId) return;
    const recipients = await this.hostRecipients(visit.siteId, visit.hostId);
    const reachable = recipients.filter((r) => r.channel !== 'inapp');
    for (const r of recipients) {
      await this.send(
        `${event}:${visit.visitId}`,
        r,
        event,
        visit.siteId,
        visit.visitId,
        this.render(event, r.language, r.channel === 'email' ? visit : { ...visit, photo: null }),
      );
    }
    if (event === 'visitor.arrived' && reachable.length === 0) {
      await this.flagHost(visit, 'no_channel', 'no channel with an address');
    }
  }

  /** Tells reception to call a host who cannot be reached, and flags the host in the directory. */
  private async flagHost(visit: VisitContext, reason: 'no_channel' | 'channel_failing', detail: string) {
    if (!visit.hostId) return;
    await this.store.setHostFlag({
      hostId: visit.hostId,
      siteId: visit.siteId,
      reason,
      detail,
      at: this.now().toISOString(),
    });
    for (const r of await this.teamRecipients(visit.siteId, 'reception')) {
      await this.send(
        `host.unreachable:${visit.visitId}:${visit.hostId}`,
        r,
        'host.unreachable',
        visit.siteId,
        visit.visitId,
        this.render('host.unreachable', r.language, visit, { detail }),
      );
    }
  }

  private async watchlistAlert(
    siteId: string,
    op: ServerOp,
    { visitId, name, deny }: Extract<OpEvent, { kind: 'watchlist' }>,
  ) {
    const visit = visitId ? await this.visitContext(visitId, op) : undefined;
    // A deny match holds the visit for the desk: closed before it starts, so no approval links go out.
    if (deny && visit) await this.startApproval(visit, 'closed');
    const site = await this.sync.store.site(siteId);
    const stationName = await this.store.stationName(op.stationId);
    const context: Partial<VisitContext> = visit ?? {
      siteName: site?.name,
      visitorName: name ?? '?',
      location: stationName ? `${stationName}, ${site?.name ?? ''}` : site?.name,
    };
    for (const r of await this.teamRecipients(siteId, 'security')) {
      await this.send(
        `watchlist:${op.opId}`,
        r,
        'watchlist.alert',
        siteId,
        visitId,
        this.render('watchlist.alert', r.language, context),
      );
    }
  }

  /** A visitor asked the kiosk to e-mail their pass (src/server/notify/pass-email.ts). */
  private async emailPass(siteId: string, op: ServerOp) {
    let message;
    try {
      message = passEmailMessage(op, await this.sync.store.site(siteId));
    } catch (error) {
      // A malformed op (a token no QR code can hold) must not stop every later notification.
      this.log(`pass e-mail for op ${op.opId} skipped: ${(error as Error).message}`);
      return;
    }
    if (message) await this.store.enqueue(message, this.now().toISOString());
  }

  private async emitWebhook(
    siteId: string,
    event: WebhookEvent,
    op: ServerOp,
    data: Record<string, unknown>,
  ) {
    const hooks = (await this.store.webhooks(siteId)).filter((w) => w.active && w.events.includes(event));
    if (hooks.length === 0) return;
    const visitId = typeof data.visitId === 'string' ? data.visitId : null;
    const visit = visitId ? await this.visitContext(visitId, op) : undefined;
    const payload = {
      id: `${op.opId}:${event}`,
      event,
      siteId,
      occurredAt: op.occurredAt,
      stationId: op.stationId,
      data: {
        ...data,
        ...(visit
          ? {
              visitorName: visit.visitorName,
              company: visit.company,
              hostId: visit.hostId,
              hostName: visit.hostName,
              status: visit.status,
            }
          : {}),
      },
    };
    for (const hook of hooks) {
      await this.store.enqueue(
        {
          idempotencyKey: `webhook:${hook.id}:${payload.id}`,
          siteId,
          channel: 'webhook',
          address: hook.id,
          hostId: null,
          event,
          visitId,
          content: { payload },
        },
        this.now().toISOString(),
      );
    }
  }

  // ---- approvals ------------------------------------------------------------------------------------

  /** Starts a visit's approval once (a later start does nothing); a 'closed' one sends no links. */
  private async startApproval(visit: VisitContext, status: 'pending' | 'closed' = 'pending') {
    const type = visit.visitorTypeId
      ? (((await this.store.profile('visitorType', visit.visitorTypeId)) ?? {}) as VisitorTypeProfile)
      : {};
    const steps = type.approvalSteps?.length ? type.approvalSteps : [['host']];
    const at = this.now().toISOString();
    const created = await this.store.createApproval({
      visitId: visit.visitId,
      siteId: visit.siteId,
      steps,
      step: 0,
      stepStartedAt: at,
      escalatedAt: null,
      status,
      decidedBy: null,
      reason: null,
      decidedAt: null,
      createdAt: at,
    });
    if (created && status === 'pending') await this.requestStep(visit, steps[0]!, 0, 'approval.requested');
  }

  /** The host who decides for `hostId` now: a colleague while a delegation is running, else the host. */
  private async deciderFor(hostId: string): Promise<string> {
    const at = this.now().toISOString();
    const active = (await this.store.delegations(hostId)).filter((d) => d.fromAt <= at && at < d.untilAt);
    return active.at(-1)?.delegateHostId ?? hostId;
  }

  /** Sends approve/deny links to every approver of a step (each message its own single-use token). */
  private async requestStep(
    visit: VisitContext,
    approvers: string[],
    step: number,
    event: 'approval.requested' | 'approval.escalated',
  ) {
    for (const ref of approvers) {
      let recipients: Recipient[];
      let approver: string;
      if (ref === 'reception' || ref === 'security') {
        approver = ref;
        recipients = await this.teamRecipients(visit.siteId, ref);
      } else {
        const named = ref.startsWith('host:') ? ref.slice(5) : visit.hostId;
        if (!named) continue;
        const decider = await this.deciderFor(named);
        approver = `host:${decider}`;
        recipients = await this.hostRecipients(visit.siteId, decider);
        if (!recipients.some((r) => r.channel !== 'inapp')) {
          await this.flagHost({ ...visit, hostId: decider }, 'no_channel', 'no channel with an address');
        }
      }
      for (const r of recipients) {
        const tokenId = newId();
        const expiresAt = new Date(this.now().getTime() + (this.options.linkTtlMinutes ?? 24 * 60) * 60_000);
        await this.store.createToken({
          id: tokenId,
          visitId: visit.visitId,
          step,
          approver,
          language: r.language,
          expiresAt: expiresAt.toISOString(),
          usedAt: null,
        });
        const link = (action: LinkAction) =>
          `${this.options.publicUrl.replace(/\/$/, '')}/approve/${signLink(this.options.secret, tokenId, action, expiresAt)}`;
        await this.send(
          `${event}:${visit.visitId}:${step}:${approver}`,
          r,
          event,
          visit.siteId,
          visit.visitId,
          this.render(event, r.language, visit, {}, { approve: link('approve'), deny: link('deny') }),
        );
      }
    }
  }

  /** The desk decided (offline, on the host's behalf) or the visitor checked in: links stop working. */
  private async closeApproval(visitId: string) {
    const approval = await this.store.approval(visitId);
    if (approval?.status === 'pending')
      await this.store.updateApproval(visitId, { status: 'closed', decidedAt: this.now().toISOString() });
  }

  /** What a link shows before anyone confirms: the visit, or why the link cannot be used. */
  async inspectLink(
    link: string,
  ): Promise<
    | { ok: true; action: LinkAction; language: string; visit: VisitContext }
    | { ok: false; reason: 'invalid' | 'expired' | 'decided'; language: string }
  > {
    const check = checkLink(this.options.secret, link, this.now());
    if (!check.ok) return { ok: false, reason: check.reason, language: 'en' };
    const token = await this.store.token(check.tokenId);
    if (!token) return { ok: false, reason: 'invalid', language: 'en' };
    const approval = await this.store.approval(token.visitId);
    if (token.usedAt || approval?.status !== 'pending' || approval.step !== token.step) {
      return { ok: false, reason: 'decided', language: token.language };
    }
    const visit = await this.visitContext(token.visitId, { stationId: SERVER_AUTHOR_ID } as ServerOp);
    if (!visit) return { ok: false, reason: 'invalid', language: token.language };
    return { ok: true, action: check.action, language: token.language, visit };
  }

  /** Decides through a link (POST only): single use, then the next step or the server-authored decision. */
  async decide(link: string, reason: string | null): Promise<Decision> {
    const seen = await this.inspectLink(link);
    if (!seen.ok) return seen;
    const check = checkLink(this.options.secret, link, this.now());
    if (!check.ok) return { ok: false, reason: check.reason, language: seen.language };
    const token = (await this.store.token(check.tokenId))!;
    const at = this.now().toISOString();
    // The visit may have moved on at a station (the desk decided offline): the link is then spent.
    if (seen.visit.status !== 'pending_approval' || !(await this.store.useToken(token.id, at))) {
      return { ok: false, reason: 'decided', language: token.language };
    }
    const approval = (await this.store.approval(token.visitId))!;
    const deciderName = token.approver.startsWith('host:')
      ? (field(await this.store.entity('host', token.approver.slice(5)), 'name') ?? token.approver)
      : token.approver;
    if (check.action === 'approve' && approval.step + 1 < approval.steps.length) {
      const step = approval.step + 1;
      await this.store.updateApproval(approval.visitId, { step, stepStartedAt: at, escalatedAt: null });
      await this.requestStep(seen.visit, approval.steps[step]!, step, 'approval.requested');
      this.kick();
      return { ok: true, outcome: 'next_step', language: token.language };
    }
    const status = check.action === 'approve' ? 'approved' : 'denied';
    await this.store.updateApproval(approval.visitId, {
      status,
      decidedBy: token.approver,
      reason,
      decidedAt: at,
    });
    await this.sync.authorAs([
      {
        type: 'visit.status',
        entityId: approval.visitId,
        siteId: approval.siteId,
        payload: {
          status,
          decidedBy: deciderName,
          decidedByRef: token.approver,
          decisionReason: reason,
          decidedVia: 'link',
        },
      },
    ]);
    return { ok: true, outcome: status, language: token.language };
  }

  /** A step nobody answered within the site's time goes to reception as well (once per step). */
  private async escalate(): Promise<void> {
    const now = this.now();
    for (const approval of await this.store.pendingApprovals()) {
      if (approval.escalatedAt) continue;
      const minutes = (await this.siteProfile(approval.siteId)).escalateAfterMinutes ?? 10;
      if (now.getTime() - Date.parse(approval.stepStartedAt) < minutes * 60_000) continue;
      await this.store.updateApproval(approval.visitId, { escalatedAt: now.toISOString() });
      const visit = await this.visitContext(approval.visitId, { stationId: SERVER_AUTHOR_ID } as ServerOp);
      if (visit?.status === 'pending_approval')
        await this.requestStep(visit, ['reception'], approval.step, 'approval.escalated');
    }
  }

  /**
   * A visitor checked in whose arrival nobody acknowledged (an arrival message marked read: the host came,
   * or reception saw to it), or waiting for an approval nobody gave, after the site's
   * `waitingAlertMinutes`: the host (or whoever decides for them) and reception are told, once per visit.
   */
  private async waitingTooLong(): Promise<void> {
    const now = this.now().getTime();
    const approvals = await this.store.pendingApprovals();
    for (const site of await this.sync.store.listSites()) {
      const minutes = (await this.siteProfile(site.id)).waitingAlertMinutes;
      if (!minutes) continue;
      const before = new Date(now - minutes * 60_000).toISOString();
      const since = new Date(now - 24 * 60 * 60_000).toISOString();
      const waiting = [
        ...(await this.store.unacknowledgedArrivals(site.id, since, before)).map((visitId) => ({
          visitId,
          status: 'checked_in',
        })),
        ...approvals
          .filter((a) => a.siteId === site.id && a.createdAt <= before)
          .map((a) => ({ visitId: a.visitId, status: 'pending_approval' })),
      ];
      for (const { visitId, status } of waiting) {
        const visit = await this.visitContext(visitId, { stationId: SERVER_AUTHOR_ID } as ServerOp);
        if (visit?.status !== status) continue; // met, decided or gone since
        const host = visit.hostId
          ? await this.hostRecipients(site.id, await this.deciderFor(visit.hostId))
          : [];
        for (const r of [...host, ...(await this.teamRecipients(site.id, 'reception'))]) {
          await this.send(
            `visitor.waiting:${visitId}`,
            r,
            'visitor.waiting',
            site.id,
            visitId,
            this.render('visitor.waiting', r.language, visit, { minutes: String(minutes) }),
          );
        }
      }
    }
  }

  approval(visitId: string): Promise<Approval | undefined> {
    return this.store.approval(visitId);
  }

  // ---- delivery -------------------------------------------------------------------------------------

  private allowed(channel: Channel, now: number): number | null {
    const limit = this.options.rateLimits?.[channel];
    if (!limit) return null;
    const window = (this.sentWindow.get(channel) ?? []).filter((t) => t > now - 60_000);
    this.sentWindow.set(channel, window);
    if (window.length < limit) {
      window.push(now);
      return null;
    }
    return window[0]! + 60_000; // when the oldest send in the window leaves it
  }

  private backoff(attempts: number): number {
    return backoffDelay(attempts - 1, { base: this.retry.baseMs, max: this.retry.maxMs });
  }

  private async deliver(): Promise<void> {
    // First the sends that went out but were not marked: mark them, never send them again.
    for (const [id, result] of this.unmarked) {
      await this.store.markSent(id, {
        attempt: result.attempt,
        at: result.at,
        ok: true,
        statusCode: result.statusCode,
        detail: result.detail,
      });
      this.unmarked.delete(id);
    }
    for (;;) {
      const now = this.now();
      const due = (await this.store.due(now.toISOString(), 50)).filter((m) => !this.unmarked.has(m.id));
      if (due.length === 0) return;
      let progressed = false;
      for (const queued of due) {
        const wait = this.allowed(queued.channel as Channel, now.getTime());
        if (wait !== null) {
          await this.store.postpone(queued.id, new Date(wait).toISOString());
          continue;
        }
        const message = await this.store.begin(queued.id, now.toISOString());
        if (!message) continue;
        progressed = true;
        await this.attempt(message);
      }
      if (!progressed) return;
    }
  }

  private async attempt(message: Message): Promise<void> {
    const sender = this.senders.senders[message.channel as Channel];
    let result: { statusCode: number | null; detail: string };
    try {
      if (!sender) throw new DeliveryError(`Unknown channel ${message.channel}.`);
      result = await sender(message);
    } catch (error) {
      const at = this.now();
      const e = error instanceof DeliveryError ? error : new DeliveryError((error as Error).message);
      const last = message.attempts >= this.retry.maxAttempts;
      await this.store.markFailed(
        message.id,
        {
          attempt: message.attempts,
          at: at.toISOString(),
          ok: false,
          statusCode: e.statusCode,
          detail: e.message,
        },
        last ? null : new Date(at.getTime() + this.backoff(message.attempts)).toISOString(),
      );
      if (last) await this.onDead(message, e.message);
      return;
    }
    const sent = { ...result, at: this.now().toISOString(), attempt: message.attempts };
    try {
      await this.store.markSent(message.id, {
        attempt: sent.attempt,
        at: sent.at,
        ok: true,
        statusCode: sent.statusCode,
        detail: sent.detail,
      });
    } catch (error) {
      // Sent, but not recorded: remember it so the next tick records it instead of sending again.
      this.unmarked.set(message.id, sent);
      this.log(`notify: message ${message.id} was sent but could not be marked: ${(error as Error).message}`);
      return;
    }
    if (message.hostId && message.channel !== 'inapp') await this.store.clearHostFlag(message.hostId);
  }

  /** A host's message in the dead letters: the host is flagged and reception told to call. */
  private async onDead(message: Message, error: string) {
    if (!message.hostId || message.channel === 'inapp' || !message.visitId) return;
    const visit = await this.visitContext(message.visitId, { stationId: SERVER_AUTHOR_ID } as ServerOp);
    if (visit)
      await this.flagHost(
        { ...visit, hostId: message.hostId },
        'channel_failing',
        `${message.channel}: ${error}`.slice(0, 200),
      );
  }

  /** An admin sends a dead message again (same idempotency key and Message-ID). */
  async retryDead(id: string): Promise<boolean> {
    const ok = await this.store.requeue(id, this.now().toISOString());
    if (ok) this.kick();
    return ok;
  }

  /** A webhook's secret is made here and shown once. */
  static newSecret(): string {
    return `whsec_${randomBytes(24).toString('base64url')}`;
  }
}
