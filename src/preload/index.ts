// The sandboxed preload: the renderer's only door to the station. It exposes exactly
// window.gatehouse = { call, on } and nothing of Electron or Node.
//   call(method, input) resolves to the method's output, or, when the call failed, to
//     { ok: false, error: { code, message, fields? } }: Electron keeps only the message of an error
//     thrown across IPC, so failures travel as data (src/renderer/api/ipc.ts rebuilds the ApiError).
//   on(listener) hears the station events this screen's role may receive; it returns the unsubscribe.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

type Envelope = { ok: true; value: unknown } | { ok: false; error: unknown };

contextBridge.exposeInMainWorld('gatehouse', {
  call: async (method: string, input?: unknown): Promise<unknown> => {
    const envelope = (await ipcRenderer.invoke(CALL_CHANNEL, method, input ?? {})) as Envelope;
    return envelope.ok ? envelope.value : { ok: false, error: envelope.error };
  },
  on: (listener: (event: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('gatehouse.on needs a listener function.');
    // Wrapped so the renderer never sees the IpcRendererEvent (and its sender).
    const forward = (_event: IpcRendererEvent, stationEvent: unknown) => listener(stationEvent);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },
});
