// A serial port that keeps itself open: reconnects with backoff when the device disappears
// (USB unplugged, pty closed) and reports every change as a DeviceStatus. Scanners and relays build on it.
import { SerialPort } from 'serialport';
import { DeviceDisconnectedError, errorMessage, type ReconnectOptions } from './device';
import { ReconnectingLink } from './link';

export interface SerialLinkOptions extends ReconnectOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 1.5 | 2;
}

export class SerialLink extends ReconnectingLink<Buffer> {
  readonly options: SerialLinkOptions;
  #port: SerialPort | null = null;

  constructor(options: SerialLinkOptions) {
    super(options);
    this.options = options;
  }

  get connected(): boolean {
    return this.up && this.#port?.isOpen === true;
  }

  /** Write and wait until the OS has taken the bytes. Rejects at once when the port is not open:
   *  serialport would otherwise queue the bytes silently until some later reopen. */
  async write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port || !port.isOpen || !this.up) {
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

  protected async release(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    if (port) detachPort(port);
  }

  protected async attempt(): Promise<void> {
    const { path, baudRate, dataBits = 8, parity = 'none', stopBits = 1 } = this.options;
    const port = new SerialPort({ path, baudRate, dataBits, parity, stopBits, autoOpen: false });
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (err) {
      this.lost(`cannot open ${path}: ${errorMessage(err)}`);
      return;
    }
    if (this.closed) {
      port.close();
      return;
    }
    this.#port = port;
    port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    port.on('error', (err) => this.report(this.connected, `${path}: ${err.message}`));
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      if (this.#port !== port) return;
      this.#port = null;
      detachPort(port);
      if (this.closed) return;
      this.lost(`${path} disconnected${err?.message ? `: ${err.message}` : ''}`);
    });
    this.opened();
  }
}

/** Stop listening to a port we are done with. A write the OS fails after the port has closed (the
 *  device unplugged mid-write) still emits 'error', and an 'error' nobody listens to kills the
 *  process, so a sink stays behind. */
export function detachPort(port: SerialPort): void {
  port.removeAllListeners();
  port.on('error', () => undefined);
}
