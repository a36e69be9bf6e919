import { describe, expect, it } from 'vitest';
import { ClockOffsetEstimator } from './clock-offset';

const DAY = 24 * 60 * 60 * 1000;

describe('ClockOffsetEstimator', () => {
  it('knows nothing before the first exchange', () => {
    expect(new ClockOffsetEstimator().offsetMs).toBeNull();
  });

  it('takes the server reading minus the midpoint of send and answer', () => {
    const est = new ClockOffsetEstimator();
    // station 3 days ahead: sent at 1000, answered at 1200, server said 1100 - 3 days
    est.observe(3 * DAY + 1000, 3 * DAY + 1200, 1100);
    expect(est.offsetMs).toBe(-3 * DAY);
  });

  it('trusts the exchange with the shortest round trip, not the latest', () => {
    const est = new ClockOffsetEstimator();
    est.observe(0, 40, 5_020); // fast: offset 5000 ± 20
    est.observe(1_000, 9_000, 9_000); // slow and lopsided: would say 4000
    expect(est.offsetMs).toBe(5_000);
  });

  it('forgets samples older than its window', () => {
    const est = new ClockOffsetEstimator(2);
    est.observe(0, 100, 150); // 100 ± 50, fastest but about to fall out
    est.observe(0, 200, 220); // 120 ± 100
    est.observe(0, 300, 280); // 130 ± 150
    expect(est.offsetMs).toBe(120);
  });

  it('starts over when a clock is stepped, instead of trusting the old fast sample', () => {
    const est = new ClockOffsetEstimator();
    est.observe(0, 10, 5); // in step, ± 5
    est.observe(1_000 + 3 * DAY, 1_200 + 3 * DAY, 1_100); // station moved 3 days ahead, slower exchange
    expect(est.offsetMs).toBe(-3 * DAY);
  });

  it('ignores an unreadable server time and a clock that ran backwards', () => {
    const est = new ClockOffsetEstimator();
    est.observe(0, 10, Number.NaN);
    est.observe(100, 50, 75);
    expect(est.offsetMs).toBeNull();
  });
});
