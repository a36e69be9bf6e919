// "Visitor waiting too long": a visitor checked in whose arrival nobody acknowledged (an arrival message
// marked read: the host came, or reception saw to it), or waiting for an approval nobody gave, after the
// site's `waitingAlertMinutes`: the host (or whoever decides for them) and reception are told, once per visit.
import type { NotifyDeps } from './deps';
import type { Messages } from './messages';
import type { Recipients } from './recipients';
import { render } from './render';
import { visitContext } from './visit-context';

export class WaitingAlerts {
  constructor(
    private readonly deps: Pick<NotifyDeps, 'store' | 'sync' | 'now'>,
    private readonly recipients: Recipients,
    private readonly messages: Messages,
  ) {}

  async check(): Promise<void> {
    const { store, sync } = this.deps;
    const now = this.deps.now().getTime();
    const approvals = await store.pendingApprovals();
    for (const site of await sync.store.listSites()) {
      const minutes = (await this.recipients.siteProfile(site.id)).waitingAlertMinutes;
      if (!minutes) continue;
      const before = new Date(now - minutes * 60_000).toISOString();
      const since = new Date(now - 24 * 60 * 60_000).toISOString();
      const waiting = [
        ...(await store.unacknowledgedArrivals(site.id, since, before)).map((visitId) => ({
          visitId,
          status: 'checked_in',
        })),
        ...approvals
          .filter((a) => a.siteId === site.id && a.createdAt <= before)
          .map((a) => ({ visitId: a.visitId, status: 'pending_approval' })),
      ];
      for (const { visitId, status } of waiting) {
        const visit = await visitContext(this.deps, visitId);
        if (visit?.status !== status) continue; // met, decided or gone since
        const host = visit.hostId
          ? await this.recipients.host(site.id, await this.recipients.deciderFor(visit.hostId))
          : [];
        for (const r of [...host, ...(await this.recipients.team(site.id, 'reception'))]) {
          await this.messages.queue(
            `visitor.waiting:${visitId}`,
            r,
            'visitor.waiting',
            site.id,
            visitId,
            render('visitor.waiting', r.language, visit, { minutes: String(minutes) }),
          );
        }
      }
    }
  }
}
