// Serial scanners have no common framing: a pure parser that turns the byte stream into codes for each
// of the usual ones. Bytes in → codes out (line breaks inside a code kept: an MRZ's lines); garbage and
// over-long runs are dropped and the parser resynchronises on the next terminator or STX. Environment-free (no Node built-ins).

import { codeText, stripControlChars } from '../common/text';

export { stripControlChars };

export type Framing = 'cr' | 'lf' | 'crlf' | 'stx-etx' | 'timeout';

export const CR = 0x0d;
export const LF = 0x0a;
export const STX = 0x02;
export const ETX = 0x03;

export interface FramingParserOptions {
  framing: Framing;
  /** Longest code accepted; longer runs are discarded as noise (bounded buffer). */
  maxLength?: number;
  /** Clear bit 7 of every byte: used when a 7-bit (mark/space parity) scanner is read as 8N1. */
  stripHighBit?: boolean;
}

const decoder = new TextDecoder('utf-8');

/** Turns one frame's bytes into a code: UTF-8, control characters removed but line breaks inside kept. */
export function bytesToCode(bytes: Uint8Array): string {
  return codeText(decoder.decode(bytes));
}

/** Frames a code the way a scanner configured with `framing` sends it (used by simulators and tests). */
export function frameCode(code: string, framing: Framing): Uint8Array {
  const body = new TextEncoder().encode(code);
  const wrap = (before: number[], after: number[]) => Uint8Array.from([...before, ...body, ...after]);
  switch (framing) {
    case 'cr':
      return wrap([], [CR]);
    case 'lf':
      return wrap([], [LF]);
    case 'crlf':
      return wrap([], [CR, LF]);
    case 'stx-etx':
      return wrap([STX], [ETX]);
    case 'timeout':
      return body;
  }
}

export class FramingParser {
  readonly framing: Framing;
  readonly maxLength: number;
  readonly #stripHighBit: boolean;
  #buffer: number[] = [];
  /** After an over-long run: drop bytes until the next frame boundary. */
  #skipping = false;
  /** STX…ETX only: inside a frame. */
  #inFrame = false;
  /** Bytes thrown away as garbage or overflow (diagnostics for the devices page). */
  discarded = 0;

  constructor({ framing, maxLength = 4096, stripHighBit = false }: FramingParserOptions) {
    this.framing = framing;
    this.maxLength = maxLength;
    this.#stripHighBit = stripHighBit;
  }

  /** Feed bytes; returns the codes completed by them (never empty strings). */
  push(chunk: Uint8Array): string[] {
    const codes: string[] = [];
    for (const raw of chunk) {
      const byte = this.#stripHighBit ? raw & 0x7f : raw;
      const code = this.framing === 'stx-etx' ? this.#stxEtx(byte) : this.#terminated(byte);
      if (code) codes.push(code);
    }
    return codes;
  }

  /** End of a burst (inter-byte timeout): for 'timeout' framing the buffer is one code; for the others a
   *  half frame is kept, since its terminator may still come. */
  flush(): string[] {
    if (this.framing !== 'timeout') return [];
    const code = this.#skipping ? '' : bytesToCode(Uint8Array.from(this.#buffer));
    this.#skipping = false;
    this.#buffer = [];
    return code ? [code] : [];
  }

  #terminated(byte: number): string | null {
    const terminator = this.framing === 'lf' ? byte === LF : this.framing === 'timeout' ? false : byte === CR;
    if (terminator) {
      const code = this.#skipping ? '' : bytesToCode(Uint8Array.from(this.#buffer));
      this.#buffer = [];
      this.#skipping = false;
      return code || null;
    }
    this.#append(byte);
    return null;
  }

  #stxEtx(byte: number): string | null {
    if (byte === STX) {
      // A new STX inside a frame means the previous frame was cut: start over (resynchronise).
      this.discarded += this.#buffer.length;
      this.#buffer = [];
      this.#inFrame = true;
      this.#skipping = false;
      return null;
    }
    if (!this.#inFrame) {
      this.discarded++;
      return null;
    }
    if (byte === ETX) {
      const code = this.#skipping ? '' : bytesToCode(Uint8Array.from(this.#buffer));
      this.#buffer = [];
      this.#inFrame = false;
      this.#skipping = false;
      return code || null;
    }
    this.#append(byte);
    return null;
  }

  #append(byte: number): void {
    if (this.#skipping) {
      this.discarded++;
      return;
    }
    this.#buffer.push(byte);
    if (this.#buffer.length > this.maxLength) {
      this.discarded += this.#buffer.length;
      this.#buffer = [];
      this.#skipping = true;
    }
  }
}
