// Raw TCP printing (port 9100, "JetDirect"): connect, send the job, half-close, and wait for the printer
// to close its side. A refused or reset connection rejects, so the print queue keeps the job.
import { connect } from 'node:net';

export interface RawTcpTarget {
  host: string;
  port?: number;
  /** Give up connecting or sending after this long. */
  timeoutMs?: number;
  /** After sending, how long to wait for the printer to close before calling the job delivered. */
  closeWaitMs?: number;
}

export class PrinterUnavailableError extends Error {
  constructor(
    message: string,
    /** True when the printer took the connection but then did not do what was asked (no answer …). */
    readonly reached = false,
  ) {
    super(message);
    this.name = 'PrinterUnavailableError';
  }
}

export function sendRaw(
  { host, port = 9100, timeoutMs = 10_000, closeWaitMs = 5_000 }: RawTcpTarget,
  data: Uint8Array | string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let sent = false;
    let settled = false;
    let closeTimer: NodeJS.Timeout | undefined;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(closeTimer);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(
      () =>
        finish(
          new PrinterUnavailableError(`printer ${host}:${port} did not take the job within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    socket.on('error', (err) =>
      finish(new PrinterUnavailableError(`printer ${host}:${port}: ${err.message}`)),
    );
    socket.on('connect', () => {
      socket.end(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data), () => {
        sent = true;
        clearTimeout(timer);
        // Everything is handed over; a printer that keeps the connection open has still got the job.
        closeTimer = setTimeout(() => finish(), closeWaitMs);
      });
    });
    socket.on('data', () => undefined); // some printers answer; nothing to do with it here
    socket.on('close', (hadError) => {
      if (!hadError)
        finish(
          sent
            ? undefined
            : new PrinterUnavailableError(
                `printer ${host}:${port} closed the connection before the job was sent`,
              ),
        );
    });
  });
}

/**
 * Sends a request on port 9100 and resolves with the printer's answer once `complete(answer)` holds.
 * A printer that is off rejects (refused / timed out); one that closes without a full answer too.
 */
export function queryRaw(
  { host, port = 9100, timeoutMs = 5_000 }: RawTcpTarget,
  request: Uint8Array | string,
  complete: (answer: Buffer) => boolean,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    let settled = false;
    let reached = false;
    const finish = (err: Error | null, answer?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(answer!);
    };
    const timer = setTimeout(
      () =>
        finish(
          new PrinterUnavailableError(
            `printer ${host}:${port} did not answer within ${timeoutMs} ms`,
            reached,
          ),
        ),
      timeoutMs,
    );
    socket.on('error', (err) =>
      finish(new PrinterUnavailableError(`printer ${host}:${port}: ${err.message}`, reached)),
    );
    socket.on('connect', () => {
      reached = true;
      socket.write(typeof request === 'string' ? Buffer.from(request) : request);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const answer = Buffer.concat(chunks);
      if (complete(answer)) finish(null, answer);
    });
    socket.on('close', () =>
      finish(
        new PrinterUnavailableError(
          `printer ${host}:${port} closed the connection without answering`,
          reached,
        ),
      ),
    );
  });
}
