// The kiosk waiting for a host's approval must hear the decision, but visit.changed is for staff only.
// This bridge, started with the station, turns a decision on a visit into the visitor-safe
// kiosk.visitUpdate (no visit id, no name, no reason: the waiting screen re-reads its own status).
import type { StationEvent } from '../../shared/events';
import type { StationCore } from '../core/context';

export function startDecisionBridge(station: StationCore): void {
  station.events.on('event', (e: StationEvent) => {
    if (e.event !== 'visit.changed') return;
    const { status, hold } = e.payload as StationEvent<'visit.changed'>['payload'];
    // A hold, an approval, a denial or a cancellation is what a waiting screen acts on.
    if (hold || ['approved', 'denied', 'cancelled'].includes(status))
      station.events.emit('event', { event: 'kiosk.visitUpdate', payload: {} });
  });
}
