// LCUS-1/2/4 serial relay (CH340, USB 1a86:7523, 9600 8N1). One command is a 4-byte frame:
//   A0 <channel 1..n> <00 off | 01 on> <checksum = (A0 + channel + op) & 0xFF>
// Channel 1 on = A0 01 01 A2, off = A0 01 00 A1. Pure and environment-free.

export const LCUS_START = 0xa0;
export const LCUS_VENDOR_ID = 0x1a86;
export const LCUS_PRODUCT_ID = 0x7523;
export const LCUS_MAX_CHANNELS = 8;

export interface LcusCommand {
  channel: number;
  on: boolean;
}

export function lcusChecksum(channel: number, op: number): number {
  return (LCUS_START + channel + op) & 0xff;
}

export function encodeLcus({ channel, on }: LcusCommand): Uint8Array {
  if (!Number.isInteger(channel) || channel < 1 || channel > LCUS_MAX_CHANNELS) {
    throw new RangeError(`LCUS relay channel must be 1..${LCUS_MAX_CHANNELS}, got ${channel}`);
  }
  const op = on ? 0x01 : 0x00;
  return Uint8Array.from([LCUS_START, channel, op, lcusChecksum(channel, op)]);
}

export type LcusDecodeEvent =
  | { kind: 'command'; command: LcusCommand }
  /** A frame with the right shape but a bad checksum (or an unknown op): rejected, never acted upon. */
  | { kind: 'rejected'; frame: Uint8Array; reason: string };

/**
 * Streaming decoder (the relay's side, used by the simulator and tests): finds frames in a byte stream,
 * skipping garbage until the next A0, and validates channel, op and checksum.
 */
export class LcusDecoder {
  #buffer: number[] = [];
  discarded = 0;

  push(chunk: Uint8Array): LcusDecodeEvent[] {
    const events: LcusDecodeEvent[] = [];
    for (const byte of chunk) {
      if (this.#buffer.length === 0 && byte !== LCUS_START) {
        this.discarded++;
        continue;
      }
      this.#buffer.push(byte);
      if (this.#buffer.length < 4) continue;
      const [, channel, op, checksum] = this.#buffer as [number, number, number, number];
      const frame = Uint8Array.from(this.#buffer);
      const reason =
        checksum !== lcusChecksum(channel, op)
          ? 'bad checksum'
          : op > 1
            ? 'unknown op'
            : channel < 1 || channel > LCUS_MAX_CHANNELS
              ? 'bad channel'
              : null;
      if (reason === null) {
        this.#buffer = [];
        events.push({ kind: 'command', command: { channel, on: op === 1 } });
      } else {
        events.push({ kind: 'rejected', frame, reason });
        // Resynchronise: the frame may have started at a later A0 inside these four bytes.
        const next = this.#buffer.indexOf(LCUS_START, 1);
        this.discarded += next === -1 ? 4 : next;
        this.#buffer = next === -1 ? [] : this.#buffer.slice(next);
      }
    }
    return events;
  }
}
