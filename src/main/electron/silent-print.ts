// Electron's silent printing as the station's SilentPrinter: the badge page is loaded into a hidden,
// sandboxed window and printed with webContents.print({ silent: true }). Limits: Chromium decides the
// paper from the driver, and custom page sizes are honoured only by some drivers (a long-standing
// Electron bug), so a PDF through CUPS or the printer's own language (ZPL, Brother QL) stays preferable.
import { BrowserWindow } from 'electron';
import type { SilentPrinter } from '../core/hardware';

export const electronSilentPrinter: SilentPrinter = {
  async print(html, { deviceName, pageSize }) {
    const window = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    try {
      await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      if (deviceName) {
        const printers = await window.webContents.getPrintersAsync();
        if (!printers.some((p) => p.name === deviceName))
          throw new Error(`there is no printer "${deviceName}" on this computer`);
      }
      await new Promise<void>((resolve, reject) =>
        window.webContents.print(
          {
            silent: true,
            printBackground: true,
            deviceName: deviceName ?? undefined,
            margins: { marginType: 'none' },
            pageSize,
          },
          (success, failureReason) => (success ? resolve() : reject(new Error(failureReason))),
        ),
      );
    } finally {
      window.destroy();
    }
  },
};
