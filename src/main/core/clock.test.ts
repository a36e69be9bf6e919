import { describe, expect, it } from 'vitest';
import { CLOCK_RESTORE_MAX_AGE_MS, StationClock, stationTime } from './clock';

const DAY = 24 * 3_600_000;
const REAL = Date.parse('2026-03-02T09:00:00Z');

/** A station three days ahead, its raw clock and monotonic clock moved together by `tick`. */
function ahead() {
  let mono = 0;
  let raw = REAL + 3 * DAY;
  const clock = new StationClock(true, () => mono);
  const core = { now: () => new Date(raw), clock };
  return {
    clock,
    core,
    tick(ms: number) {
      mono += ms;
      raw += ms;
    },
    step(ms: number) {
      raw += ms;
    },
  };
}

describe('station time', () => {
  it('is the raw clock until the first estimate', () => {
    const { core } = ahead();
    expect(stationTime(core).toISOString()).toBe(new Date(REAL + 3 * DAY).toISOString());
  });

  it('is the raw clock corrected by the estimate, and keeps running with it', () => {
    const { core, clock, tick } = ahead();
    clock.observe(-3 * DAY, core.now());
    expect(stationTime(core).getTime()).toBe(REAL);
    tick(5 * DAY); // five days offline, the clock running evenly
    expect(stationTime(core).getTime()).toBe(REAL + 5 * DAY);
  });

  it('tolerates a crystal drifting (50 ppm over a week) but not a stepped clock', () => {
    const { core, clock, tick, step } = ahead();
    clock.observe(-3 * DAY, core.now());
    tick(7 * DAY);
    step(30_000); // 50 ppm of a week
    expect(stationTime(core).getTime()).toBe(REAL + 7 * DAY + 30_000);
    step(-3 * DAY); // put right by hand: the old offset is wrong now, the raw clock is right
    expect(stationTime(core).getTime()).toBe(REAL + 7 * DAY + 30_000);
  });

  it('can be told not to correct (a test that injects its own clock)', () => {
    let mono = 0;
    const clock = new StationClock(false, () => mono);
    clock.observe(-3 * DAY, new Date(REAL + 3 * DAY));
    mono += 10;
    expect(clock.correct(new Date(REAL + 3 * DAY + 10)).getTime()).toBe(REAL + 3 * DAY + 10);
  });

  it('ignores an estimate below a second', () => {
    const { core, clock } = ahead();
    clock.observe(-400, core.now());
    expect(stationTime(core).getTime()).toBe(REAL + 3 * DAY);
  });

  it('tells listeners of the first estimate and of one that moves time by a minute or more', () => {
    const { core, clock, tick } = ahead();
    let told = 0;
    clock.onChange(() => told++);
    clock.observe(-3 * DAY, core.now());
    tick(1_000);
    clock.observe(-3 * DAY + 200, core.now());
    expect(told).toBe(1);
    clock.observe(-2 * DAY, core.now());
    expect(told).toBe(2);
  });

  it('takes the kept estimate at start while it is recent, not fresh: the first exchange is still news', () => {
    const { core, clock, tick } = ahead();
    let told = 0;
    clock.onChange(() => told++);
    const madeAt = new Date(REAL + 3 * DAY - 10 * 60_000).toISOString(); // ten minutes before the restart
    expect(clock.restore({ offsetMs: -3 * DAY, roundTripMs: 40, at: madeAt }, core.now())).toBe(true);
    expect(stationTime(core).getTime()).toBe(REAL);
    expect(clock.estimated).toBe(false);
    expect(told).toBe(0);
    tick(1_000);
    clock.observe(-3 * DAY, core.now());
    expect(clock.estimated).toBe(true);
    expect(told).toBe(1);
  });

  it('does not take a kept estimate the raw clock has gone back from or left too long ago', () => {
    const { core, clock } = ahead();
    const raw = core.now().getTime();
    const kept = (at: number) => ({ offsetMs: -3 * DAY, roundTripMs: 40, at: new Date(at).toISOString() });
    expect(clock.restore(kept(raw + 3 * DAY), core.now())).toBe(false); // the clock was set back since
    expect(clock.restore(kept(raw - CLOCK_RESTORE_MAX_AGE_MS - 60_000), core.now())).toBe(false);
    expect(stationTime(core).getTime()).toBe(raw);
    expect(clock.restore(kept(raw - CLOCK_RESTORE_MAX_AGE_MS + 60_000), core.now())).toBe(true);
    expect(stationTime(core).getTime()).toBe(REAL);
  });
});
