// The hardware manager: opens the devices this station's configuration lists, turns every scanner read
// into one `scanner.read` event (an ID document into one `idDocument.read`, see id-scans.ts), pulses the gate relay on request, keeps each device's health, and runs the
// badge print queue. The drivers (drivers/) reconnect with backoff by themselves and switch every relay
// off whenever they (re)connect and when closed, so start-up, quit and a crash restart all leave the gate shut.
import {
  HidPosScanner,
  LcusRelay,
  nodeHidOpener,
  SerialScanner,
  UsbRelay,
  type DeviceStatus,
  type HidOpener,
  type ScanEvent,
} from '../../../drivers';
import type { DetectedDevices, DeviceTestResult } from '../../shared/api/devices';
import type {
  DeviceHealth,
  DevicesConfig,
  PrinterProblem,
  RelayConfig,
  ScannerConfig,
  SerialScannerConfig,
} from '../../shared/devices';
import type { StationEvent } from '../../shared/events';
import { readIdDocument } from '../../shared/id-document';
import type { StationBase } from '../core/context';
import { readDevicesConfig } from './config';
import { detectDevices } from './detect';
import { findMatch, HotplugWatcher, type DeviceListers } from './hotplug';
import { holdIdDocument, IdScanAssembler } from './id-scans';
import { PrintWorker, type PrintWorkerOptions } from './print-queue';
import { checkPrinter, printBadge, PROBLEM_MESSAGES, PrintFailure, TEST_BADGE } from './printing';
import type { Hardware, RelayPulseResult, SilentPrinter } from '../core/hardware';

export interface HardwareOptions extends PrintWorkerOptions, DeviceListers {
  /** How often the USB listings are polled for hot-plug (default 2 s). */
  hotplugIntervalMs?: number;
  /** false: open no device and run no print worker (tests that do not need hardware). Default true. */
  enabled?: boolean;
  /** Opens a HID device by path; tests pass simulated devices here (production: node-hid). */
  hidOpener?: (path: string) => HidOpener;
  /** First reconnect delay of the drivers (doubles up to reconnectMaxMs). */
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
  /** Electron's silent printing (the desktop app passes it): makes 'electron' printers work. */
  silentPrinter?: SilentPrinter;
  /** How often network label printers are asked for their status (default 30 s). */
  printerStatusIntervalMs?: number;
  log?: (message: string, error?: unknown) => void;
}

type Driver = (SerialScanner | HidPosScanner | LcusRelay | UsbRelay) & {
  status: DeviceStatus;
  on(event: 'status', listener: (status: DeviceStatus) => void): unknown;
};

interface Opened {
  type: 'scanner' | 'relay';
  config: ScannerConfig | RelayConfig;
  driver: Driver;
  /** The path it was opened at (for a device found by USB id, where it was plugged in then). */
  path: string;
}

interface PrinterHealth {
  connected: boolean | null;
  lastSeen: number | null;
  lastError: string | null;
  problem: PrinterProblem | null;
}

const PRINTER_PROBLEM_CODES: ReadonlySet<string> = new Set<PrinterProblem>([
  'no_media',
  'cover_open',
  'paused',
]);

export class HardwareManager implements Hardware {
  #config: DevicesConfig;
  #opened = new Map<string, Opened>();
  #printerHealth = new Map<string, PrinterHealth>();
  #scanWaiters = new Set<(deviceId: string, scan: ScanEvent) => void>();
  #worker: PrintWorker | null = null;
  #statusTimer: NodeJS.Timeout | null = null;
  #statusCheck: Promise<void> | null = null;
  /** Reloads and close run one after another, never interleaved. */
  #lifecycle: Promise<void> = Promise.resolve();
  #closed = false;
  #pending = 0;
  /** Devices whose driver refused their settings, with why. */
  #refused = new Map<string, string>();
  /** Until when the devices page wants newly plugged devices listed (it asked to detect). */
  #watchDetectedUntil = 0;
  readonly #watcher: HotplugWatcher;
  readonly #idScans = new IdScanAssembler((deviceId, text, at) => this.#idDocumentRead(deviceId, text, at));

