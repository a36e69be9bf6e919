// A serial port that keeps itself open: reconnects with backoff when the device disappears
// (USB unplugged, pty closed) and reports every change as a DeviceStatus. Scanners and relays build on it.
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import {
  DeviceDisconnectedError,
  errorMessage,
  reconnectDelay,
  type DeviceStatus,
  type ReconnectOptions,
} from './device';

export interface SerialLinkOptions extends ReconnectOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 1.5 | 2;
}

interface SerialLinkEvents {
  data: [Buffer];
  status: [Omit<DeviceStatus, 'lastSeen'>];
  /** Emitted after every successful (re)open, so a driver can put the device in a safe state. */
  open: [];
}

export class SerialLink extends EventEmitter<SerialLinkEvents> {
  readonly options: SerialLinkOptions;
  #port: SerialPort | null = null;
  #closed = true;
  #attempt = 0;
  #timer: NodeJS.Timeout | null = null;
  #connected = false;
  #lastError: string | null = null;

  constructor(options: SerialLinkOptions) {
    super();
    this.options = options;
  }

  get connected(): boolean {
    return this.#connected && this.#port?.isOpen === true;
  }

  /** Start: try to open now; if that fails keep retrying with backoff. Resolves after the first attempt. */
  async open(): Promise<void> {
    if (!this.#closed) return;
    this.#closed = false;
    this.#attempt = 0;
    await this.#tryOpen();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const port = this.#port;
    this.#port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    port?.removeAllListeners();
    this.#report(false, this.#lastError);
  }

  /** Write and wait until the OS has taken the bytes. Rejects at once when the port is not open:
   *  serialport would otherwise queue the bytes silently until some later reopen. */
  async write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port || !port.isOpen || !this.#connected) {
      throw new DeviceDisconnectedError(`${this.options.path} is not connected`);
    }
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes), (err) => {
        if (err)
          return reject(new DeviceDisconnectedError(`write to ${this.options.path} failed: ${err.message}`));
        port.drain((drainErr) =>
          drainErr
            ? reject(new DeviceDisconnectedError(`write to ${this.options.path} failed: ${drainErr.message}`))
            : resolve(),
        );
      });
    });
  }

  async #tryOpen(): Promise<void> {
    if (this.#closed) return;
    const { path, baudRate, dataBits = 8, parity = 'none', stopBits = 1 } = this.options;
    const port = new SerialPort({ path, baudRate, dataBits, parity, stopBits, autoOpen: false });
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (err) {
      this.#report(false, `cannot open ${path}: ${errorMessage(err)}`);
      this.#scheduleReconnect();
      return;
    }
    if (this.#closed) {
      port.close();
      return;
    }
    this.#port = port;
    this.#attempt = 0;
    port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    port.on('error', (err) => this.#report(this.connected, `${path}: ${err.message}`));
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      if (this.#port !== port) return;
      this.#port = null;
      port.removeAllListeners();
      if (this.#closed) return;
      this.#report(false, `${path} disconnected${err?.message ? `: ${err.message}` : ''}`);
      this.#scheduleReconnect();
    });
    // lastError stays as it was: the desk still sees why the device dropped out last time.
    this.#report(true, this.#lastError);
    this.emit('open');
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#timer) return;
    const wait = reconnectDelay(this.#attempt++, this.options);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#tryOpen();
    }, wait);
  }

  #report(connected: boolean, lastError: string | null): void {
    if (connected === this.#connected && lastError === this.#lastError) return;
    this.#connected = connected;
    this.#lastError = lastError;
    this.emit('status', { connected, lastError });
  }
}
