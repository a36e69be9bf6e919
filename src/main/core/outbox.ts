import type { HostRow, VisitorTypeRow, visitorTypesRepo } from '../../db/repos/directory';
import type { gateEventsRepo } from '../../db/repos/gate';
import type { IncidentRow, incidentsRepo } from '../../db/repos/incidents';
import { outboxRepo } from '../../db/repos/outbox';
import type { PassRow, passesRepo } from '../../db/repos/passes';
import type { VisitRow, VisitorRow, visitsRepo } from '../../db/repos/visits';
import type { WatchlistRow } from '../../db/repos/watchlist';
import type { z } from 'zod';
import type { siteSettingsPatchSchema } from '../../shared/settings';
import type { NOTICE_OP_TYPES } from '../../shared/sync';
import type { CallContext } from './context';

/** The row a repository inserts: what an op that creates an entity carries. */
type Inserted<F> = F extends (db: never, row: infer R) => void ? R : never;

/**
 * What each op type this station records carries: the row it created or the fields of its entity's row
 * that it sets (the merge rules in src/shared/merge.ts apply them by name), or for a notice op
 * (NOTICE_OP_TYPES) what the sync server's notifications read. `recordChange` takes only these, so a
 * misspelt type or a field of the wrong type is a compile error.
 */
export interface OpPayloads {
  'visit.create': Inserted<typeof visitsRepo.insert>;
  'visit.status': Pick<VisitRow, 'status'> &
    Partial<Pick<VisitRow, 'hold' | 'checkedInAt' | 'checkedOutAt' | 'checkOutMethod' | 'updatedAt'>>;
  'visit.update': Partial<
    Pick<VisitRow, 'hold' | 'hostId' | 'customFields' | 'notes' | 'expectedAt' | 'updatedAt'>
  >;
  'visitor.upsert': Partial<VisitorRow>;
  'pass.issue': Inserted<typeof passesRepo.insert>;
  'pass.status': Pick<PassRow, 'status'> & Partial<Pick<PassRow, 'updatedAt'>>;
  'host.upsert': Partial<HostRow>;
  'visitorType.upsert': Partial<VisitorTypeRow>;
  'visitorTypeDocument.publish': Inserted<typeof visitorTypesRepo.insertDocument>;
  'watchlist.upsert': Partial<WatchlistRow>;
  'gate.event': Inserted<typeof gateEventsRepo.insert>;
  'incident.upsert': Partial<IncidentRow>;
  'incident.event': Inserted<typeof incidentsRepo.addEvent>;
  /** Not merged (no entity kind): kept by the server as recorded. */
  'site.settings': z.input<typeof siteSettingsPatchSchema>;
  // Notice ops: read by the sync server's notifications, never merged or sent on.
  'alert.watchlist': {
    visitId: string;
    name: string;
    level: 'alert' | 'deny';
    source: 'kiosk' | 'gate' | 'desk';
  };
  'visit.photo': { visitorId: string; dataUrl: string };
  'pass.email': {
    visitId: string;
    passId: string;
    email: string;
    language: string;
    validUntil: string;
    passToken: string;
  };
}

export type OpType = keyof OpPayloads;

// Every notice op type has its payload here.
type MissingNotice = Exclude<(typeof NOTICE_OP_TYPES)[number], OpType>;
const everyNotice: [MissingNotice] extends [never] ? true : MissingNotice = true;
void everyNotice;

/**
 * Records a change for the sync server, in the transaction of the change itself, so a change and its
 * outbox op are committed together or not at all.
 */
export function recordChange<T extends OpType>(
  ctx: CallContext,
  type: T,
  entityId: string,
  payload: OpPayloads[T],
): void {
  outboxRepo.append(ctx.station.db, {
    stationId: ctx.station.stationId,
    type,
    entityId,
    payload,
    occurredAt: ctx.nowIso,
  });
}
