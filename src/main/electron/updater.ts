// Updates in the packaged Electron app (docs/updates.md). The station's updater (src/main/updates) polls
// the sync server's feed, verifies its signature and the artefact, and picks the moment (quiet window, no
// visitor on site); this file only chooses its Installer. Installed from the .deb: the root helper
// (src/main/updates/deb-installer.ts) installs the verified package and keeps the one before for a
// rollback. The AppImage: electron-updater, pointed at the same feed with the station credential,
// downloads the same release (checking its SHA-512 against the feed again) and quitAndInstall replaces the
// file. Either way the app starts again in kiosk mode (./restart.ts). A visitor never sees a dialog:
// failures are logged and reported in the fleet view.
import electronUpdater from 'electron-updater';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Station } from '../station';
import { syncServerSettings } from '../sync/enroll';
import { restartAfterQuit, restartApp, supervised } from './restart';
import { debInstaller } from '../updates/deb-installer';
import type { Installer, VerifiedRelease } from '../updates/installer';
import { StationUpdater } from '../updates/updater';
import type { UpdateChannel, UpdatePlatform } from '../../shared/updates';

type Log = (message: string, error?: unknown) => void;

const PUBLIC_KEY_FILE = 'update-key.pub';

function platform(): UpdatePlatform {
  if (process.platform === 'win32') return 'win';
  if (process.platform === 'darwin') return 'mac';
  return process.arch === 'arm64' ? 'linux-arm64' : 'linux';
}

/** The AppImage kept before an install, to go back to. */
const previousAppImage = (dir: string, version: string) => path.join(dir, `previous-${version}.AppImage`);

/** The root helper the .deb installs, run through the postinst's sudoers rule (build/linux). */
const DEB_HELPER = () => path.join(process.resourcesPath, 'update', 'gatehouse-deb-update');

/** Installed from the .deb: dpkg knows the package and the app runs from its folder, not an AppImage. */
function installedFromDeb(): boolean {
  return (
    process.platform === 'linux' &&
    !process.env.APPIMAGE &&
    existsSync('/var/lib/dpkg/info/gatehouse.list') &&
    process.execPath.startsWith('/opt/Gatehouse/')
  );
}

/** electron-updater for the AppImage (and Windows); the .deb goes through debInstaller. */
function appImageInstaller(station: Station, dir: string, channel: UpdateChannel, log: Log): Installer {
  const { autoUpdater } = electronUpdater;
  autoUpdater.logger = null;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.on('error', (error) => log('Update install failed', error));
  return {
    async install(release: VerifiedRelease) {
      const server = syncServerSettings(station.core);
      if (!server) throw new Error('The station is no longer enrolled; not installing.');
      autoUpdater.setFeedURL({
        provider: 'generic',
        url: new URL('/updates/', server.serverUrl).href,
        channel: channel === 'stable' ? 'latest' : channel,
      });
      autoUpdater.requestHeaders = { authorization: `Bearer ${server.credential}` };
      const result = await autoUpdater.checkForUpdates();
      const info = result?.updateInfo;
      // The feed may have moved on since the station verified it: install only what was verified.
      if (!info || info.version !== release.version || info.sha512 !== release.sha512)
        throw new Error(`The feed no longer offers the verified ${release.version}; not installing.`);
      await autoUpdater.downloadUpdate();
      const running = process.env.APPIMAGE;
      if (running && existsSync(running))
        copyFileSync(running, previousAppImage(dir, release.previousVersion));
      log(`Installing ${release.version} and restarting.`);
      // Silent; started again by the supervisor (exit code) or, without one, by electron-updater.
      restartAfterQuit();
      autoUpdater.quitAndInstall(true, !supervised());
    },
    async rollback(to) {
      const running = process.env.APPIMAGE;
      const previous = previousAppImage(dir, to.version);
      if (!running || !existsSync(previous))
        throw new Error(`No copy of ${to.version} was kept here; reinstall it by hand.`);
      log(`${to.failedVersion} is not healthy: going back to ${to.version}.`);
      copyFileSync(previous, running);
      restartApp();
    },
  };
}

/**
 * Starts the station's updater when the organisation's public update key is in the data folder or the
 * package's resources; without it the station takes no update (it could not tell a signed one).
 */
export function startStationUpdates(station: Station, dataDir: string, log: Log): StationUpdater | undefined {
  const keyFile = [
    path.join(dataDir, PUBLIC_KEY_FILE),
    path.join(process.resourcesPath, PUBLIC_KEY_FILE),
  ].find((file) => existsSync(file));
  if (!keyFile) {
    log(`Updates are off: there is no ${PUBLIC_KEY_FILE} in ${dataDir} (docs/updates.md).`);
    return undefined;
  }
  const channel: UpdateChannel = process.env.GATEHOUSE_UPDATE_CHANNEL === 'beta' ? 'beta' : 'stable';
  const dir = path.join(dataDir, 'updates');
  const deb = installedFromDeb();
  const updater = new StationUpdater(station.core, {
    installer: deb
      ? debInstaller({ helper: ['sudo', '-n', DEB_HELPER()], dir, restart: restartApp, log })
      : appImageInstaller(station, dir, channel, log),
    artefactExtension: deb ? '.deb' : undefined,
    publicKey: readFileSync(keyFile, 'utf8'),
    dir,
    channel,
    platform: platform(),
    log: (message) => log(message),
  });
  updater.start();
  return updater;
}
