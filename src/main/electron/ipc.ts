// Wires the IPC core (src/main/ipc-core.ts) to Electron: one handler for calls, one event channel per window.
import { ipcMain, type WebContents } from 'electron';
import { CALL_CHANNEL, EVENT_CHANNEL, type IpcCore } from '../ipc-core';

export function serveCalls(core: IpcCore): void {
  ipcMain.handle(CALL_CHANNEL, (event, method: unknown, input: unknown) =>
    core.call(event.sender.id, event.senderFrame, method, input),
  );
}

/** Sends a window the events its role may hear, and ends its session when it closes. */
export function attachWindow(core: IpcCore, contents: WebContents): void {
  const id = contents.id;
  const unsubscribe = core.subscribe(id, (event) => {
    if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  });
  contents.once('destroyed', () => {
    unsubscribe();
    core.forget(id);
  });
}
