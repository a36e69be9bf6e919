// Which notification events an op of the sync log stands for. Stations do not send "notify" requests:
// the server reads the ops it already receives (see README "Host notifications and approvals").
// - visit.status / visit.create with status checked_in → visitor.arrived (host), webhook visit.checked_in
// - … pending_approval → an approval request; checked_out → visitor.checked_out (host), webhook
// - approved / denied / cancelled / no_show from a station (the desk decided offline) → the approval closes
// - visit.create → webhook visit.created; pass.status revoked → webhook pass.revoked
// - incident.upsert opening an incident → webhook incident.opened; of kind watchlist → watchlist alert
// - gate.event refused for a watchlist match, or alert.watchlist (the notice op a kiosk pushes for a
//   screening match, see NOTICE_OP_TYPES) → watchlist alert + webhook watchlist.hit
// - visit.photo (a notice op) is no event: the arrival e-mail reads it (NotifyStore.photoOf)
// - pass.email (a notice op: a visitor asked a kiosk to e-mail their pass; the token goes nowhere else) → that e-mail
import type { ServerOp } from '../../shared/sync';
import { PASS_EMAIL_OP } from './pass-email';

export const WEBHOOK_EVENTS = [
  'visit.created',
  'visit.checked_in',
  'visit.checked_out',
  'pass.revoked',
  'incident.opened',
  'watchlist.hit',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export type OpEvent =
  | { kind: 'arrived'; visitId: string }
  | { kind: 'checked_out'; visitId: string }
  | { kind: 'approval_needed'; visitId: string }
  | { kind: 'visit_decided'; visitId: string; status: string }
  | { kind: 'watchlist'; visitId: string | null; name: string | null; deny: boolean }
  | { kind: 'webhook'; event: WebhookEvent; data: Record<string, unknown> }
  | { kind: 'pass_email' };

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function eventsOfOp(op: ServerOp, fromServer: boolean): OpEvent[] {
  const p = op.payload;
  const events: OpEvent[] = [];
  if (op.type === 'visit.create' || op.type === 'visit.status') {
    const visitId = op.entityId;
    if (op.type === 'visit.create')
      events.push({ kind: 'webhook', event: 'visit.created', data: { visitId } });
    switch (p.status) {
      case 'checked_in':
        events.push(
          { kind: 'arrived', visitId },
          { kind: 'webhook', event: 'visit.checked_in', data: { visitId } },
        );
        break;
      case 'checked_out':
        events.push(
          { kind: 'checked_out', visitId },
          { kind: 'webhook', event: 'visit.checked_out', data: { visitId } },
        );
        break;
      case 'pending_approval':
        events.push({ kind: 'approval_needed', visitId });
        break;
      case 'approved':
      case 'denied':
      case 'cancelled':
      case 'no_show':
        if (!fromServer) events.push({ kind: 'visit_decided', visitId, status: p.status });
        break;
    }
  } else if (op.type === 'pass.status' && p.status === 'revoked') {
    events.push({ kind: 'webhook', event: 'pass.revoked', data: { passId: op.entityId } });
  } else if (op.type === 'incident.upsert' && p.status === 'open' && str(p.createdAt)) {
    const data = { incidentId: op.entityId, kind: str(p.kind), title: str(p.title), visitId: str(p.visitId) };
    // Watchlist alerts come from the gate event or the station's alert.watchlist notice, not the incident.
    events.push({ kind: 'webhook', event: 'incident.opened', data });
  } else if (op.type === 'gate.event' && /watchlist/.test(String(p.reason ?? ''))) {
    const data = { gateEventId: op.entityId, visitId: str(p.visitId), reason: str(p.reason) };
    events.push(
      { kind: 'watchlist', visitId: data.visitId, name: null, deny: false },
      { kind: 'webhook', event: 'watchlist.hit', data },
    );
  } else if (op.type === PASS_EMAIL_OP) {
    events.push({ kind: 'pass_email' });
  } else if (op.type === 'alert.watchlist') {
    const data = { alertId: op.entityId, visitId: str(p.visitId), name: str(p.name) };
    events.push(
      { kind: 'watchlist', visitId: data.visitId, name: data.name, deny: p.level === 'deny' },
      { kind: 'webhook', event: 'watchlist.hit', data },
    );
  }
  return events;
}
