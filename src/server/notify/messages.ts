// Putting messages in the delivery queue (one per recipient, idempotent: the same key never queues twice),
// and the one message every part may need to send: reception is asked to call a host nobody can reach.
import type { NotifyDeps } from './deps';
import type { Recipient, Recipients } from './recipients';
import { render } from './render';
import type { MessageContent } from './store';
import type { VisitContext } from './visit-context';

export class Messages {
  constructor(
    private readonly deps: Pick<NotifyDeps, 'store' | 'now'>,
    private readonly recipients: Recipients,
  ) {}

  /** Queues `content` for one recipient; `key` names the occasion (the recipient is added to it). */
  async queue(
    key: string,
    recipient: Recipient,
    event: string,
    siteId: string,
    visitId: string | null,
    content: MessageContent,
  ): Promise<void> {
    await this.deps.store.enqueue(
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
      this.deps.now().toISOString(),
    );
  }

  /** Tells reception to call a host who cannot be reached, and flags the host in the directory. */
  async hostUnreachable(visit: VisitContext, reason: 'no_channel' | 'channel_failing', detail: string) {
    if (!visit.hostId) return;
    await this.deps.store.setHostFlag({
      hostId: visit.hostId,
      siteId: visit.siteId,
      reason,
      detail,
      at: this.deps.now().toISOString(),
    });
    for (const r of await this.recipients.team(visit.siteId, 'reception')) {
      await this.queue(
        `host.unreachable:${visit.visitId}:${visit.hostId}`,
        r,
        'host.unreachable',
        visit.siteId,
        visit.visitId,
        render('host.unreachable', r.language, visit, { detail }),
      );
    }
  }
}
