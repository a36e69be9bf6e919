// A label printer on a serial line (RS-232 or USB-CDC, e.g. a Zebra's serial port): open, send the job,
// wait until the OS has taken every byte, close. A port that cannot be opened is a printer that is off
// or unplugged, so the print queue keeps the job.
import { SerialPort } from 'serialport';
import { errorMessage } from '../common/device';
import { PrinterUnavailableError } from './raw-tcp';

export interface RawSerialTarget {
  path: string;
  baudRate: number;
  /** Give up opening or sending after this long. */
  timeoutMs?: number;
}

export async function sendSerial(
  { path, baudRate, timeoutMs = 10_000 }: RawSerialTarget,
  data: Uint8Array | string,
): Promise<void> {
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  // Failures reach us through the open and write callbacks; the 'error' event that also follows a
  // failed write (a printer unplugged mid-job) would otherwise kill the process.
  port.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new PrinterUnavailableError(`printer on ${path} did not take the job within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const send = async () => {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) =>
      port.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data), (err) =>
        err ? reject(err) : port.drain((e) => (e ? reject(e) : resolve())),
      ),
    );
  };
  try {
    await Promise.race([send(), timedOut]);
  } catch (err) {
    throw err instanceof PrinterUnavailableError
      ? err
      : new PrinterUnavailableError(`printer on ${path}: ${errorMessage(err)}`);
  } finally {
    clearTimeout(timer);
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
