// A real pseudo-terminal pair made by socat: the driver opens one end with serialport, a simulator
// speaks the device's bytes on the other. Killing socat is exactly what unplugging a USB serial device
// looks like to the driver (the port closes with an error); starting it again with the same link
// names is plugging it back in.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readlinkSync } from 'node:fs';
import { delay } from './device';

export class PtyPair {
  /** Path the driver opens (a symlink to /dev/pts/N). */
  readonly devicePath: string;
  /** Path the simulator opens. */
  readonly simulatorPath: string;
  #socat: ChildProcess | null = null;

  constructor(devicePath: string, simulatorPath: string) {
    this.devicePath = devicePath;
    this.simulatorPath = simulatorPath;
  }

  /** Create the pair at the two link paths and wait until both links point at live ptys. */
  static async create(devicePath: string, simulatorPath: string): Promise<PtyPair> {
    const pair = new PtyPair(devicePath, simulatorPath);
    await pair.start();
    return pair;
  }

  get running(): boolean {
    return this.#socat !== null;
  }

  async start(): Promise<void> {
    if (this.#socat) return;
    const socat = spawn(
      'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${this.devicePath}`, `pty,raw,echo=0,link=${this.simulatorPath}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.#socat = socat;
    let log = '';
    const exited = new Promise<never>((_, reject) => {
      socat.once('error', (err) => reject(new Error(`cannot start socat: ${err.message}`)));
      socat.once('exit', (code) =>
        reject(new Error(`socat exited (${code}) before the ptys were ready: ${log}`)),
      );
    });
    exited.catch(() => undefined);
    // socat logs "starting data transfer loop" once both ptys exist and their links are made.
    const ready = new Promise<void>((resolve) => {
      socat.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('starting data transfer loop')) resolve();
      });
    });
    try {
      await Promise.race([ready, exited]);
      // Links are created before the log line, but make sure both resolve to a device.
      while (!this.#linked(this.devicePath) || !this.#linked(this.simulatorPath)) await delay(10);
    } catch (err) {
      this.#socat = null;
      throw err;
    }
  }

  /** Tear the pair down (both ends see the ptys disappear) and wait for socat to exit. */
  async stop(): Promise<void> {
    const socat = this.#socat;
    if (!socat) return;
    this.#socat = null;
    if (socat.exitCode === null && socat.signalCode === null) {
      const gone = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
      socat.kill('SIGTERM');
      await gone;
    }
  }

  #linked(path: string): boolean {
    try {
      return existsSync(path) && readlinkSync(path).startsWith('/dev/');
    } catch {
      return false;
    }
  }
}
