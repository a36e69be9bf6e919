// ID documents read by the station's scanners. A passport reader or 2D scanner delivers a machine-readable
// zone (often one line at a time) or a licence's PDF417 data; such a read is not a pass or invite code,
// so it becomes one `idDocument.read` event instead of a `scanner.read`, and the gate never looks it up.
//
// The event names nobody: the document read is held here, in the station core, behind an opaque
// reference `iddoc:<random>` that a screen exchanges once for the few fields a check-in form takes
// (`idDocuments.take`). Whatever else the document says — address, sex, nationality, expiry — is never
// kept or sent; the check-in then keeps of the number only what it keeps of a typed one (last 2, keyed hash).
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { isMrzLine, looksLikeIdDocument, mrzLines, type IdDocumentRead } from '../../shared/id-document';
import type { StationBase } from '../core/context';

/** Long enough for a screen to take what it heard; it does so at once. */
const KEEP_MS = 2 * 60_000;
const MAX_HELD = 16;
export const ID_READ_REFERENCE = /^iddoc:[A-Za-z0-9_-]{22}$/;

const held = new WeakMap<EventEmitter, Map<string, { document: IdDocumentRead; at: number }>>();

function heldBy(station: StationBase) {
  let map = held.get(station.events);
  if (!map) held.set(station.events, (map = new Map()));
  const now = station.now().getTime();
  for (const [ref, h] of map) if (now - h.at > KEEP_MS || map.size > MAX_HELD) map.delete(ref);
  return map;
}

/** Holds a document read and returns the reference the event carries. */
export function holdIdDocument(station: StationBase, document: IdDocumentRead): string {
  const ref = `iddoc:${randomBytes(16).toString('base64url')}`;
  heldBy(station).set(ref, { document, at: station.now().getTime() });
  return ref;
}

/** The document behind a reference, once: a second take (another listener, a replay) finds nothing. */
export function takeIdDocument(station: StationBase, ref: string): IdDocumentRead | null {
  const map = heldBy(station);
  const found = map.get(ref);
  map.delete(ref);
  return found?.document ?? null;
}

interface Pending {
  kind: 'mrz' | 'aamva';
  parts: string[];
  at: number;
  timer: NodeJS.Timeout;
}

/**
 * Joins the pieces of one document a scanner sends as several codes — the lines of an MRZ (a reader that
 * ends each line with CR), the subfiles of a licence barcode on a scanner framed by CR — and hands each
 * whole document (or what came of it before the scanner went quiet) to `deliver`.
 */
export class IdScanAssembler {
  #pending = new Map<string, Pending>();

  constructor(
    private readonly deliver: (deviceId: string, text: string, at: number) => void,
    private readonly quietMs = 400,
  ) {}

  /** Whether the code is (part of) an ID document, and so taken; any other code is left to the caller. */
  take(deviceId: string, code: string, at: number): boolean {
    const pending = this.#pending.get(deviceId);
    if (pending) {
      if (pending.kind === 'aamva' || isMrzLine(code)) {
        pending.parts.push(code);
        pending.at = at;
        if (pending.kind === 'mrz' && mrzLines(pending.parts.join('\n'))) this.#finish(deviceId);
        else pending.timer.refresh();
        return true;
      }
      // Something else came in the middle of a document: what was read of it so far goes as it is.
      this.#finish(deviceId);
    }
    if (looksLikeIdDocument(code)) {
      this.deliver(deviceId, code, at);
      return true;
    }
    // "@" alone: the first piece of a licence barcode whose CR ended the scanner's frame.
    if (isMrzLine(code) || code === '@') {
      const kind = code === '@' ? 'aamva' : 'mrz';
      const timer = setTimeout(() => this.#finish(deviceId), this.quietMs);
      timer.unref();
      this.#pending.set(deviceId, { kind, parts: [code === '@' ? '@\n\x1e' : code], at, timer });
      return true;
    }
    return false;
  }

  close(): void {
    for (const p of this.#pending.values()) clearTimeout(p.timer);
    this.#pending.clear();
  }

  #finish(deviceId: string): void {
    const pending = this.#pending.get(deviceId);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(deviceId);
    this.deliver(deviceId, pending.parts.join(pending.kind === 'mrz' ? '\n' : '\r'), pending.at);
  }
}
