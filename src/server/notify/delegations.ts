// Delegations: who decides a host's approvals while they are away (./recipients.ts deciderFor reads them).
// Three ways in, one writer: a desk where the host signed in (the station vouches), the admin API, and the
// host's own delegate link — a signed link (./links.ts) in every approval message to that host, naming the
// host and nothing else. Whoever holds the link can hand that host's approvals to a colleague of the same
// site, found by the colleague's e-mail address, for 1 to 30 days, or end a hand-over; never to anyone
// outside the site. Each change is in the admin audit, and the host and the colleague are both told, so a
// forwarded link misused is noticed at once (the message carries the link to end it).
import { formatDateTime } from '../../shared/datetime';
import { newId } from '../../shared/ids';
import type { NotifyDelegationRequest } from '../../shared/notify';
import { SyncError } from '../../shared/sync';
import type { NotifyDeps } from './deps';
import { checkLink, signLink } from './links';
import type { Messages } from './messages';
import type { Recipient, Recipients } from './recipients';
import { render } from './render';
import type { Delegation } from './store';
import type { MessageEvent } from './templates';
import { field } from './visit-context';

/** How long a hand-over from a delegate link may run, in days (the page offers these). */
export const DELEGATION_DAYS = [1, 2, 3, 5, 7, 14, 30] as const;
const DAY_MS = 24 * 3_600_000;

/** Who recorded a delegation, for the audit. */
export type DelegationVia = { kind: 'desk'; stationId: string } | { kind: 'admin' } | { kind: 'link' };

export interface DelegateHost {
  hostId: string;
  siteId: string;
  hostName: string;
  siteName: string;
  language: string;
  timeZone: string | undefined;
}

export type DelegateLinkView =
  | { ok: true; host: DelegateHost; delegations: (Delegation & { delegateName: string })[] }
  | { ok: false; reason: 'invalid' | 'expired'; language: string };

export type DelegateOutcome =
  | { ok: true; host: DelegateHost; delegation?: Delegation; delegateName?: string }
  | {
      ok: false;
      reason: 'invalid' | 'expired' | 'unknownColleague' | 'notYourself' | 'badInput' | 'alreadyEnded';
      language: string;
      host?: DelegateHost;
    };

export class Delegations {
  constructor(
    private readonly deps: NotifyDeps,
    private readonly recipients: Recipients,
    private readonly messages: Messages,
  ) {}

  /** The host's delegate link, valid for `delegateLinkTtlDays` (14 by default). */
  link(hostId: string): string {
    const { options, now } = this.deps;
    const expiresAt = new Date(now().getTime() + (options.delegateLinkTtlDays ?? 14) * DAY_MS);
    return `${options.publicUrl.replace(/\/$/, '')}/delegate/${signLink(options.secret, hostId, 'delegate', expiresAt)}`;
  }

  /** The link for a message to the host: on their own channels only, never a Slack or Teams channel others read. */
  linkFor(recipient: Recipient, hostId: string): string | undefined {
    return recipient.channel === 'email' || recipient.channel === 'inapp' ? this.link(hostId) : undefined;
  }

  /**
   * Records a delegation: both hosts must exist (at `siteId`, when a station asks), then it is audited
   * and both hosts are told. Throws not_found (nothing recorded) when a host is unknown
   * there, or the two are at different sites.
   */
  async record(
    input: Omit<NotifyDelegationRequest, 'from' | 'until'> & { from: string; until: string },
    siteId: string | null,
    via: DelegationVia,
  ): Promise<Delegation> {
    const { store, sync, now } = this.deps;
    let hostSite: string | null = null;
    for (const id of [input.hostId, input.delegateHostId]) {
      const host = await store.entity('host', id);
      if (!host?.siteId || (siteId && host.siteId !== siteId) || (hostSite && host.siteId !== hostSite))
        throw new SyncError('not_found', `There is no host ${id}${siteId ? ' at this site' : ''}.`);
      hostSite = host.siteId;
    }
    const at = now().toISOString();
    const delegation: Delegation = {
      id: newId(),
      hostId: input.hostId,
      delegateHostId: input.delegateHostId,
      fromAt: new Date(input.from).toISOString(),
      untilAt: new Date(input.until).toISOString(),
      createdAt: at,
    };
    await store.addDelegation(delegation);
    await sync.store.appendAdminAudit({
      at,
      action: 'notify.delegation.start',
      details: { ...delegation, via: via.kind, ...(via.kind === 'desk' ? { stationId: via.stationId } : {}) },
    });
    await this.tell(hostSite!, delegation, 'delegation.started', delegation.hostId);
    await this.tell(hostSite!, delegation, 'delegation.received', delegation.delegateHostId);
    this.deps.kick();
    return delegation;
  }

  /** What a delegate link shows: the host, and their running and coming hand-overs. */
  async view(link: string): Promise<DelegateLinkView> {
    const host = await this.hostOf(link);
    if (!host.ok) return host;
    const at = this.deps.now().toISOString();
    const running = (await this.deps.store.delegations(host.host.hostId)).filter((d) => d.untilAt > at);
    const delegations = await Promise.all(
      running.map(async (d) => ({
        ...d,
        delegateName: field(await this.deps.store.entity('host', d.delegateHostId), 'name') ?? '?',
      })),
    );
    return { ok: true, host: host.host, delegations };
  }

