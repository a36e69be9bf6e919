import { afterEach, describe, expect, it, vi } from 'vitest';
import { AAMVA_2020, MRZ_TD1, MRZ_TD3 } from '../../../tests/support/id-samples';
import { FramingParser } from '../../../drivers/scanners/framing';
import { IdScanAssembler } from './id-scans';

describe('joining the pieces of an ID document a scanner sends', () => {
  afterEach(() => vi.useRealTimers());
  function assembler() {
    vi.useFakeTimers();
    const delivered: Array<[string, string]> = [];
    const ids = new IdScanAssembler((device, text) => delivered.push([device, text]), 400);
    return { ids, delivered };
  }

  it('joins MRZ lines as soon as they make a whole MRZ, per scanner, even interleaved', () => {
    const { ids, delivered } = assembler();
    expect(ids.take('a', MRZ_TD1[0]!, 1)).toBe(true);
    expect(ids.take('b', MRZ_TD3[0]!, 2)).toBe(true);
    expect(ids.take('a', MRZ_TD1[1]!, 3)).toBe(true);
    expect(ids.take('b', MRZ_TD3[1]!, 4)).toBe(true);
    expect(delivered).toEqual([['b', MRZ_TD3.join('\n')]]);
    expect(ids.take('a', MRZ_TD1[2]!, 5)).toBe(true);
    expect(delivered[1]).toEqual(['a', MRZ_TD1.join('\n')]);
  });

  it('leaves any other code to the pass path, and hands over half a document when one comes between', () => {
    const { ids, delivered } = assembler();
    expect(ids.take('a', 'GH1.eyJ2IjoxfQ.c2ln', 1)).toBe(false);
    expect(ids.take('a', MRZ_TD3[0]!, 2)).toBe(true);
    expect(ids.take('a', 'K7PM-2QXD', 3)).toBe(false);
    expect(delivered).toEqual([['a', MRZ_TD3[0]]]);
  });

  it('hands over what came when the scanner goes quiet', () => {
    const { ids, delivered } = assembler();
    ids.take('a', MRZ_TD1[0]!, 1);
    vi.advanceTimersByTime(399);
    expect(delivered).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(delivered).toEqual([['a', MRZ_TD1[0]]]);
  });

  it('puts back together a licence barcode that CR framing cut at each of its CRs', () => {
    const { ids, delivered } = assembler();
    // As the serial driver's framing parser delivers it from a scanner with a CR suffix.
    const pieces = new FramingParser({ framing: 'cr' }).push(new TextEncoder().encode(`${AAMVA_2020}`));
    expect(pieces[0]).toBe('@');
    for (const piece of pieces) expect(ids.take('a', piece, 1)).toBe(true);
    vi.advanceTimersByTime(400);
    expect(delivered).toEqual([['a', AAMVA_2020.replace(/\r$/, '')]]);
  });
});
