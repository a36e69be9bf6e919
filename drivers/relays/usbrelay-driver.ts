// dcttech USBRelay driver behind the HidTransport seam. Unlike the LCUS board this one can be asked
// for its state, so every command is checked by reading feature report 0x01 back: a relay that did not
// switch is an error, never assumed. All relays are switched off on every (re)connect.
import { DeviceDisconnectedError, DeviceDriver, delay, errorMessage, reconnectDelay } from '../common/device';
import type { HidOpener, HidTransport } from '../common/hid';
import { checkPulse, DEFAULT_PULSE_MS, type RelayDriver, type RelayEvents } from './relay';
import {
  decodeUsbRelayState,
  encodeUsbRelay,
  USBRELAY_STATE_LENGTH,
  USBRELAY_STATE_REPORT,
  type UsbRelayState,
} from './usbrelay';

export interface UsbRelayOptions {
  open: HidOpener;
  channels: number;
  minGapMs?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
}

export class UsbRelay extends DeviceDriver<RelayEvents> implements RelayDriver {
  readonly channels: number;
  readonly #options: UsbRelayOptions;
  #transport: HidTransport | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #lastCommandAt = 0;
  #closed = true;
  #attempt = 0;
  #timer: NodeJS.Timeout | null = null;
  /** Serial read from the board at connect time (shown on the devices page). */
  serial: string | null = null;

  constructor(options: UsbRelayOptions) {
    super();
    this.#options = options;
    this.channels = options.channels;
  }

  async open(): Promise<void> {
    if (!this.#closed) return;
    this.#closed = false;
    this.#attempt = 0;
    await this.#connect();
  }

  async close(): Promise<void> {
    if (this.#transport) await this.allOff().catch(() => undefined);
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const transport = this.#transport;
    this.#transport = null;
    await transport?.close().catch(() => undefined);
    this.setStatus({ connected: false });
  }

  async pulse(channel: number, ms = DEFAULT_PULSE_MS): Promise<void> {
    checkPulse(channel, this.channels, ms);
    await this.set(channel, true);
    try {
      await delay(ms);
    } finally {
      await this.set(channel, false);
    }
  }

  set(channel: number, on: boolean): Promise<void> {
    checkPulse(channel, this.channels, 50);
    return this.#enqueue(async () => {
      await this.#command(
        encodeUsbRelay(on ? 'on' : 'off', channel),
        (state) => state.on[channel - 1] === on,
      );
      this.fire('switched', { channel, on, at: Date.now() });
    });
  }

  allOff(): Promise<void> {
    return this.#enqueue(async () => {
      await this.#command(encodeUsbRelay('allOff'), (state) => state.on.every((on) => !on));
      for (let channel = 1; channel <= this.channels; channel++)
        this.fire('switched', { channel, on: false, at: Date.now() });
    });
  }

  /** Current state straight from the board. */
  readState(): Promise<UsbRelayState> {
    return this.#enqueue(() => this.#readState(this.#require()));
  }

  async #command(report: Uint8Array, switched: (state: UsbRelayState) => boolean): Promise<void> {
    const transport = this.#require();
    const wait = this.#lastCommandAt + (this.#options.minGapMs ?? 20) - Date.now();
    if (wait > 0) await delay(wait);
    try {
      await transport.write(report);
      const state = await this.#readState(transport);
      if (!switched(state)) throw new Error('the relay did not switch (state report disagrees)');
    } catch (err) {
      const message = `relay command failed: ${errorMessage(err)}`;
      this.setStatus({ lastError: message });
      throw new DeviceDisconnectedError(message);
    } finally {
      this.#lastCommandAt = Date.now();
    }
    this.markSeen();
  }

  async #readState(transport: HidTransport): Promise<UsbRelayState> {
    return decodeUsbRelayState(
      await transport.getFeatureReport(USBRELAY_STATE_REPORT, USBRELAY_STATE_LENGTH),
      this.channels,
    );
  }

  #require(): HidTransport {
    if (!this.#transport) throw new DeviceDisconnectedError('USB relay is not connected');
    return this.#transport;
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    let transport: HidTransport;
    try {
      transport = await this.#options.open();
      this.serial = (await this.#readState(transport)).serial;
    } catch (err) {
      this.setStatus({ connected: false, lastError: `cannot open USB relay: ${errorMessage(err)}` });
      this.#retry();
      return;
    }
    if (this.#closed) {
      await transport.close();
      return;
    }
    this.#transport = transport;
    this.#attempt = 0;
    transport.on('error', (err) => this.#lost(transport, err));
    this.setStatus({ connected: true });
    // Safe state first: a relay left on by a crash or an unplug must not keep a gate open.
    await this.allOff().catch(() => undefined);
  }

  #lost(transport: HidTransport, err: Error): void {
    if (this.#transport !== transport) return;
    this.#transport = null;
    void transport.close().catch(() => undefined);
    this.setStatus({ connected: false, lastError: `USB relay disconnected: ${err.message}` });
    this.#retry();
  }

  #retry(): void {
    if (this.#closed || this.#timer) return;
    const wait = reconnectDelay(this.#attempt++, this.#options);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#connect();
    }, wait);
  }
}
