// The transport inside the Electron app: the preload exposes exactly `window.gatehouse = { call, on }`.
// The main process keeps the staff session of its own window, so no token crosses the bridge.
import type { StationEvent } from '../../shared/events';
import { isErrorEnvelope, toApiError } from './errors';
import { listenerSet, type StationTransport } from './transport';

/** The object the preload puts on window (src/preload). */
export interface GatehouseBridge {
  call(method: string, input: unknown): Promise<unknown>;
  on(listener: (event: StationEvent) => void): () => void;
}

declare global {
  interface Window {
    gatehouse?: GatehouseBridge;
  }
}

export function ipcTransport(bridge: GatehouseBridge): StationTransport {
  const reconnects = listenerSet<[]>();
  return {
    async call(method, input) {
      let result: unknown;
      try {
        result = await bridge.call(method, input);
      } catch (reason) {
        throw toApiError(reason);
      }
      // Defensive: a bridge may resolve an error envelope instead of rejecting.
      if (isErrorEnvelope(result)) throw toApiError(result);
      return result;
    },
    on: (listener) => bridge.on(listener),
    setSession: () => {},
    // IPC never drops events while the window lives.
    onReconnect: reconnects.add,
  };
}
