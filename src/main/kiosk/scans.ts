// What an anonymous screen hears of the station's scanners. A hardware scanner at a kiosk reads invite
// QR codes and badges for check-out, and the kiosk screen must act on them; but the code itself may be a
// secret (a signed pass token, a staff badge code) that no anonymous listener should ever receive. So an
// anonymous screen of a kiosk hears a scan as an opaque reference, `scan:<random>`, which the kiosk
// methods accept wherever they take a scanned text (kiosk.findInvite, kiosk.checkInInvite,
// kiosk.checkOut) and resolve here; the code never leaves the station core. Anonymous screens of a desk
// or a gate hear no scans at all: only a kiosk's visitor scans anything. An ID document read reaches them
// the same way, as the `iddoc:` reference of its idDocument.read event (src/main/hardware/id-scans.ts).
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { stationsRepo } from '../../db/repos/sites';
import type { StationEvent } from '../../shared/events';
import { canReceive } from '../../shared/events';
import type { Role } from '../../shared/roles';
import type { StationBase } from '../core/context';

/** Long enough to finish an invite check-in (signatures, photo) with the scanned invite. */
const KEEP_MS = 15 * 60_000;
const MAX_HELD = 64;
const REFERENCE = /^scan:[A-Za-z0-9_-]{22}$/;

interface Held {
  code: string;
  at: number;
}

/** The scans referenced so far, per station (keyed by its event emitter, shared by every view of it). */
const held = new WeakMap<EventEmitter, Map<string, Held>>();

function heldBy(station: StationBase): Map<string, Held> {
  let map = held.get(station.events);
  if (!map) held.set(station.events, (map = new Map()));
  const now = station.now().getTime();
  for (const [ref, h] of map) if (now - h.at > KEEP_MS || map.size > MAX_HELD) map.delete(ref);
  return map;
}

/**
 * A station event as a screen with this role may hear it: as is, as a scan reference (an anonymous kiosk
 * screen and scanner.read), or not at all (null). Both transports send events only through this.
 */
export function eventFor(station: StationBase, role: Role, event: StationEvent): StationEvent | null {
  if (!canReceive(role, event)) return null;
  if (role === 'visitor' && event.event === 'idDocument.read')
    return stationsRepo.get(station.db, station.stationId)?.kind === 'kiosk' ? event : null;
  if (role !== 'visitor' || event.event !== 'scanner.read') return event;
  if (stationsRepo.get(station.db, station.stationId)?.kind !== 'kiosk') return null;
  const read = event.payload as StationEvent<'scanner.read'>['payload'];
  const ref = `scan:${randomBytes(16).toString('base64url')}`;
  heldBy(station).set(ref, { code: read.code, at: station.now().getTime() });
  return { event: 'scanner.read', payload: { ...read, code: ref } };
}

/** The scanned text a kiosk method was given: the code behind a scan reference, or the text as typed. */
export function scannedText(station: StationBase, text: string): string {
  const trimmed = text.trim();
  if (!REFERENCE.test(trimmed)) return text;
  return heldBy(station).get(trimmed)?.code ?? '';
}
