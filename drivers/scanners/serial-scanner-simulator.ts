// A serial scanner on the far end of a pty pair: "scans" a code by writing it with the configured framing.
import { PtyPair } from '../common/pty';
import { SerialSimulator } from '../common/serial-simulator';
import { frameCode, type Framing } from './framing';

export class SerialScannerSimulator extends SerialSimulator<Record<never, never>> {
  framing: Framing;

  private constructor(pair: PtyPair, framing: Framing) {
    super(pair);
    this.framing = framing;
  }

  /** devicePath: the link the driver opens; simulatorPath: this simulator's end. */
  static async start(devicePath: string, simulatorPath: string, framing: Framing = 'cr') {
    const sim = new SerialScannerSimulator(new PtyPair(devicePath, simulatorPath), framing);
    await sim.plugIn();
    return sim;
  }

  protected onBytes(): void {
    // Scanners ignore what the host sends in this simulation (no command set).
  }

  /** Send one code, framed as configured. */
  scan(code: string): Promise<void> {
    return this.send(frameCode(code, this.framing));
  }

  /** Send raw bytes (line noise, half frames) to exercise resynchronisation. */
  sendRaw(bytes: Uint8Array): Promise<void> {
    return this.send(bytes);
  }
}
