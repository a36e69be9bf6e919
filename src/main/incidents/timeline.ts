// An incident's timeline and the incidents the station opens by itself (openAutomatic) from inside
// another area's write: a kiosk watchlist hit, a refused gate scan, an override.
import { incidentsRepo, type IncidentRow } from '../../db/repos/incidents';
import { visitsRepo } from '../../db/repos/visits';
import { newId } from '../../shared/ids';
import type { CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { requireSite } from '../core/site';

type EventKind = 'opened' | 'note' | 'status' | 'assigned';

export function addEvent(
  ctx: CallContext,
  incidentId: string,
  kind: EventKind,
  note: string | null,
  details: Record<string, unknown> = {},
) {
  const event = {
    id: newId(),
    incidentId,
    at: ctx.nowIso,
    actorId: ctx.caller.userId,
    kind,
    note,
    details,
  };
  incidentsRepo.addEvent(ctx.station.db, event);
  recordChange(ctx, 'incident.event', event.id, event);
}

export interface AutomaticIncident {
  /** What happened, e.g. 'watchlist_hit', 'scan_refused', 'override'. */
  kind: string;
  title: string;
  visitId?: string | null;
  visitorId?: string | null;
  /** A first note for the timeline (who matched, which pass, why refused). */
  note?: string | null;
  details?: Record<string, unknown>;
  /**
   * Joins an incident not yet closed with the same kind, title and visit updated in the last 15 minutes, as a note
   * on its timeline, instead of opening another: a burst of bad scans is one thing for security to review.
   */
  coalesce?: boolean;
}

/** Records a repeat on an open incident's timeline and keeps it at the top of the list. */
function repeatOf(ctx: CallContext, open: IncidentRow, incident: AutomaticIncident): string {
  const row = { ...open, updatedAt: ctx.nowIso };
  incidentsRepo.update(ctx.station.db, open.id, { updatedAt: row.updatedAt });
  recordChange(ctx, 'incident.upsert', row.id, row);
  addEvent(ctx, row.id, 'note', incident.note ?? null, { ...incident.details, repeat: true });
  ctx.emit('incident.changed', { incidentId: row.id });
  ctx.auditDetails.incidentId = row.id;
  return row.id;
}

/** How long a repeat of the same refusal joins the open incident instead of opening another. */
export const REPEAT_WINDOW_MS = 15 * 60_000;

/**
 * Opens an incident from inside another service's write transaction (a kiosk watchlist hit, a refused
 * gate scan). Records the outbox op and tells security screens; returns the new incident's id.
 */
export function openAutomatic(ctx: CallContext, incident: AutomaticIncident): string {
  const site = requireSite(ctx);
  const visit = incident.visitId ? visitsRepo.get(ctx.station.db, incident.visitId) : undefined;
  if (incident.coalesce) {
    const open = incidentsRepo.openSimilar(ctx.station.db, {
      siteId: site.id,
      kind: incident.kind,
      title: incident.title,
      visitId: visit?.id ?? null,
      since: new Date(ctx.now.getTime() - REPEAT_WINDOW_MS).toISOString(),
    });
    if (open) return repeatOf(ctx, open, incident);
  }
  const row = {
    id: newId(),
    siteId: site.id,
    visitId: visit?.id ?? null,
    visitorId: incident.visitorId ?? visit?.visitorId ?? null,
    kind: incident.kind,
    title: incident.title,
    status: 'open' as const,
    assigneeId: null,
    createdAt: ctx.nowIso,
    updatedAt: ctx.nowIso,
  };
  incidentsRepo.insert(ctx.station.db, row);
  recordChange(ctx, 'incident.upsert', row.id, row);
  addEvent(ctx, row.id, 'opened', incident.note ?? null, incident.details ?? {});
  ctx.emit('incident.changed', { incidentId: row.id });
  ctx.auditDetails.incidentId = row.id;
  return row.id;
}
