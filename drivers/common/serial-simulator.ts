// Base of the serial device simulators: owns a socat pty pair, opens the simulator end with serialport,
// and can be unplugged (pair torn down: the driver sees its port close) and plugged back in.
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import type { PtyPair } from './pty';
import { detachPort } from './serial-link';

export abstract class SerialSimulator<E extends Record<keyof E, unknown[]>> extends EventEmitter<E> {
  readonly pair: PtyPair;
  protected port: SerialPort | null = null;

  protected constructor(pair: PtyPair) {
    super();
    this.pair = pair;
  }

  /** The path a driver should open. */
  get devicePath(): string {
    return this.pair.devicePath;
  }

  get plugged(): boolean {
    return this.pair.running && this.port !== null;
  }

  protected abstract onBytes(chunk: Buffer): void;

  /** Create the pty pair (if needed) and open the simulator's end. */
  async plugIn(): Promise<void> {
    await this.pair.start();
    const port = new SerialPort({ path: this.pair.simulatorPath, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on('data', (chunk: Buffer) => this.onBytes(chunk));
    // The pty vanishes when unplugged; that close is expected, not an error.
    port.on('error', () => undefined);
    this.port = port;
  }

  /** Pull the cable: the driver's end of the pty pair disappears. */
  async unplug(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    if (port) detachPort(port);
    await this.pair.stop();
  }

  /** Stop for good (tests call this in afterEach). */
  async close(): Promise<void> {
    await this.unplug();
  }

  protected async send(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port) throw new Error('simulator is unplugged');
    await new Promise<void>((resolve, reject) =>
      port.write(Buffer.from(bytes), (err) =>
        err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve())),
      ),
    );
  }
}
