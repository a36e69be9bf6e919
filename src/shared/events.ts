// Events the station core pushes to screens (over the IPC event channel or the WebSocket). Like methods,
// each says which roles may receive it, so a visitor's screen never hears a security alert.
import { z } from 'zod';
import { gateVerdictSchema } from './api/gate';
import { syncStatusSchema } from './api/sync';
import { scanReadSchema } from './devices';
import { ID_DOCUMENT_PROBLEMS } from './api/id-documents';
import { PRINT_JOB_STATUSES, VISIT_HOLDS, visitStatusSchema } from './domain';
import type { Role } from './roles';

interface EventDef<P extends z.ZodType> {
  roles: readonly Role[];
  payload: P;
}
const event = <P extends z.ZodType>(def: EventDef<P>) => def;

export const events = {
  'visit.changed': event({
    roles: ['admin', 'reception', 'security', 'host', 'station'],
    payload: z.object({
      visitId: z.string(),
      status: visitStatusSchema,
      /** Set when the change held the visit for the desk (VisitHold); its status did not move back. */
      hold: z.enum(VISIT_HOLDS).optional(),
    }),
  }),
  /** A roll call started, ended, or someone on it was marked safe: desk screens reload it. */
  'evacuation.changed': event({
    roles: ['admin', 'reception', 'security'],
    payload: z.object({ evacuationId: z.string() }),
  }),
  'incident.changed': event({
    roles: ['admin', 'security'],
    payload: z.object({ incidentId: z.string() }),
  }),
  /** A legal hold placed or released, here or at another desk of the site: the holds list reloads. */
  'legalHold.changed': event({
    roles: ['admin'],
    payload: z.object({ holdId: z.string() }),
  }),
  /** The site's shared device profile was shared here or arrived by sync: devices pages reload it. */
  'deviceProfile.changed': event({
    roles: ['admin', 'station'],
    payload: z.object({ siteId: z.string() }),
  }),
  'settings.changed': event({
    roles: ['visitor', 'admin', 'reception', 'security', 'host', 'station'],
    payload: z.object({ siteId: z.string() }),
  }),
  'station.changed': event({
    roles: ['visitor', 'admin', 'reception', 'security', 'host', 'station'],
    payload: z.object({ configured: z.boolean() }),
  }),
  /** A decision at this gate (scan or override), recorded as a gate event. */
  'gate.decision': event({
    roles: ['admin', 'security', 'station'],
    payload: z.object({
      eventId: z.string(),
      granted: z.boolean(),
      reason: z.string().nullable(),
      direction: z.enum(['entry', 'exit']),
      override: z.boolean(),
      visitorName: z.string().nullable(),
    }),
  }),
  /**
   * The whole verdict of a decision at this gate, after the relay answered. Gate screens show it, whoever
   * asked: the screen itself (camera, wedge) or the station core (hardware scanners).
   */
  'gate.verdict': event({
    roles: ['admin', 'security', 'station'],
    payload: gateVerdictSchema,
  }),
  /**
   * Kiosk: some visit's approval was decided; a waiting screen re-reads its own kiosk.visitStatus (with its
   * wait token). Visitor-safe (visit.changed is staff-only): it says neither which visit nor what became
   * of it, so an anonymous listener learns nothing it could use to take over somebody's visit.
   */
  'kiosk.visitUpdate': event({
    roles: ['visitor', 'admin', 'reception', 'security', 'host', 'station'],
    payload: z.object({}),
  }),
  /** A silent watchlist alert for security: a kiosk check-in matched the watchlist. */
  'security.alert': event({
    roles: ['admin', 'security'],
    payload: z.object({
      kind: z.literal('watchlist'),
      level: z.enum(['deny', 'alert']),
      visitId: z.string(),
      visitorName: z.string(),
      incidentId: z.string().nullable(),
      stationId: z.string(),
      matches: z.array(z.object({ entryId: z.string(), name: z.string(), score: z.number() })),
    }),
  }),
  /** A host notification was recorded (delivery channels pick it up). */
  'notification.created': event({
    roles: ['admin', 'reception', 'host', 'station'],
    payload: z.object({
      notificationId: z.string(),
      kind: z.string(),
      hostId: z.string().nullable(),
      visitId: z.string().nullable(),
    }),
  }),
  /** A code read by any of this station's scanners. The kiosk (visitor) hears it to scan invite codes. */
  'scanner.read': event({
    roles: ['visitor', 'admin', 'reception', 'security', 'station'],
    payload: scanReadSchema,
  }),
  /**
   * A scanner read an ID document (passport or ID card MRZ, licence barcode). It names nobody: `read` is a
   * reference a screen exchanges once for the fields of its check-in form (idDocuments.take); null, with
   * `problem`, when the document could not be read (a wrong check digit, an incomplete read).
   */
  'idDocument.read': event({
    roles: ['visitor', 'admin', 'reception', 'security', 'station'],
    payload: z.object({
      deviceId: z.string(),
      at: z.string(),
      read: z.string().nullable(),
      problem: z.enum(ID_DOCUMENT_PROBLEMS).nullable(),
    }),
  }),
  /** The sync state changed (online/offline, ops waiting, last sync): status bars show the new one. */
  'sync.changed': event({
    roles: ['admin', 'reception', 'security', 'station'],
    payload: syncStatusSchema,
  }),
  /** A device was connected, lost or reconfigured: status bars reload devices.status. */
  'devices.changed': event({
    roles: ['admin', 'reception', 'security', 'host', 'station'],
    payload: z.object({ deviceId: z.string().nullable() }),
  }),
  'printJob.changed': event({
    roles: ['admin', 'reception', 'station'],
    payload: z.object({ jobId: z.string(), status: z.enum(PRINT_JOB_STATUSES) }),
  }),
};

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;
export interface StationEvent<E extends EventName = EventName> {
  event: E;
  payload: EventPayload<E>;
}

/** Whether a screen signed in with this role may hear this event. */
export function canReceive(role: Role, event: StationEvent): boolean {
  return events[event.event].roles.includes(role);
}
