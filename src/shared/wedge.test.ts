import { describe, expect, it } from 'vitest';
import { WedgeDetector, type WedgeDecision } from './wedge';

/** Feed keys at the given gaps (ms) starting at t=1000; returns all decisions and the last time. */
function type(detector: WedgeDetector, keys: string[], gaps: number | number[], start = 1000) {
  const decisions: WedgeDecision[] = [];
  const holds: boolean[] = [];
  let time = start;
  keys.forEach((key, i) => {
    if (i > 0) time += Array.isArray(gaps) ? gaps[i - 1]! : gaps;
    const result = detector.key({ key, time });
    holds.push(result.hold);
    decisions.push(...result.decisions);
  });
  return { decisions, holds, time };
}

const chars = (s: string) => [...s];

describe('keyboard-wedge detection', () => {
  it('takes a fast burst ended by Enter as a scan and swallows the Enter', () => {
    const detector = new WedgeDetector();
    const { decisions, holds } = type(detector, [...chars('GH-PASS-42'), 'Enter'], 8);
    expect(decisions).toEqual([{ kind: 'scan', code: 'GH-PASS-42', endedBy: 'Enter' }]);
    expect(holds.every(Boolean)).toBe(true);
  });

  it('takes a fast burst ended by silence as a scan', () => {
    const detector = new WedgeDetector();
    const { decisions, time } = type(detector, chars('123456789'), 15);
    expect(decisions).toEqual([]);
    expect(detector.tick(time + 50)).toEqual([]);
    expect(detector.tick(time + 100)).toEqual([{ kind: 'scan', code: '123456789', endedBy: 'silence' }]);
  });

  it('ignores Shift between characters (scanners press it for capitals)', () => {
    const detector = new WedgeDetector();
    const keys = ['Shift', 'G', 'Shift', 'H', ...chars('-00042'), 'Tab'];
    expect(type(detector, keys, 5).decisions).toEqual([{ kind: 'scan', code: 'GH-00042', endedBy: 'Tab' }]);
  });

  it('never takes a person typing for a scan, even a long word ended by Enter', () => {
    const detector = new WedgeDetector();
    const { decisions, holds } = type(detector, [...chars('johnsmith'), 'Enter'], 120);
    expect(decisions.filter((d) => d.kind === 'scan')).toEqual([]);
    expect(decisions.map((d) => (d.kind === 'typing' ? d.text : '')).join('')).toBe('johnsmith');
    expect(holds.at(-1)).toBe(false); // the Enter reaches the form
  });

  it('releases typed characters within the key-gap limit, without waiting for the next key', () => {
    const detector = new WedgeDetector();
    detector.key({ key: 'a', time: 0 });
    expect(detector.tick(30)).toEqual([]);
    expect(detector.tick(61)).toEqual([{ kind: 'typing', text: 'a' }]);
  });

  it('keeps too-short fast bursts as typing (fewer than 6 characters)', () => {
    const detector = new WedgeDetector();
    const { decisions } = type(detector, [...chars('abc'), 'Enter'], 10);
    expect(decisions).toEqual([{ kind: 'typing', text: 'abc' }]);
  });

  it('keeps bursts averaging more than 30 ms between keys as typing', () => {
    const detector = new WedgeDetector();
    const { decisions } = type(detector, [...chars('abcdefgh'), 'Enter'], 40);
    expect(decisions).toEqual([{ kind: 'typing', text: 'abcdefgh' }]);
  });

  it('separates typing from a scan that follows it', () => {
    const detector = new WedgeDetector();
    const typed = type(detector, chars('hi'), 150);
    const scan = type(detector, [...chars('PASS-777'), 'Enter'], 10, typed.time + 500);
    expect([...typed.decisions, ...scan.decisions]).toEqual([
      { kind: 'typing', text: 'h' },
      { kind: 'typing', text: 'i' },
      { kind: 'scan', code: 'PASS-777', endedBy: 'Enter' },
    ]);
  });

  it('lets editing keys through after releasing held text', () => {
    const detector = new WedgeDetector();
    detector.key({ key: 'x', time: 0 });
    expect(detector.key({ key: 'Backspace', time: 20 })).toEqual({
      hold: false,
      decisions: [{ kind: 'typing', text: 'x' }],
    });
  });
});
