// A raw TCP 9100 printer: stores each job's bytes (one connection = one job) and answers the status
// requests of both label languages as the printers do (Zebra ~HS, Brother QL ESC i S). It can be switched
// 'offline' (connections refused), 'out-of-labels' or 'cover-open' (status says so, jobs are reset and
// nothing is printed): the ways a job must stay queued.
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import {
  brotherQlStatusBlock,
  ZEBRA_HOST_STATUS_REQUEST,
  zebraHostStatus,
  type PrinterProblem,
} from './printer-status';

export type PrinterState = 'ready' | 'offline' | 'out-of-labels' | 'cover-open';

const PROBLEMS: Record<PrinterState, PrinterProblem[]> = {
  ready: [],
  offline: [],
  'out-of-labels': ['no_media'],
  'cover-open': ['cover_open'],
};

/** True when `bytes` is a Brother QL status request: invalidate (00…), ESC @, then ESC i S and nothing else. */
function isBrotherStatusRequest(bytes: Buffer): boolean {
  let i = 0;
  while (bytes[i] === 0x00) i++;
  if (bytes[i] === 0x1b && bytes[i + 1] === 0x40) i += 2;
  return bytes.length - i === 3 && bytes[i] === 0x1b && bytes[i + 1] === 0x69 && bytes[i + 2] === 0x53;
}

interface PrinterSimulatorEvents {
  job: [Uint8Array];
}

export class TcpPrinterSimulator extends EventEmitter<PrinterSimulatorEvents> {
  readonly jobs: Uint8Array[] = [];
  /** Status requests answered, by language. */
  readonly statusQueries = { zpl: 0, 'brother-ql': 0 };
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
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const problems = PROBLEMS[this.#state];
      // A Zebra acts on ~HS wherever it appears (the ZPL we send escapes every ~ in field data).
      const hs = received.indexOf(ZEBRA_HOST_STATUS_REQUEST, 0, 'latin1');
      if (hs >= 0) {
        this.statusQueries.zpl++;
        socket.write(zebraHostStatus(problems), 'latin1');
        received = Buffer.concat([
          received.subarray(0, hs),
          received.subarray(hs + ZEBRA_HOST_STATUS_REQUEST.length),
        ]);
      } else if (isBrotherStatusRequest(received)) {
        this.statusQueries['brother-ql']++;
        socket.write(brotherQlStatusBlock(problems));
        received = Buffer.alloc(0);
      }
    });
    socket.on('end', () => {
      if (received.length === 0) return void socket.end(); // a status query, not a job
      // Out of labels or cover open: the printer drops the job and prints nothing.
      if (PROBLEMS[this.#state].length) return void socket.resetAndDestroy();
      const job = new Uint8Array(received);
      this.jobs.push(job);
      this.emit('job', job);
      socket.end();
    });
  }
}
