import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CR, ETX, FramingParser, frameCode, LF, STX, stripControlChars, type Framing } from './framing';

const framings: Framing[] = ['cr', 'lf', 'crlf', 'stx-etx', 'timeout'];
const bytes = (text: string) => new TextEncoder().encode(text);
// What a scanner can read: non-empty text without control characters.
const codeArb = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 80 })
  .filter((s) => stripControlChars(s) === s);

function readAll(parser: FramingParser, chunks: Uint8Array[]): string[] {
  const codes = chunks.flatMap((chunk) => parser.push(chunk));
  return [...codes, ...parser.flush()];
}

describe('serial framing parser', () => {
  it('reads each framing the way scanners send it', () => {
    expect(new FramingParser({ framing: 'cr' }).push(bytes('PASS-1\rPASS-2\r'))).toEqual([
      'PASS-1',
      'PASS-2',
    ]);
    expect(new FramingParser({ framing: 'lf' }).push(bytes('PASS-1\n'))).toEqual(['PASS-1']);
    expect(new FramingParser({ framing: 'crlf' }).push(bytes('PASS-1\r\nPASS-2\r\n'))).toEqual([
      'PASS-1',
      'PASS-2',
    ]);
    expect(
      new FramingParser({ framing: 'stx-etx' }).push(Uint8Array.from([STX, ...bytes('PASS-1'), ETX])),
    ).toEqual(['PASS-1']);
    const timeout = new FramingParser({ framing: 'timeout' });
    expect(timeout.push(bytes('PASS-1'))).toEqual([]);
    expect(timeout.flush()).toEqual(['PASS-1']);
  });

  it('joins a code split over many chunks and keeps a half frame until its terminator arrives', () => {
    const parser = new FramingParser({ framing: 'crlf' });
    expect(parser.push(bytes('PA'))).toEqual([]);
    expect(parser.flush()).toEqual([]);
    expect(parser.push(bytes('SS-9\r'))).toEqual(['PASS-9']);
    expect(parser.push(Uint8Array.from([LF]))).toEqual([]);
  });

  it('drops noise outside STX…ETX and restarts on a second STX', () => {
    const parser = new FramingParser({ framing: 'stx-etx' });
    const stream = Uint8Array.from([0x41, 0x42, STX, ...bytes('cut'), STX, ...bytes('GOOD'), ETX, 0x7a, CR]);
    expect(parser.push(stream)).toEqual(['GOOD']);
    expect(parser.discarded).toBeGreaterThan(0);
  });

  it('discards an over-long run and reads the next code normally (bounded buffer)', () => {
    const parser = new FramingParser({ framing: 'cr', maxLength: 16 });
    expect(parser.push(new Uint8Array(1000).fill(0x41))).toEqual([]);
    expect(parser.push(bytes('\rNEXT\r'))).toEqual(['NEXT']);
  });

  it('keeps the line breaks inside a code (an MRZ, a licence barcode) and drops other control bytes', () => {
    const parser = new FramingParser({ framing: 'stx-etx' });
    const frame = [STX, ...bytes('\r\nP<UTO\rL898\x00\n\x1eDAQ1\x07\r\n'), ETX];
    expect(parser.push(Uint8Array.from(frame))).toEqual(['P<UTO\rL898\n\x1eDAQ1']);
  });

  it('reads 7-bit mark parity as 8N1 by stripping bit 7', () => {
    const parser = new FramingParser({ framing: 'cr', stripHighBit: true });
    expect(parser.push(Uint8Array.from([...bytes('AB12')].map((b) => b | 0x80).concat(CR | 0x80)))).toEqual([
      'AB12',
    ]);
  });

  describe('properties', () => {
    it.each(framings)('%s: never throws on random bytes', (framing) => {
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (chunks) => {
          const codes = readAll(new FramingParser({ framing, maxLength: 64 }), chunks);
          for (const code of codes) expect(code.length).toBeGreaterThan(0);
        }),
      );
    });

    it.each(framings)('%s: decode(encode(code)) = code, however the bytes are chunked', (framing) => {
      fc.assert(
        fc.property(
          fc.array(codeArb, { minLength: 1, maxLength: 5 }),
          fc.integer({ min: 1, max: 7 }),
          (codes, size) => {
            const parser = new FramingParser({ framing });
            // Timeout framing has no terminator: each code is its own burst.
            const read = codes.flatMap((code) => {
              const framed = frameCode(code, framing);
              const out: string[] = [];
              for (let i = 0; i < framed.length; i += size)
                out.push(...parser.push(framed.subarray(i, i + size)));
              return framing === 'timeout' ? [...out, ...parser.flush()] : out;
            });
            expect(read).toEqual(codes);
          },
        ),
      );
    });

    it.each(['cr', 'lf', 'crlf', 'stx-etx'] as const)('%s: resynchronises after garbage', (framing) => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), codeArb, (garbage, code) => {
          const parser = new FramingParser({ framing, maxLength: 100 });
          parser.push(garbage);
          // A scanner's first frame after noise: the terminator (or STX) that ends the noise, then the code.
          const boundary = framing === 'stx-etx' ? [] : framing === 'lf' ? [LF] : [CR];
          const codes = parser.push(Uint8Array.from([...boundary, ...frameCode(code, framing)]));
          expect(codes.at(-1)).toBe(code);
        }),
      );
    });
  });
});
