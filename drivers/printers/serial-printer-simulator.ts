// A Zebra ZPL printer on the far end of a pty pair: stores each label format (^XA … ^XZ) it receives and
// answers ~HS with its host status, as the printer does on its serial port.
import { StringDecoder } from 'node:string_decoder';
import { PtyPair } from '../common/pty';
import { SerialSimulator } from '../common/serial-simulator';
import { ZEBRA_HOST_STATUS_REQUEST, zebraHostStatus, type PrinterProblem } from './printer-status';

interface SerialPrinterEvents {
  job: [string];
}

export class SerialZplPrinterSimulator extends SerialSimulator<SerialPrinterEvents> {
  /** Every label format received, from ^XA to ^XZ, as sent on the wire. */
  readonly jobs: string[] = [];
  problems: PrinterProblem[] = [];
  #received = '';
  // A character may be split across two reads.
  #decoder = new StringDecoder('utf8');

  private constructor(pair: PtyPair) {
    super(pair);
  }

  static async start(devicePath: string, simulatorPath: string): Promise<SerialZplPrinterSimulator> {
    const sim = new SerialZplPrinterSimulator(new PtyPair(devicePath, simulatorPath));
    await sim.plugIn();
    return sim;
  }

  protected onBytes(chunk: Buffer): void {
    this.#received += this.#decoder.write(chunk);
    if (this.#received.includes(ZEBRA_HOST_STATUS_REQUEST)) {
      this.#received = this.#received.replace(ZEBRA_HOST_STATUS_REQUEST, '');
      void this.send(Buffer.from(zebraHostStatus(this.problems), 'latin1'));
    }
    for (let end = this.#received.indexOf('^XZ'); end >= 0; end = this.#received.indexOf('^XZ')) {
      const start = this.#received.indexOf('^XA');
      const format = this.#received.slice(Math.max(0, start), end + 3);
      this.#received = this.#received.slice(end + 3);
      this.jobs.push(format);
      this.emit('job', format);
    }
  }
}
