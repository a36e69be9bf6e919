// Outgoing webhooks: an event of an op becomes one signed JSON delivery per webhook of the site that
// chose it (signing and posting are the webhook channel's, ./channels.ts), with what the visit says.
import { randomBytes } from 'node:crypto';
import type { ServerOp } from '../../shared/sync';
import type { NotifyDeps } from './deps';
import type { WebhookEvent } from './events';
import { visitContext } from './visit-context';

/** A webhook's secret is made here and shown once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/** Queues `event` of `op` for every active webhook of the site registered for it. */
export async function emitWebhook(
  deps: Pick<NotifyDeps, 'store' | 'sync' | 'now'>,
  siteId: string,
  event: WebhookEvent,
  op: ServerOp,
  data: Record<string, unknown>,
): Promise<void> {
  const { store, now } = deps;
  const hooks = (await store.webhooks(siteId)).filter((w) => w.active && w.events.includes(event));
  if (hooks.length === 0) return;
  const visitId = typeof data.visitId === 'string' ? data.visitId : null;
  const visit = visitId ? await visitContext(deps, visitId, op.stationId) : undefined;
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
    await store.enqueue(
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
      now().toISOString(),
    );
  }
}
