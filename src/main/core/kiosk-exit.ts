// Leaving kiosk mode with a staff sign-in (docs/electron.md#leaving-kiosk-mode): the method
// station.exitKiosk (admin or reception only, audited) asks; whatever shows the screen acts. The Electron
// main process listens and takes its window out of kiosk mode; the web host puts the last request's id
// in /healthz, where the browser kiosk's session script sees it and ends the Chromium session.
import { randomUUID } from 'node:crypto';

export interface KioskExitRequest {
  /** Unique per request, so a watcher tells a new request from one it has already acted on. */
  id: string;
  at: string;
  userId: string | null;
}

export class KioskExitSignal {
  private latest: KioskExitRequest | null = null;
  private readonly listeners = new Set<(request: KioskExitRequest) => void>();

  /** Called by station.exitKiosk after its audit entry has committed; nothing else may call it. */
  request(request: KioskExitRequest): void {
    this.latest = request;
    for (const listener of this.listeners) listener(request);
  }

  /** A new request, not yet signalled. */
  static make(at: string, userId: string | null): KioskExitRequest {
    return { id: randomUUID(), at, userId };
  }

  /** The last request since the station started, or null. */
  get last(): KioskExitRequest | null {
    return this.latest;
  }

  onRequest(listener: (request: KioskExitRequest) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