  constructor(
    private readonly core: StationBase,
    private readonly options: HardwareOptions = {},
  ) {
    this.#config = readDevicesConfig(core.db);
    this.#watcher = new HotplugWatcher({
      listSerialPorts: options.listSerialPorts,
      listHid: options.listHid,
      intervalMs: options.hotplugIntervalMs ?? 2000,
      active: () => !this.#closed && (this.#usesUsbMatch() || Date.now() < this.#watchDetectedUntil),
    });
    this.#watcher.on('change', () => this.#pluggedChanged());
  }

  get enabled(): boolean {
    return this.options.enabled !== false;
  }

  /** Opens the configured devices and starts the print queue. */
  start(): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    this.#worker = new PrintWorker(
      this.core,
      () => this.#config.printers,
      (printer, badge) =>
        printBadge(printer, badge as typeof TEST_BADGE, {
          timeoutMs: this.options.printTimeoutMs,
          silentPrinter: this.options.silentPrinter,
        }),
      (printerId, failure) => this.#printerResult(printerId, failure),
      this.options,
    );
    this.#worker.start();
    this.#statusTimer = setInterval(
      () => void this.checkPrinters(),
      this.options.printerStatusIntervalMs ?? 30_000,
    );
    this.#statusTimer.unref();
    return this.#serially(async () => {
      await this.#openAll();
      void this.checkPrinters();
    });
  }

  /**
   * Asks every network label printer for its status now, so the desk sees "offline" or "out of labels"
   * before a badge is sent. Resolves when all have answered (or timed out).
   */
  checkPrinters(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#statusCheck ??= Promise.all(
      this.#config.printers.map(async (printer) => {
        if (printer.kind !== 'zpl' && printer.kind !== 'brother-ql') return;
        const check = await checkPrinter(printer);
        if (this.#closed || !this.#config.printers.includes(printer)) return;
        const before = this.#printerHealth.get(printer.id);
        if (!check.reachable)
          this.#setPrinterHealth(printer.id, {
            connected: false,
            lastSeen: before?.lastSeen ?? null,
            lastError: check.detail,
            problem: null,
          });
        else if (check.problems === null)
          this.#setPrinterHealth(printer.id, { ...this.#healthy(), lastError: check.detail });
        else {
          const [problem = null] = check.problems;
          this.#setPrinterHealth(printer.id, {
            ...this.#healthy(),
            problem,
            lastError: problem ? PROBLEM_MESSAGES[problem] : null,
          });
        }
      }),
    ).then(() => {
      this.#statusCheck = null;
    });
    return this.#statusCheck;
  }

  reload(): Promise<void> {
    if (!this.enabled) {
      this.#config = readDevicesConfig(this.core.db);
      return Promise.resolve();
    }
    return this.#serially(async () => {
      await this.#closeAll();
      this.#config = readDevicesConfig(this.core.db);
      for (const id of this.#printerHealth.keys())
        if (!this.#config.printers.some((p) => p.id === id)) this.#printerHealth.delete(id);
      await this.#openAll();
      this.#emit({ event: 'devices.changed', payload: { deviceId: null } });
      this.#worker?.wake();
      void this.checkPrinters();
    });
  }

  /** True when closing has nothing to wait for (no device open, no job printing, no reload running). */
  get idle(): boolean {
    return this.#opened.size === 0 && this.#pending === 0 && !this.#worker?.busy && !this.#statusCheck;
  }

  /** Stops the print queue and closes every device (relays are switched off first). */
  close(): Promise<void> {
    this.#closed = true;
    this.#idScans.close();
    if (this.#statusTimer) clearInterval(this.#statusTimer);
    void this.#watcher.stop();
    if (this.idle) {
      void this.#worker?.stop();
      return Promise.resolve();
    }
    return this.#serially(async () => {
      await this.#worker?.stop();
      await this.#statusCheck;
      await this.#closeAll();
    });
  }

  config(): DevicesConfig {
    return this.#config;
  }

  status(): DeviceHealth[] {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const health: DeviceHealth[] = [];
    for (const [group, type] of [
      [this.#config.scanners, 'scanner'],
      [this.#config.relays, 'relay'],
    ] as const) {
      for (const device of group) {
        const status = this.#opened.get(device.id)?.driver.status;
        health.push({
          id: device.id,
          type,
          kind: device.kind,
          name: device.name,
          connected: status?.connected ?? false,
          lastSeen: iso(status?.lastSeen ?? null),
          lastError: status
            ? status.lastError
            : (this.#refused.get(device.id) ?? (this.enabled ? 'not opened yet' : 'hardware is disabled')),
          problem: null,
        });
      }
    }
    for (const printer of this.#config.printers) {
      const h = this.#printerHealth.get(printer.id);
      health.push({
        id: printer.id,
        type: 'printer',
        kind: printer.kind,
        name: printer.name,
        connected: h?.connected ?? null,
        lastSeen: iso(h?.lastSeen ?? null),
        lastError: h?.lastError ?? null,
        problem: h?.problem ?? null,
      });
    }
    return health;
  }

  async pulseRelay(relayId?: string): Promise<RelayPulseResult> {
    const config = relayId ? this.#config.relays.find((r) => r.id === relayId) : this.#config.relays[0];
    if (!config)
      return { ok: false, reason: relayId ? `There is no relay "${relayId}".` : 'No relay is configured.' };
    const opened = this.#opened.get(config.id);
    if (!opened || !(opened.driver instanceof LcusRelay || opened.driver instanceof UsbRelay))
      return { ok: false, reason: `Relay "${config.name}" is not open.` };
    if (!opened.driver.status.connected)
      return {
        ok: false,
        reason: `Relay "${config.name}" is not connected: ${opened.driver.status.lastError ?? 'unknown'}`,
      };
    try {
      await opened.driver.pulse(config.channel, config.pulseMs);
      return { ok: true, relayId: config.id };
    } catch (err) {
      return {
        ok: false,
        reason: `Relay "${config.name}" failed: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }

  /** What is plugged in now; devices plugged in since the station started watching are marked new. */
  async detect(): Promise<DetectedDevices> {
    // Someone is looking at the devices page: keep listing arrivals for a while (it re-detects on change).
    this.#watchDetectedUntil = Date.now() + 5 * 60_000;
    if (this.enabled) this.#watcher.ensureRunning();
    const inUse = new Set([...this.#opened.values()].map((d) => d.path));
    return detectDevices(this.options, (device) => this.#watcher.isNew(device) && !inUse.has(device.path));
  }

  async test(deviceId: string, timeoutMs: number): Promise<DeviceTestResult> {
    const scanner = this.#config.scanners.find((s) => s.id === deviceId);
    if (scanner) return this.#testScanner(scanner, timeoutMs);
    const relay = this.#config.relays.find((r) => r.id === deviceId);
    if (relay) {
      const result = await this.pulseRelay(relay.id);
      return result.ok
        ? { ok: true, detail: `Pulsed channel ${relay.channel} for ${relay.pulseMs} ms.`, code: null }
        : { ok: false, detail: result.reason, code: null };
    }
    const printer = this.#config.printers.find((p) => p.id === deviceId);
    if (printer) {
      try {
        await printBadge(printer, TEST_BADGE, {
          timeoutMs: Math.min(timeoutMs, 30_000),
          silentPrinter: this.options.silentPrinter,
        });
        this.#printerResult(printer.id, null);
        return { ok: true, detail: 'The test badge was sent to the printer.', code: null };
      } catch (err) {
        const failure = err instanceof PrintFailure ? err : new PrintFailure('error', String(err));
        this.#printerResult(printer.id, failure);
        return { ok: false, detail: failure.message, code: failure.code };
      }
    }
    return { ok: false, detail: `There is no device "${deviceId}" on this station.`, code: 'not_configured' };
  }

  wakePrintQueue(): void {
    this.#worker?.wake();
  }

  #testScanner(scanner: ScannerConfig, timeoutMs: number): Promise<DeviceTestResult> {
    return new Promise((resolve) => {
      const waiter = (deviceId: string, scan: ScanEvent) => {
        if (deviceId !== scanner.id) return;
        finish({ ok: true, detail: `Read ${scan.code.length} characters.`, code: scan.code });
      };
      const timer = setTimeout(
        () =>
          finish({
            ok: false,
            detail: `No code was read within ${Math.round(timeoutMs / 1000)} s.`,
            code: null,
          }),
        timeoutMs,
      );
      const finish = (result: DeviceTestResult) => {
        clearTimeout(timer);
        this.#scanWaiters.delete(waiter);
        resolve(result);
      };
      this.#scanWaiters.add(waiter);
    });
  }

  async #openAll(): Promise<void> {
    if (this.#closed) return;
    // Devices found by USB id need a fresh listing to know their path; polling then goes on by itself.
    if (this.#usesUsbMatch()) await this.#watcher.poll();
    const opened = [
      ...this.#config.scanners.map((c) => this.#build('scanner', c)),
      ...this.#config.relays.map((c) => this.#build('relay', c)),
    ].filter((d): d is Opened => d !== null);
    // Each open resolves after its first attempt; a device that is not there keeps retrying by itself.
    await Promise.all(opened.map((d) => this.#open(d)));
  }

  /** The driver for one configured device, at the path it is plugged in at now (not opened yet). */
  #build(type: Opened['type'], config: ScannerConfig | RelayConfig): Opened | null {
    const reconnect = {
      reconnectInitialMs: this.options.reconnectInitialMs,
      reconnectMaxMs: this.options.reconnectMaxMs,
    };
    const hid = this.options.hidOpener ?? nodeHidOpener;
    const path = this.#pathOf(config);
    try {
      const scanned = (scan: ScanEvent) => this.#scanned(config.id, scan);
      let driver: Driver;
      if (config.kind === 'serial')
        driver = new SerialScanner(serialSettings({ ...config, path }), reconnect).on('code', scanned);
      else if (config.kind === 'hid-pos')
        driver = new HidPosScanner({
          open: hid(path),
          enablePosMode: config.enablePosMode,
          ...reconnect,
        }).on('code', scanned);
      else if (config.kind === 'lcus')
        driver = new LcusRelay({ path, channels: config.channels, ...reconnect });
      else driver = new UsbRelay({ open: hid(path), channels: config.channels, ...reconnect });
      return { type, config, driver, path };
    } catch (err) {
      // e.g. mark parity with 8 data bits, which this platform's serial driver cannot open
      this.#refused.set(config.id, err instanceof Error ? err.message : String(err));
      return null;
    }
  }

  async #open(device: Opened): Promise<void> {
    this.#opened.set(device.config.id, device);
    device.driver.on('status', () =>
      this.#emit({ event: 'devices.changed', payload: { deviceId: device.config.id } }),
    );
    await device.driver.open().catch((err: unknown) => this.#log(`Cannot open ${device.config.name}`, err));
  }

  /** Where a device is now: found by its USB ids when it has them, else its configured path. */
  #pathOf(config: ScannerConfig | RelayConfig): string {
    return this.#foundAt(config) ?? config.path;
  }

  /** The path a device matched by USB ids is listed at now (undefined: not listed, or matched by path). */
  #foundAt(config: ScannerConfig | RelayConfig): string | undefined {
    if (!config.usb) return undefined;
    const bus = config.kind === 'serial' || config.kind === 'lcus' ? 'serial' : 'hid';
    return findMatch(this.#watcher.present, bus, config.usb)?.path;
  }

  #usesUsbMatch(): boolean {
    return [...this.#config.scanners, ...this.#config.relays].some((d) => d.usb !== null);
  }

  /** Something was plugged in or out: reopen each USB-matched device that now appears at another path. */
  #pluggedChanged(): void {
    void this.#serially(async () => {
      if (this.#closed) return;
      for (const device of [...this.#opened.values()]) {
        // Gone from the listing: the driver keeps retrying where it was (a failed listing changes nothing).
        const path = this.#foundAt(device.config);
        if (path === undefined || path === device.path) continue;
        await this.#closeDriver(device);
        const rebuilt = this.#build(device.type, device.config);
        if (rebuilt) await this.#open(rebuilt);
      }
    });
    this.#emit({ event: 'devices.changed', payload: { deviceId: null } });
  }

  async #closeAll(): Promise<void> {
    const all = [...this.#opened.values()];
    this.#opened.clear();
    this.#refused.clear();
    await Promise.all(all.map((device) => this.#closeDriver(device)));
  }

  async #closeDriver({ driver, config }: Opened): Promise<void> {
    if (this.#opened.get(config.id)?.driver === driver) this.#opened.delete(config.id);
    driver.removeAllListeners();
    await driver.close().catch((err: unknown) => this.#log(`Closing ${config.name} failed`, err));
  }

  #scanned(deviceId: string, scan: ScanEvent): void {
    for (const waiter of this.#scanWaiters) waiter(deviceId, scan);
    if (this.#idScans.take(deviceId, scan.code, scan.at)) return;
    this.#emit({
      event: 'scanner.read',
      payload: {
        code: scan.code,
        symbology: scan.symbology,
        source: scan.source,
        deviceId,
        at: new Date(scan.at).toISOString(),
      },
    });
  }

  /** A whole ID document (or what came of one): read now, held behind a reference, announced. */
  #idDocumentRead(deviceId: string, text: string, at: number): void {
    const read = readIdDocument(text, this.core.now());
    this.#emit({
      event: 'idDocument.read',
      payload: {
        deviceId,
        at: new Date(at).toISOString(),
        read: read.ok ? holdIdDocument(this.core, read.document) : null,
        problem: read.ok ? null : read.problem,
      },
    });
  }

  #printerResult(printerId: string, failure: PrintFailure | null): void {
    const before = this.#printerHealth.get(printerId);
    if (!failure) return this.#setPrinterHealth(printerId, this.#healthy());
    // The printer answered (refused the job, or said why it cannot print): it is there.
    const answered = failure.code === 'rejected' || PRINTER_PROBLEM_CODES.has(failure.code);
    this.#setPrinterHealth(printerId, {
      connected: failure.code === 'offline' ? false : answered ? true : (before?.connected ?? null),
      lastSeen: answered ? Date.now() : (before?.lastSeen ?? null),
      lastError: failure.message,
      problem: PRINTER_PROBLEM_CODES.has(failure.code) ? (failure.code as PrinterProblem) : null,
    });
  }

  #healthy(): PrinterHealth {
    return { connected: true, lastSeen: Date.now(), lastError: null, problem: null };
  }

  #setPrinterHealth(printerId: string, next: PrinterHealth): void {
    const before = this.#printerHealth.get(printerId);
    this.#printerHealth.set(printerId, next);
    if (
      before?.connected !== next.connected ||
      before?.lastError !== next.lastError ||
      before?.problem !== next.problem
    )
      this.#emit({ event: 'devices.changed', payload: { deviceId: printerId } });
  }

  #serially(task: () => Promise<void>): Promise<void> {
    this.#pending++;
    const run = this.#lifecycle.then(task, task).finally(() => this.#pending--);
    this.#lifecycle = run.catch((err: unknown) => this.#log('Hardware manager task failed', err));
    return run;
  }

  #emit(event: StationEvent): void {
    this.core.events.emit('event', event);
  }

  #log(message: string, error?: unknown): void {
    (this.options.log ?? ((m: string, e?: unknown) => console.error(m, e ?? '')))(message, error);
  }
}

/** The driver's settings from a serial scanner's configuration (the driver refuses unknown keys). */
function serialSettings({
  path,
  baudRate,
  dataBits,
  parity,
  stopBits,
  framing,
  interByteTimeoutMs,
}: SerialScannerConfig) {
  return { path, baudRate, dataBits, parity, stopBits, framing, interByteTimeoutMs };
}
