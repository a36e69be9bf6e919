// The Electron IPC transport, minus Electron: who may call (only our own page), who is calling (the staff
// session each window signed in with, kept here in the main process), how answers and errors cross the
// channel, and which events each window may hear. src/main/electron/ipc.ts only wires this to ipcMain,
// so everything that decides something is testable under plain Node.
import { ApiError, type ApiErrorBody } from '../shared/errors';
import type { StationEvent } from '../shared/events';
import { KioskLimiter } from './kiosk/limits';
import { eventFor } from './kiosk/scans';
import type { Role } from '../shared/roles';
import type { Caller } from './core/context';
import type { Station } from './station';

/** The one channel for calls (ipcMain.handle) and the one for events (webContents.send). */
export { CALL_CHANNEL, EVENT_CHANNEL } from '../preload/channels';

/** The renderer is served from app://gatehouse/ (see src/main/electron/protocol.ts), never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'gatehouse';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/**
 * What the call channel answers. Electron keeps only the message of an Error thrown across IPC, so
 * errors travel as data; the preload hands the renderer the value, or `{ ok: false, error }` which
 * src/renderer/api/ipc.ts turns back into the ApiError.
 */
export type Envelope = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };

/** Whether a URL is a page of our own app (scheme and host both ours). */
export function isAppUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface SenderFrame {
  url: string;
  /** null for the top frame of the window. */
  parent: unknown;
}

/** Calls are accepted only from the top frame of our own page: not from a sub-frame, not after a navigation away. */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return Boolean(frame) && frame!.parent === null && isAppUrl(frame!.url);
}

/** Any thrown value as the body the renderer can turn back into an ApiError. */
export function toErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof ApiError) return error.toJSON();
  return new ApiError('internal', 'Something went wrong at the station. Nothing was changed.').toJSON();
}

/** The receiving side of the envelope: the value, or the ApiError it stood for. */
export function unwrapEnvelope(envelope: unknown): unknown {
  if (typeof envelope === 'object' && envelope !== null && 'ok' in envelope) {
    const e = envelope as Envelope;
    if (e.ok) return e.value;
    throw ApiError.from(e.error);
  }
  throw ApiError.from(undefined);
}

interface WindowSession {
  token: string;
  role: Role;
}

/**
 * The transport state of every window (keyed by webContents id): the staff session it signed in with.
 * A window with no session calls as the visitor at the screen, like a browser with no bearer token.
 */
export class IpcCore {
  private readonly sessions = new Map<number, WindowSession>();
  private readonly limits: KioskLimiter;

  constructor(
    private readonly station: Station,
    private readonly log: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
  ) {
    this.limits = new KioskLimiter(station.core.now);
  }

  async call(
    windowId: number,
    frame: SenderFrame | null | undefined,
    method: unknown,
    input: unknown,
  ): Promise<Envelope> {
    try {
      if (!isTrustedSender(frame)) {
        throw new ApiError('forbidden', 'Calls are accepted only from the station’s own screen.');
      }
      if (typeof method !== 'string')
        throw new ApiError('invalid_input', 'The method name must be a string.');
      const caller = this.callerOf(windowId);
      if (caller.role === 'visitor') this.limits.take(method, `window:${windowId}`, input);
      const value = await this.station.dispatcher.call(method, input, caller);
      this.remember(windowId, method, value, caller);
      return { ok: true, value };
    } catch (error) {
      if (!(error instanceof ApiError)) this.log(`IPC call ${String(method)} failed`, error);
      return { ok: false, error: toErrorBody(error) };
    }
  }

  /** The role a window hears events as: its live session's role, or (once it ended) the visitor's. */
  roleOf(windowId: number): Role {
    const session = this.sessions.get(windowId);
    if (session && !this.station.core.sessions.isLive(session.token)) this.sessions.delete(windowId);
    return this.sessions.get(windowId)?.role ?? 'visitor';
  }

  /** Station events for one window, as its current role may hear them (src/main/kiosk/scans.ts). */
  subscribe(windowId: number, send: (event: StationEvent) => void): () => void {
    return this.station.onEvent((event) => {
      const shaped = eventFor(this.station.core, this.roleOf(windowId), event);
      if (shaped) send(shaped);
    });
  }

  /** A window closed: end its session so the token cannot outlive the screen. */
  forget(windowId: number): void {
    const session = this.sessions.get(windowId);
    if (session) this.station.core.sessions.revoke(session.token);
    this.sessions.delete(windowId);
  }

  private callerOf(windowId: number): Caller {
    const session = this.sessions.get(windowId);
    const caller = this.station.core.sessions.callerFor(session?.token);
    if (!caller) {
      // The session ran out: the window is the visitor again and its screen must sign in anew.
      this.sessions.delete(windowId);
      throw new ApiError('unauthenticated', 'Your session has ended. Please sign in again.');
    }
    if (session) session.role = caller.role;
    return { ...caller, client: `window:${windowId}` };
  }

  private remember(windowId: number, method: string, value: unknown, caller: Caller): void {
    if (method === 'session.signIn') {
      const { token, user } = value as { token: string; user: { role: Role } };
      // Signing in again on the same screen replaces (and ends) the previous session.
      if (caller.token && caller.token !== token) this.station.core.sessions.revoke(caller.token);
      this.sessions.set(windowId, { token, role: user.role });
    } else if (method === 'session.signOut') {
      this.sessions.delete(windowId);
    }
  }
}
