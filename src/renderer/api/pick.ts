// The one place that decides how this screen reaches its station.
import { httpTransport } from './http';
import { ipcTransport } from './ipc';
import type { StationTransport } from './transport';

export function pickTransport(): StationTransport {
  // Inside Electron the preload has put the bridge on window; in a browser we talk to the web host.
  return window.gatehouse ? ipcTransport(window.gatehouse) : httpTransport();
}
