import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeLcus, LcusDecoder, lcusChecksum } from './lcus';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const commandArb = fc.record({ channel: fc.integer({ min: 1, max: 8 }), on: fc.boolean() });

describe('LCUS relay frames', () => {
  it('encodes the documented frames for channel 1', () => {
    expect(hex(encodeLcus({ channel: 1, on: true }))).toBe('a00101a2');
    expect(hex(encodeLcus({ channel: 1, on: false }))).toBe('a00100a1');
    expect(hex(encodeLcus({ channel: 2, on: true }))).toBe('a00201a3');
  });

  it('refuses channels the board cannot have', () => {
    expect(() => encodeLcus({ channel: 0, on: true })).toThrow(/channel must be 1..8/);
    expect(() => encodeLcus({ channel: 9, on: true })).toThrow(RangeError);
  });

  it('rejects a frame with a bad checksum and acts on nothing', () => {
    const events = new LcusDecoder().push(Uint8Array.from([0xa0, 0x01, 0x01, 0xa3]));
    expect(events).toEqual([
      { kind: 'rejected', frame: Uint8Array.from([0xa0, 0x01, 0x01, 0xa3]), reason: 'bad checksum' },
    ]);
  });

  it('property: decode(encode(x)) = x, for any sequence and any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(commandArb, { maxLength: 20 }),
        fc.integer({ min: 1, max: 9 }),
        (commands, size) => {
          const stream = Uint8Array.from(commands.flatMap((c) => [...encodeLcus(c)]));
          const decoder = new LcusDecoder();
          const events = [];
          for (let i = 0; i < stream.length; i += size)
            events.push(...decoder.push(stream.subarray(i, i + size)));
          expect(events).toEqual(commands.map((command) => ({ kind: 'command', command })));
        },
      ),
    );
  });

  it('property: never throws on random bytes, and never accepts a frame whose checksum is wrong', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        for (const event of new LcusDecoder().push(bytes)) {
          if (event.kind === 'command') {
            const { channel, on } = event.command;
            expect(channel).toBeGreaterThanOrEqual(1);
            expect(channel).toBeLessThanOrEqual(8);
            // Every accepted command is present in the input with its valid checksum.
            expect(hex(bytes)).toContain(hex(encodeLcus({ channel, on })));
          }
        }
      }),
    );
  });

  it('property: rejects every corrupted checksum', () => {
    fc.assert(
      fc.property(commandArb, fc.integer({ min: 1, max: 255 }), (command, delta) => {
        const frame = encodeLcus(command);
        frame[3] = (frame[3]! + delta) & 0xff;
        const events = new LcusDecoder().push(frame);
        expect(events.filter((e) => e.kind === 'command')).toEqual([]);
        expect(events[0]).toMatchObject({ kind: 'rejected', reason: 'bad checksum' });
      }),
    );
  });

  it('property: resynchronises after garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), commandArb, (garbage, command) => {
        const decoder = new LcusDecoder();
        decoder.push(garbage);
        const events = decoder.push(encodeLcus(command));
        expect(events.at(-1)).toEqual({ kind: 'command', command });
      }),
    );
  });

  it('checksum is the low byte of the sum', () => {
    expect(lcusChecksum(0x08, 0x01)).toBe(0xa9);
  });
});
