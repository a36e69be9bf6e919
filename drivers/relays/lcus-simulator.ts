// An LCUS relay board on the far end of a pty pair: parses frames, rejects bad checksums, keeps the state
// of every channel, records what it received, and can be unplugged and plugged back in.
import { PtyPair } from '../common/pty';
import { SerialSimulator } from '../common/serial-simulator';
import { encodeLcus, LcusDecoder, type LcusCommand } from './lcus';

interface LcusSimulatorEvents {
  command: [LcusCommand & { frame: Uint8Array }];
  rejected: [{ frame: Uint8Array; reason: string }];
}

export class LcusRelaySimulator extends SerialSimulator<LcusSimulatorEvents> {
  readonly state = new Map<number, boolean>();
  /** Every valid frame received, in order, as sent on the wire. */
  readonly frames: Uint8Array[] = [];
  readonly rejected: { frame: Uint8Array; reason: string }[] = [];
  #decoder = new LcusDecoder();

  private constructor(pair: PtyPair) {
    super(pair);
  }

  static async start(devicePath: string, simulatorPath: string): Promise<LcusRelaySimulator> {
    const sim = new LcusRelaySimulator(new PtyPair(devicePath, simulatorPath));
    await sim.plugIn();
    return sim;
  }

  override async plugIn(): Promise<void> {
    this.#decoder = new LcusDecoder();
    // A board that was unplugged lost power: every relay is off again.
    this.state.clear();
    await super.plugIn();
  }

  isOn(channel: number): boolean {
    return this.state.get(channel) === true;
  }

  protected onBytes(chunk: Buffer): void {
    for (const event of this.#decoder.push(chunk)) {
      if (event.kind === 'command') {
        const frame = encodeLcus(event.command);
        this.state.set(event.command.channel, event.command.on);
        this.frames.push(frame);
        this.emit('command', { ...event.command, frame });
      } else {
        this.rejected.push(event);
        this.emit('rejected', event);
      }
    }
  }
}
