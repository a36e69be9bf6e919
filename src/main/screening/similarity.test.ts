import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaroWinkler, typoDistance } from './similarity';

describe('typoDistance (optimal string alignment)', () => {
  it('counts one slip as one: a letter changed, dropped, added or two letters swapped', () => {
    expect(typoDistance('smith', 'smith')).toBe(0);
    expect(typoDistance('smith', 'smyth')).toBe(1);
    expect(typoDistance('smith', 'smth')).toBe(1);
    expect(typoDistance('smith', 'smitth')).toBe(1);
    expect(typoDistance('johnson', 'jonhson')).toBe(1);
    expect(typoDistance('', 'a')).toBe(1);
  });

  it('stops counting past the limit', () => {
    expect(typoDistance('smith', 'jones')).toBe(2);
    expect(typoDistance('smith', 'jones', 5)).toBe(5);
    expect(typoDistance('ab', 'abcdef')).toBe(2);
  });

  it('is symmetric and zero only for equal words', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(typoDistance(a, b, 3)).toBe(typoDistance(b, a, 3));
        expect(typoDistance(a, b, 3) === 0).toBe(a === b);
      }),
    );
  });
});

describe('jaroWinkler', () => {
  it('matches the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('same', 'same')).toBe(1);
  });

  it('stays within 0..1 and is symmetric', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const s = jaroWinkler(a, b);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(jaroWinkler(b, a)).toBeCloseTo(s, 12);
      }),
    );
  });
});
