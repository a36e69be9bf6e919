// Updates from the feed in electron-builder.yml (generic provider), only in a packaged app. Downloads in
// the background and installs on the next quit; a feed that cannot be reached is logged, never shown to
// the visitor at the screen.
import electronUpdater from 'electron-updater';

const SIX_HOURS = 6 * 60 * 60 * 1000;

export function startUpdateChecks(log: (message: string, error?: unknown) => void): void {
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.logger = null;
  autoUpdater.on('error', (error) => log('Update check failed', error));
  autoUpdater.on('update-downloaded', (info) =>
    log(`Update ${info.version} downloaded; it installs on the next restart.`),
  );
  const check = () => {
    autoUpdater.checkForUpdates().catch((error: unknown) => log('Update check failed', error));
  };
  check();
  setInterval(check, SIX_HOURS).unref();
}
