// The Electron app: one kiosk window showing the renderer from app://gatehouse/, talking to the station
// core in this process over one IPC channel. Built by vite.electron.config.ts into dist-electron/main.js.
import { app, dialog, Menu, powerSaveBlocker, session, type BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IpcCore } from '../ipc-core';
import { DATABASE_FILE, startStation } from '../station';
import { attachWindow, serveCalls } from './ipc';
import { electronKeyVault } from './key-vault';
import { registerAppScheme, serveRenderer } from './protocol';
import { electronSilentPrinter } from './silent-print';
import { quitExitCode } from './restart';
import { startStationUpdates } from './updater';
import { createStationWindow, grantOnlyTheCamera, leaveKioskMode, lockDownWebContents } from './window';

/** The folder holding dist-electron/ and dist/renderer/: the project in development, app.asar when packaged. */
const APP_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where scripts/electron-native.mjs leaves the SQLite binding compiled for Electron (electron-builder ships it as native/). */
const DEV_NATIVE_BINDING = '.electron-native/better-sqlite3/build/Release/better_sqlite3.node';

const development = !app.isPackaged;
const log = (message: string, error?: unknown) => console.error(`[gatehouse] ${message}`, error ?? '');

// GATEHOUSE_DATA_DIR runs the app on another data directory (tests, a second station on one machine);
// Electron's own profile moves with it, and with it the single-instance lock.
const dataDirOverride = process.env.GATEHOUSE_DATA_DIR
  ? path.resolve(process.env.GATEHOUSE_DATA_DIR)
  : undefined;
if (dataDirOverride) app.setPath('userData', path.join(dataDirOverride, 'electron-profile'));
const dataDir = dataDirOverride ?? path.join(app.getPath('userData'), 'station');

// Before ready: the scheme's privileges, the rules for every web contents, no application menu.
registerAppScheme();
lockDownWebContents();
Menu.setApplicationMenu(null);

let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another Gatehouse already runs on this profile: it gets the focus (second-instance below), we leave.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  const rendererDir = path.join(APP_ROOT, 'dist', 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(
      `The station screen has not been built (no ${rendererDir}): run \`npm run build:renderer\`.`,
    );
  }
  const firstRun = !existsSync(path.join(dataDir, DATABASE_FILE));
  const station = await startStation({
    dataDir,
    vault: electronKeyVault(dataDir),
    demo: firstRun,
    nativeBinding: nativeBinding(),
    hardware: { silentPrinter: electronSilentPrinter },
    migrationsFolder: app.isPackaged
      ? path.join(process.resourcesPath, 'migrations')
      : path.join(APP_ROOT, 'src', 'db', 'migrations'),
  });
  // Updates from the sync server, installed in the site's quiet window (src/main/electron/updater.ts).
  const updater = app.isPackaged ? startStationUpdates(station, dataDir, log) : undefined;
  // Quit only once the station has closed: that is when every relay has been switched off.
  app.once('will-quit', (event) => {
    event.preventDefault();
    void (updater?.stop() ?? Promise.resolve())
      .then(() => station.close())
      .finally(() => app.exit(quitExitCode()));
  });

  const core = new IpcCore(station, log);
  serveRenderer(session.defaultSession, rendererDir);
  grantOnlyTheCamera(session.defaultSession);
  serveCalls(core);
  powerSaveBlocker.start('prevent-display-sleep');

  mainWindow = createStationWindow({
    preload: path.join(APP_ROOT, 'dist-electron', 'preload.cjs'),
    kiosk: !development,
    devTools: development,
  });
  attachWindow(core, mainWindow.webContents);
  // The staff exit (station.exitKiosk: an admin or reception signed in, the exit audited) is the only way
  // out of kiosk mode; the core decides, this only acts.
  station.core.kioskExit.onRequest(() => {
    if (mainWindow) leaveKioskMode(mainWindow);
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  app.on('window-all-closed', () => app.quit());
}

/** better-sqlite3-multiple-ciphers compiled for Electron's ABI; the copy in node_modules stays built for Node and `npm test`. */
function nativeBinding(): string {
  const file = app.isPackaged
    ? path.join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : path.join(APP_ROOT, DEV_NATIVE_BINDING);
  if (!existsSync(file)) {
    throw new Error(
      `better-sqlite3-multiple-ciphers has not been built for Electron (no ${file}): run \`npm run electron:native\`.`,
    );
  }
  return file;
}

function fail(error: unknown): void {
  log('The station could not start', error);
  dialog.showErrorBox('Gatehouse could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}
