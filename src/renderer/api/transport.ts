// What the renderer needs from a transport: the shared Transport (call + events) plus a way to say who
// is signed in. Two implementations exist: ipc.ts (Electron preload) and http.ts (the web host).
import type { Transport } from '../../shared/client';
import type { StationEvent } from '../../shared/events';

export interface StationTransport extends Transport {
  on(listener: (event: StationEvent) => void): () => void;
  /**
   * The staff session the following calls and events belong to (null after sign-out). Over HTTP the
   * token rides on every request and is sent to the event socket; over IPC the main process keeps the
   * session of its window, so this only informs the transport.
   */
  setSession(token: string | null): void;
  /** Called after the event stream was interrupted and is back: screens refetch what they may have missed. */
  onReconnect(listener: () => void): () => void;
}

/** A tiny listener set, shared by both transports. */
export function listenerSet<A extends unknown[]>() {
  const listeners = new Set<(...args: A) => void>();
  return {
    add(listener: (...args: A) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(...args: A) {
      for (const listener of [...listeners]) listener(...args);
    },
  };
}
