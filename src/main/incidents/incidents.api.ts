// Incidents: raised by hand at the desk or gate, or by the station itself (openAutomatic) on a watchlist
// hit, a refused scan or an override; then worked through open → in progress → closed with notes.
import { incidentsRepo, type IncidentSummaryRow } from '../../db/repos/incidents';
import { staffRepo } from '../../db/repos/directory';
import { visitsRepo } from '../../db/repos/visits';
import type { IncidentStatus } from '../../shared/domain';
import { ApiError } from '../../shared/errors';
import { defineHandlers, type CallContext } from '../core/context';
import { recordChange } from '../core/outbox';
import { requireSite } from '../core/site';
import { addEvent, openAutomatic } from './timeline';

const summaryView = (row: IncidentSummaryRow) => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  status: row.status,
  visitId: row.visitId,
  visitorName: row.visitorName,
  assignee: row.assigneeId && row.assigneeName ? { id: row.assigneeId, name: row.assigneeName } : null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

function detail(ctx: CallContext, incidentId: string) {
  const row = incidentsRepo.summary(ctx.station.db, incidentId);
  if (!row) throw new ApiError('not_found', 'That incident does not exist.');
  return { ...summaryView(row), timeline: incidentsRepo.timeline(ctx.station.db, incidentId) };
}

function requireIncident(ctx: CallContext, incidentId: string) {
  const site = requireSite(ctx);
  const row = incidentsRepo.get(ctx.station.db, incidentId);
  if (!row || row.siteId !== site.id) throw new ApiError('not_found', 'That incident does not exist.');
  return row;
}

export const incidentHandlers = defineHandlers({
  'incidents.list': (input, ctx) => {
    const site = requireSite(ctx);
    return {
      incidents: incidentsRepo.list(ctx.station.db, site.id, input.statuses, input.limit).map(summaryView),
    };
  },

  'incidents.get': (input, ctx) => {
    requireIncident(ctx, input.incidentId);
    return detail(ctx, input.incidentId);
  },

  'incidents.raise': (input, ctx) => {
    const site = requireSite(ctx);
    if (input.visitId) {
      const visit = visitsRepo.get(ctx.station.db, input.visitId);
      if (!visit || visit.siteId !== site.id) throw new ApiError('not_found', 'That visit does not exist.');
    }
    const id = openAutomatic(ctx, {
      kind: 'manual',
      title: input.title,
      visitId: input.visitId ?? null,
      note: input.note ?? null,
    });
    return detail(ctx, id);
  },

  'incidents.update': (input, ctx) => {
    const incident = requireIncident(ctx, input.incidentId);
    const site = requireSite(ctx);
    const patch: { status?: IncidentStatus; assigneeId?: string | null } = {};
    if (input.status !== undefined && input.status !== incident.status) {
      patch.status = input.status;
      addEvent(ctx, incident.id, 'status', null, { from: incident.status, to: input.status });
    }
    if (input.assigneeId !== undefined && input.assigneeId !== incident.assigneeId) {
      if (input.assigneeId !== null) {
        const staff = staffRepo.get(ctx.station.db, input.assigneeId);
        const eligible = incidentsRepo.assignees(ctx.station.db, site.id).some((s) => s.id === staff?.id);
        if (!staff || !eligible) {
          throw new ApiError('invalid_input', 'Incidents can be assigned only to security or admin staff.', {
            assigneeId: { code: 'invalid_value', message: 'Not a security or admin user of this site.' },
          });
        }
      }
      patch.assigneeId = input.assigneeId;
      addEvent(ctx, incident.id, 'assigned', null, { assigneeId: input.assigneeId });
    }
    if (Object.keys(patch).length) {
      incidentsRepo.update(ctx.station.db, incident.id, { ...patch, updatedAt: ctx.nowIso });
      recordChange(ctx, 'incident.upsert', incident.id, { ...patch, updatedAt: ctx.nowIso });
      ctx.emit('incident.changed', { incidentId: incident.id });
    }
    ctx.auditDetails.incidentId = incident.id;
    return detail(ctx, incident.id);
  },

  'incidents.note': (input, ctx) => {
    const incident = requireIncident(ctx, input.incidentId);
    addEvent(ctx, incident.id, 'note', input.note);
    incidentsRepo.update(ctx.station.db, incident.id, { updatedAt: ctx.nowIso });
    ctx.emit('incident.changed', { incidentId: incident.id });
    ctx.auditDetails.incidentId = incident.id;
    return detail(ctx, incident.id);
  },

  'incidents.assignees': (_input, ctx) => ({
    staff: incidentsRepo.assignees(ctx.station.db, requireSite(ctx).id),
  }),
});
