// The sandboxed preload: the renderer's only door to the station. It exposes exactly
// window.gatehouse = { call, on } and nothing of Electron or Node.
//   call(method, input) resolves to { ok: true, value } or { ok: false, error: { code, message, fields? } }
//   on(listener) hears the station events this screen's role may receive; it returns the unsubscribe.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

contextBridge.exposeInMainWorld('gatehouse', {
  call: (method: string, input?: unknown): Promise<unknown> => ipcRenderer.invoke(CALL_CHANNEL, method, input ?? {}),
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
