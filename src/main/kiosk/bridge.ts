// The kiosk waiting for a host's approval must hear the decision, but visit.changed is for staff only.
// This bridge, started with the station, turns a decision on a visit into the visitor-safe
// kiosk.visitUpdate (no name, no reason).
import type { StationEvent } from '../../shared/events';
import type { StationCore } from '../core/context';

export function startDecisionBridge(station: StationCore): void {
  station.events.on('event', (e: StationEvent) => {
    if (e.event !== 'visit.changed') return;
    const { visitId, status, hold } = e.payload as StationEvent<'visit.changed'>['payload'];
    // A held visit waits for the desk, whatever its status: an approved invite held there is not approved.
    const state = hold
      ? 'see_reception'
      : status === 'approved'
        ? 'approved'
        : status === 'denied' || status === 'cancelled'
          ? 'see_reception'
          : null;
    if (state) station.events.emit('event', { event: 'kiosk.visitUpdate', payload: { visitId, state } });
  });
}
