// The station window and the rules every web contents lives by (Electron's security checklist):
// isolated, sandboxed, no Node, no navigation away, no new windows, no webviews, only the camera.
import { app, BrowserWindow, type Session } from 'electron';
import { APP_START_URL } from '../ipc-core';
import {
  allowNavigation,
  allowPermissionCheck,
  allowPermissionRequest,
  blockKioskKey,
  reloadAfterRendererGone,
} from './policy';

export interface WindowOptions {
  preload: string;
  /** Full-screen kiosk with no way out by the keyboard; off while developing. */
  kiosk: boolean;
  devTools: boolean;
}

export function createStationWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    kiosk: options.kiosk,
    fullscreen: options.kiosk,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#ffffff',
    title: app.getName(),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
    },
  });
  window.once('ready-to-show', () => window.show());
  // Kiosk lockdown: no quit, reload or devtools from the keyboard while the window is a kiosk (until staff
  // leave it, leaveKioskMode); a crashed page comes back by itself.
  window.webContents.on('before-input-event', (event, input) => {
    if (blockKioskKey(input, window.isKiosk())) event.preventDefault();
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    if (reloadAfterRendererGone(details.reason)) window.webContents.reload();
  });
  void window.loadURL(APP_START_URL);
  return window;
}

/**
 * Staff signed in and asked to leave (station.exitKiosk, audited): the window leaves kiosk mode and full
 * screen, and the keys work again, so they can close the app or reach the desktop.
 */
export function leaveKioskMode(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  window.setKiosk(false);
  window.setFullScreen(false);
}

/** Applies to every web contents the app ever creates, including ones we did not ask for. */
export function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-frame-navigate', (event) => {
      if (!allowNavigation(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!allowNavigation(event.url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function grantOnlyTheCamera(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(allowPermissionRequest(permission, details.requestingUrl, mediaTypes));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    allowPermissionCheck(permission, requestingOrigin, details.mediaType),
  );
  // USB, HID and serial devices belong to the drivers in the main process, never to the page.
  session.setDevicePermissionHandler(() => false);
}
