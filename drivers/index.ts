// The drivers a hardware manager owns. Every device driver has open()/close(), a `status`
// ({connected, lastSeen, lastError}) with a 'status' event, and typed events for what it reads.
export { DeviceDisconnectedError, type DeviceStatus } from './common/device';
export {
  listHidDevices,
  nodeHidOpener,
  type HidDeviceInfo,
  type HidOpener,
  type HidTransport,
} from './common/hid';
export { PtyPair } from './common/pty';

export { SerialScanner } from './scanners/serial-scanner';
export { SerialScannerSimulator } from './scanners/serial-scanner-simulator';
export {
  parseSerialScannerSettings,
  InvalidSettingsError,
  type SerialScannerSettings,
} from './scanners/serial-settings';
export { HidPosScanner } from './scanners/hid-pos-scanner';
export { HidPosScannerSimulator } from './scanners/hid-pos-simulator';
export { HID_POS_USAGE_PAGE } from './scanners/hid-pos';
export type { ScanEvent } from './scanners/scan-event';

export { LcusRelay } from './relays/lcus-relay';
export { LcusRelaySimulator } from './relays/lcus-simulator';
export { LCUS_PRODUCT_ID, LCUS_VENDOR_ID } from './relays/lcus';
export { UsbRelay } from './relays/usbrelay-driver';
export { UsbRelaySimulator } from './relays/usbrelay-simulator';
export { USBRELAY_PRODUCT_ID, USBRELAY_VENDOR_ID, usbRelayChannels } from './relays/usbrelay';
export type { RelayDriver } from './relays/relay';

export { parseBadge, type Badge } from './printers/badge';
export { zplBadge } from './printers/zpl';
export { brotherQlBadge, badgeBitmap } from './printers/brother-ql';
export { sendRaw, PrinterUnavailableError } from './printers/raw-tcp';
export { TcpPrinterSimulator, type PrinterState } from './printers/tcp9100-simulator';
export { listCupsQueues, printPdf, CupsError, type CupsQueue } from './printers/cups';
export { sendSerial } from './printers/raw-serial';
export { SerialZplPrinterSimulator } from './printers/serial-printer-simulator';
export { PRINTER_PROBLEMS, queryPrinterStatus, type PrinterProblem } from './printers/printer-status';
