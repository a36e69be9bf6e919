// Who gets what: a host's channels (or the site's defaults) that have an address, the site's reception
// and security contacts, and who decides for a host while a delegation runs. Profiles are set through the
// admin API (./routes.ts) and kept in the notification store.
import type { NotifyDeps } from './deps';
import { PERSON_CHANNELS, type PersonChannel } from './store';
import { field } from './visit-context';

/** A person or desk who receives messages: one address on one channel, in one language. */
export interface Recipient {
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

export class Recipients {
  constructor(private readonly deps: Pick<NotifyDeps, 'store' | 'sync' | 'now'>) {}

  async siteProfile(siteId: string): Promise<SiteProfile> {
    return ((await this.deps.store.profile('site', siteId)) ?? {}) as SiteProfile;
  }

  /** A host's recipients: their channels (or the site's defaults) that have an address. */
  async host(siteId: string, hostId: string): Promise<Recipient[]> {
    const { store } = this.deps;
    const site = await this.siteProfile(siteId);
    const profile = ((await store.profile('host', hostId)) ?? {}) as HostProfile;
    const host = await store.entity('host', hostId);
    const language = await this.hostLanguage(siteId, hostId);
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

  /** The language a host reads: their own choice, else the site's. */
  async hostLanguage(siteId: string, hostId: string): Promise<string> {
    const profile = ((await this.deps.store.profile('host', hostId)) ?? {}) as HostProfile;
    const site = await this.siteProfile(siteId);
    return (
      profile.language ?? site.language ?? (await this.deps.sync.store.site(siteId))?.defaultLanguage ?? 'en'
    );
  }

  /** Reception or security of a site; either is at least the desk's in-app list. */
  async team(siteId: string, team: 'reception' | 'security'): Promise<Recipient[]> {
    const site = await this.siteProfile(siteId);
    const language = site.language ?? (await this.deps.sync.store.site(siteId))?.defaultLanguage ?? 'en';
    const list = (site[team] ?? []).map((c) => ({
      channel: c.channel,
      address: c.address,
      language: c.language ?? language,
      hostId: null,
    }));
    if (!list.some((r) => r.channel === 'inapp'))
      list.push({ channel: 'inapp', address: team, language, hostId: null });
    return list;
  }

  /** The host who decides for `hostId` now: a colleague while a delegation is running, else the host. */
  async deciderFor(hostId: string): Promise<string> {
    const at = this.deps.now().toISOString();
    const active = (await this.deps.store.delegations(hostId)).filter(
      (d) => d.fromAt <= at && at < d.untilAt,
    );
    return active.at(-1)?.delegateHostId ?? hostId;
  }
}