  /** A hand-over through the host's delegate link: to the colleague of the site with that e-mail address. */
  async startFromLink(link: string, form: Record<string, unknown>): Promise<DelegateOutcome> {
    const found = await this.hostOf(link);
    if (!found.ok) return found;
    const { host } = found;
    const fail = (reason: 'unknownColleague' | 'notYourself' | 'badInput') =>
      ({ ok: false, reason, language: host.language, host }) as const;
    const email = typeof form.email === 'string' ? form.email.trim().toLowerCase() : '';
    const days = Number(form.days);
    if (
      !/^[^\s@]{1,100}@[^\s@]{1,200}$/.test(email) ||
      !(DELEGATION_DAYS as readonly number[]).includes(days)
    )
      return fail('badInput');
    const delegateHostId = await this.colleagueByEmail(host.siteId, email);
    if (!delegateHostId) return fail('unknownColleague');
    if (delegateHostId === host.hostId) return fail('notYourself');
    const from = this.deps.now();
    const delegation = await this.record(
      {
        hostId: host.hostId,
        delegateHostId,
        from: from.toISOString(),
        until: new Date(from.getTime() + days * DAY_MS).toISOString(),
      },
      host.siteId,
      { kind: 'link' },
    );
    const delegateName = field(await this.deps.store.entity('host', delegateHostId), 'name') ?? email;
    return { ok: true, host, delegation, delegateName };
  }

  /** Ends one of the link's host's hand-overs now; audited, and the host is told. */
  async endFromLink(link: string, form: Record<string, unknown>): Promise<DelegateOutcome> {
    const found = await this.hostOf(link);
    if (!found.ok) return found;
    const { host } = found;
    const { store, sync, now } = this.deps;
    const id = typeof form.delegationId === 'string' ? form.delegationId : '';
    const delegation = (await store.delegations(host.hostId)).find((d) => d.id === id);
    const at = now().toISOString();
    // Another host's hand-over is as unknown here as one that never was.
    if (!delegation || !(await store.endDelegation(delegation.id, at)))
      return { ok: false, reason: 'alreadyEnded', language: host.language, host };
    await sync.store.appendAdminAudit({
      at,
      action: 'notify.delegation.end',
      details: {
        id: delegation.id,
        hostId: host.hostId,
        delegateHostId: delegation.delegateHostId,
        via: 'link',
      },
    });
    await this.tell(host.siteId, { ...delegation, untilAt: at }, 'delegation.ended', host.hostId);
    this.deps.kick();
    return { ok: true, host };
  }

  /** The host a delegate link names, with what its page needs; invalid when the host is gone. */
  private async hostOf(
    link: string,
  ): Promise<
    { ok: true; host: DelegateHost } | { ok: false; reason: 'invalid' | 'expired'; language: string }
  > {
    const { store, sync, options, now } = this.deps;
    const check = checkLink(options.secret, link, now(), ['delegate']);
    if (!check.ok) return { ok: false, reason: check.reason, language: 'en' };
    const host = await store.entity('host', check.id);
    if (!host?.siteId || host.deleted) return { ok: false, reason: 'invalid', language: 'en' };
    const site = await sync.store.site(host.siteId);
    return {
      ok: true,
      host: {
        hostId: check.id,
        siteId: host.siteId,
        hostName: field(host, 'name') ?? '',
        siteName: site?.name ?? '',
        language: await this.recipients.hostLanguage(host.siteId, check.id),
        timeZone: site?.timezone ?? undefined,
      },
    };
  }

  /** The host of the site with this e-mail address: on their record, else in their notification profile. */
  private async colleagueByEmail(siteId: string, email: string): Promise<string | undefined> {
    const hosts = (await this.deps.store.hosts(siteId)).filter((h) => !h.state.deleted);
    const onRecord = hosts.find((h) => field(h.state, 'email')?.trim().toLowerCase() === email);
    if (onRecord) return onRecord.id;
    for (const h of hosts) {
      const profile = await this.deps.store.profile('host', h.id);
      if (typeof profile?.email === 'string' && profile.email.trim().toLowerCase() === email) return h.id;
    }
    return undefined;
  }

  /** Tells one of the two hosts about a hand-over, on their channels, in their language. */
  private async tell(siteId: string, d: Delegation, event: MessageEvent, to: string) {
    const { store, sync } = this.deps;
    const name = async (id: string) => field(await store.entity('host', id), 'name') ?? '?';
    const [hostName, delegateName, site] = [
      await name(d.hostId),
      await name(d.delegateHostId),
      await sync.store.site(siteId),
    ];
    for (const r of await this.recipients.host(siteId, to)) {
      const until = formatDateTime(
        d.untilAt,
        { locale: r.language, timeZone: site?.timezone ?? undefined },
        'medium',
      );
      await this.messages.queue(
        `${event}:${d.id}`,
        r,
        event,
        siteId,
        null,
        render(
          event,
          r.language,
          { hostName, siteName: site?.name ?? '' },
          { delegate: delegateName, until },
          { delegate: to === d.hostId ? this.linkFor(r, d.hostId) : undefined },
        ),
      );
    }
  }
}
