// dcttech USBRelay driver behind the HidTransport seam. Unlike the LCUS board this one can be asked
// for its state, so every command is checked by reading feature report 0x01 back: a relay that did not
// switch is an error, never assumed. All relays are switched off on every (re)connect; the HidLink
// reconnects with backoff.
import {
  DeviceDisconnectedError,
  DeviceDriver,
  delay,
  errorMessage,
  type ReconnectOptions,
} from '../common/device';
import type { HidOpener, HidTransport } from '../common/hid';
import { HidLink } from '../common/hid-link';
import { checkPulse, DEFAULT_PULSE_MS, type RelayDriver, type RelayEvents } from './relay';
import {
  decodeUsbRelayState,
  encodeUsbRelay,
  USBRELAY_STATE_LENGTH,
  USBRELAY_STATE_REPORT,
  type UsbRelayState,
} from './usbrelay';

export interface UsbRelayOptions extends ReconnectOptions {
  open: HidOpener;
  channels: number;
  minGapMs?: number;
}

export class UsbRelay extends DeviceDriver<RelayEvents> implements RelayDriver {
  readonly channels: number;
  readonly #minGapMs: number;
  readonly #link: HidLink;
  #queue: Promise<unknown> = Promise.resolve();
  #lastCommandAt = 0;
  /** The switch-off queued by the last (re)connect. */
  #madeSafe: Promise<void> = Promise.resolve();
  /** Serial read from the board at connect time (shown on the devices page). */
  serial: string | null = null;

  constructor({ open, channels, minGapMs = 20, ...reconnect }: UsbRelayOptions) {
    super();
    this.channels = channels;
    this.#minGapMs = minGapMs;
    this.#link = new HidLink({
      ...reconnect,
      open,
      name: 'USB relay',
      setup: async (transport) => {
        this.serial = (await this.#readState(transport)).serial;
      },
    });
    this.#link.on('status', (s) => this.setStatus(s));
    // Safe state first: a relay left on by a crash or an unplug must not keep a gate open.
    this.#link.on('open', () => {
      this.#madeSafe = this.allOff().catch(() => undefined);
    });
  }

  /** Resolves after the first attempt, and after switching everything off when that attempt connected. */
  async open(): Promise<void> {
    await this.#link.open();
    await this.#madeSafe;
  }

  /** Switch everything off (best effort) and release the device. */
  async close(): Promise<void> {
    if (this.#link.connected) await this.allOff().catch(() => undefined);
    await this.#link.close();
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
    return this.#enqueue(() => this.#readState(this.#link));
  }

  async #command(report: Uint8Array, switched: (state: UsbRelayState) => boolean): Promise<void> {
    const link = this.#link;
    if (!link.connected) throw new DeviceDisconnectedError(`${link.name} is not connected`);
    const wait = this.#lastCommandAt + this.#minGapMs - Date.now();
    if (wait > 0) await delay(wait);
    try {
      await link.write(report);
      const state = await this.#readState(link);
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

  /** The board's state, from a fresh device (at connect) or through the link. */
  async #readState(from: Pick<HidTransport, 'getFeatureReport'>): Promise<UsbRelayState> {
    return decodeUsbRelayState(
      await from.getFeatureReport(USBRELAY_STATE_REPORT, USBRELAY_STATE_LENGTH),
      this.channels,
    );
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
