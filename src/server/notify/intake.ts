// Intake: turning the ops stations push (the sync server's op log) into notifications. Each op becomes
// events (./events.ts): a host told of an arrival or a departure, an approval started or closed, security
// alerted to a watchlist match, a visitor's pass e-mailed, webhooks. An op that fails to process is
// logged and kept (notify_failed_ops): tried again with the shared backoff up to the retry limit, then
// dead for an admin to retry, while the ops behind it go on. Processing an op again is safe: messages are
// queued by idempotency key and an approval starts once.
import { SERVER_AUTHOR_ID, type ServerOp } from '../../shared/sync';
import type { Approvals } from './approvals';
import type { NotifyDeps, RetryPolicy } from './deps';
import { eventsOfOp, type OpEvent } from './events';
import type { Messages } from './messages';
import { passEmailMessage } from './pass-email';
import type { Recipients } from './recipients';
import { render } from './render';
import type { FailedOp } from './store';
import { locationOf, visitContext, type VisitContext } from './visit-context';
import { emitWebhook } from './webhooks';

export class Intake {
  constructor(
    private readonly deps: NotifyDeps,
    private readonly retry: RetryPolicy,
    private readonly recipients: Recipients,
    private readonly messages: Messages,
    private readonly approvals: Approvals,
  ) {}

  /** Failed ops that are due again, then the ops synced since the last run. */
  async run(): Promise<void> {
    const { store, sync, now } = this.deps;
    for (const failed of await store.failedOps({ due: now().toISOString() }))
      await this.process(failed.op, failed);
    for (const op of await sync.store.log(await store.cursor())) {
      await this.process(op);
      await store.setCursor(op.serverSeq);
    }
  }

  /** An admin tries a dead op again (once more; it is dead again if that fails). */
  async retryFailed(serverSeq: number): Promise<boolean> {
    const ok = await this.deps.store.requeueFailedOp(serverSeq, this.deps.now().toISOString());
    if (ok) this.deps.kick();
    return ok;
  }

  private async process(op: ServerOp, failed?: FailedOp): Promise<void> {
    try {
      for (const event of eventsOfOp(op, op.stationId === SERVER_AUTHOR_ID)) await this.handle(op, event);
    } catch (error) {
      return this.failed(op, (error as Error).message, failed);
    }
    if (failed) await this.deps.store.clearFailedOp(op.serverSeq);
  }

  private async failed(op: ServerOp, error: string, previous: FailedOp | undefined): Promise<void> {
    const at = this.deps.now();
    const attempts = (previous?.attempts ?? 0) + 1;
    const nextAttemptAt = this.retry.nextAttemptAt(attempts, at);
    this.deps.log(
      `notify: op ${op.opId} (${op.type}, #${op.serverSeq}) failed, attempt ${attempts} of ${this.retry.maxAttempts}` +
        `${nextAttemptAt ? '' : ', now in the failed ops'}: ${error}`,
    );
    await this.deps.store.saveFailedOp({
      serverSeq: op.serverSeq,
      op,
      status: nextAttemptAt ? 'retrying' : 'dead',
      attempts,
      nextAttemptAt,
      lastError: error.slice(0, 500),
      firstFailedAt: previous?.firstFailedAt ?? at.toISOString(),
    });
  }

  private async handle(op: ServerOp, event: OpEvent): Promise<void> {
    const siteId = op.siteId;
    if (!siteId) return;
    if (event.kind === 'webhook') return emitWebhook(this.deps, siteId, event.event, op, event.data);
    if (event.kind === 'watchlist') return this.watchlistAlert(siteId, op, event);
    if (event.kind === 'pass_email') return this.emailPass(siteId, op);
    const visit = await visitContext(this.deps, event.visitId, op.stationId);
    if (!visit) return;
    switch (event.kind) {
      case 'arrived':
        await this.approvals.close(visit.visitId);
        return this.notifyHost(
          { ...visit, photo: (await this.deps.store.photoOf(visit.visitId, op.serverSeq)) ?? null },
          'visitor.arrived',
        );
      case 'checked_out':
        return this.notifyHost(visit, 'visitor.checked_out');
      case 'approval_needed':
        return this.approvals.start(visit);
      case 'visit_decided':
        return this.approvals.close(visit.visitId);
    }
  }

  private async notifyHost(visit: VisitContext, event: 'visitor.arrived' | 'visitor.checked_out') {
    if (!visit.hostId) return;
    const recipients = await this.recipients.host(visit.siteId, visit.hostId);
    for (const r of recipients) {
      await this.messages.queue(
        `${event}:${visit.visitId}`,
        r,
        event,
        visit.siteId,
        visit.visitId,
        render(event, r.language, r.channel === 'email' ? visit : { ...visit, photo: null }),
      );
    }
    if (event === 'visitor.arrived' && !recipients.some((r) => r.channel !== 'inapp')) {
      await this.messages.hostUnreachable(visit, 'no_channel', 'no channel with an address');
    }
  }

  private async watchlistAlert(
    siteId: string,
    op: ServerOp,
    { visitId, name, deny }: Extract<OpEvent, { kind: 'watchlist' }>,
  ) {
    const visit = visitId ? await visitContext(this.deps, visitId, op.stationId) : undefined;
    // A deny match holds the visit for the desk: closed before it starts, so no approval links go out.
    if (deny && visit) await this.approvals.start(visit, 'closed');
    let context: Partial<VisitContext> | undefined = visit;
    if (!context) {
      const siteName = (await this.deps.sync.store.site(siteId))?.name ?? '';
      context = {
        siteName,
        visitorName: name ?? '?',
        location: await locationOf(this.deps, op.stationId, siteName),
      };
    }
    for (const r of await this.recipients.team(siteId, 'security')) {
      await this.messages.queue(
        `watchlist:${op.opId}`,
        r,
        'watchlist.alert',
        siteId,
        visitId,
        render('watchlist.alert', r.language, context),
      );
    }
  }

  /** A visitor asked the kiosk to e-mail their pass (./pass-email.ts). */
  private async emailPass(siteId: string, op: ServerOp) {
    const message = passEmailMessage(op, await this.deps.sync.store.site(siteId));
    if (message) await this.deps.store.enqueue(message, this.deps.now().toISOString());
  }
}
