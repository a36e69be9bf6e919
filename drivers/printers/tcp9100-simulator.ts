// A raw TCP 9100 printer: stores each job's bytes (one connection = one job). It can be switched
// 'offline' (connections refused) or 'out-of-labels' (connections reset, nothing printed), the two
// ways a job must stay queued.
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';

export type PrinterState = 'ready' | 'offline' | 'out-of-labels';

interface PrinterSimulatorEvents {
  job: [Uint8Array];
}

export class TcpPrinterSimulator extends EventEmitter<PrinterSimulatorEvents> {
  readonly jobs: Uint8Array[] = [];
  #state: PrinterState = 'ready';
  #server: Server | null = null;
  #port = 0;
  readonly #sockets = new Set<Socket>();
  readonly host = '127.0.0.1';

  /** Listen on 127.0.0.1; port 0 picks a free one. */
  static async start(port = 0): Promise<TcpPrinterSimulator> {
    const sim = new TcpPrinterSimulator();
    await sim.#listen(port);
    return sim;
  }

  get port(): number {
    return this.#port;
  }

  get state(): PrinterState {
    return this.#state;
  }

  async setState(state: PrinterState): Promise<void> {
    this.#state = state;
    if (state === 'offline' && this.#server) await this.#stopListening();
    if (state !== 'offline' && !this.#server) await this.#listen(this.#port);
  }

  async close(): Promise<void> {
    await this.#stopListening();
  }

  async #listen(port: number): Promise<void> {
    const server = createServer((socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => resolve());
    });
    this.#server = server;
    const address = server.address();
    if (address && typeof address === 'object') this.#port = address.port;
  }

  async #stopListening(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    for (const socket of this.#sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #accept(socket: Socket): void {
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.#state === 'out-of-labels') {
      socket.resetAndDestroy();
      return;
    }
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      const job = new Uint8Array(Buffer.concat(chunks));
      this.jobs.push(job);
      this.emit('job', job);
      socket.end();
    });
  }
}
