import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the base with each attempt', () => {
    const delays = [0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, { base: 250, max: 60_000 }));
    expect(delays).toEqual([250, 500, 1_000, 2_000, 4_000]);
  });

  it('never grows past the cap, however many attempts', () => {
    const options = { base: 250, max: 5_000 };
    expect([4, 5, 6, 100, 5_000].map((attempt) => backoffDelay(attempt, options))).toEqual([
      4_000, 5_000, 5_000, 5_000, 5_000,
    ]);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, options)).toBe(5_000);
    expect(backoffDelay(5_000, { base: 0, max: 5_000 })).toBe(0);
  });

  it('counts a negative attempt as the first', () => {
    expect(backoffDelay(-1, { base: 2_000, max: 60_000 })).toBe(2_000);
  });

  it('keeps a jittered delay within [d × (1 − jitter), d), at both ends of the random source', () => {
    const at = (r: number, attempt: number, jitter: number) =>
      backoffDelay(attempt, { base: 1_000, max: 60_000, jitter, random: () => r });
    expect(at(0, 3, 0.5)).toBe(4_000); // d = 8 s: the lowest is half
    expect(at(0.5, 3, 0.5)).toBe(6_000);
    expect(at(0.999, 3, 0.5)).toBeLessThan(8_000);
    expect(at(0.999, 3, 0.5)).toBeGreaterThan(7_990);
    expect(at(0, 3, 1)).toBe(0); // full jitter
    expect(at(0, 10, 0.5)).toBe(30_000); // the cap applies before the jitter
  });

  it('stays within bounds for every random value', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31; // LCG in [0, 1)
    for (let attempt = 0; attempt < 20; attempt++) {
      const d = Math.min(60_000, 1_000 * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(attempt, { base: 1_000, max: 60_000, jitter: 0.5, random });
        expect(delay).toBeGreaterThanOrEqual(d / 2);
        expect(delay).toBeLessThan(d);
      }
    }
  });

  it('uses no randomness without jitter', () => {
    const random = () => {
      throw new Error('not called');
    };
    expect(backoffDelay(2, { base: 100, max: 1_000, random })).toBe(400);
  });
});
