// Events the station core pushes to screens (over the IPC event channel or the WebSocket). Like methods,
// each says which roles may receive it, so a visitor's screen never hears a security alert.
import { z } from 'zod';
import { visitStatusSchema } from './domain';
import type { Role } from './roles';

interface EventDef<P extends z.ZodType> {
  roles: readonly Role[];
  payload: P;
}
const event = <P extends z.ZodType>(def: EventDef<P>) => def;

export const events = {
  'visit.changed': event({
    roles: ['admin', 'reception', 'security', 'host', 'station'],
    payload: z.object({ visitId: z.string(), status: visitStatusSchema }),
  }),
  'settings.changed': event({
    roles: ['visitor', 'admin', 'reception', 'security', 'host', 'station'],
    payload: z.object({ siteId: z.string() }),
  }),
  'station.changed': event({
    roles: ['visitor', 'admin', 'reception', 'security', 'host', 'station'],
    payload: z.object({ configured: z.boolean() }),
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
