// At a gate, the station core itself decides every code its hardware scanners read (serial, HID POS), in
// the gate's current direction: the turnstile opens whether or not a screen is open, and two open screens
// never make two decisions. Screens show the outcome from the gate.verdict event. Camera and keyboard-wedge
// scans happen in the screen, which asks gate.scan itself.
import { stationsRepo } from '../../db/repos/sites';
import { ApiError } from '../../shared/errors';
import type { StationEvent } from '../../shared/events';
import { STATION_CALLER, type StationCore } from '../core/context';
import type { Dispatcher } from '../core/dispatcher';

export function startGateScanner(core: StationCore, dispatcher: Dispatcher): void {
  core.events.on('event', (e: StationEvent) => {
    if (e.event !== 'scanner.read') return;
    // A station set up as a kiosk or desk uses its scanners otherwise (invite codes, badges).
    if (stationsRepo.get(core.db, core.stationId)?.kind !== 'gate') return;
    const { code } = e.payload as StationEvent<'scanner.read'>['payload'];
    dispatcher.call('gate.scan', { text: code }, STATION_CALLER).catch((error: unknown) => {
      // A refusal is a verdict, not an error; only a gate that cannot decide at all lands here.
      const why = error instanceof ApiError ? `${error.code}: ${error.message}` : String(error);
      console.error(`[gate] could not decide a hardware scan: ${why}`);
    });
  });
}
