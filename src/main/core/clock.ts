// Station time: the station's own clock corrected by the offset the sync client estimated from the server
// (src/shared/clock-offset.ts). Station clocks are unreliable (a dead RTC battery, no NTP): a kiosk three
// days ahead must still judge a pass's validity, a visit's expiry and the evening's automatic check-out by
// the real time. So every call's `ctx.now` is station time, and so are the scheduled jobs; the raw clock is
// kept for what records the machine's own reading (an op's `occurredAt`, from which the server sees the
// skew), for sign-in sessions and throttles (durations: a correction must not stretch a session by days),
// and for the sync client's own timing.
//
// The offset holds while the raw clock runs evenly against the monotonic clock since the exchange that gave
// it (a crystal's drift stays far inside the tolerance). A clock stepped since (set by hand, by NTP after a
// dead battery) makes the old offset wrong: until the next exchange station time is the raw clock again.
// The last estimate is kept in the station's settings (src/main/sync/station.ts) and used again at start while
// it is recent (CLOCK_RESTORE_MAX_AGE_MS by the raw clock, which must not have gone back): a station restarted
// with the server down keeps station time. A restored estimate is not fresh: the scheduler still waits for
// the first exchange (src/main/scheduler.ts), and that exchange replaces it.

/** Below this much the clock is not corrected: milliseconds of estimate noise must not move times about. */
export const CLOCK_CORRECTION_MIN_MS = 1_000;
/** How far the raw clock may move apart from the monotonic one before it counts as stepped: 1 s + 0.1%. */
const STEP_TOLERANCE_MS = 1_000;
const STEP_TOLERANCE_RATE = 0.001;

/**
 * How long a kept estimate stays usable at start, by the raw clock since it was made. A restart after a crash
 * or a power cut takes minutes; a clock that went back since (reset by a dead RTC battery, set right by
 * hand when it was ahead) or on by more than this (set right when it was behind by days) is not trusted.
 */
export const CLOCK_RESTORE_MAX_AGE_MS = 24 * 3_600_000;

/** The estimate a station keeps across restarts: the offset, its round trip, and the raw time it was made. */
export interface KeptClockOffset {
  offsetMs: number;
  roundTripMs: number;
  at: string;
}

interface Anchor {
  offsetMs: number;
  /** The raw clock and the monotonic clock when the offset was estimated. */
  rawMs: number;
  monoMs: number;
}

export class StationClock {
  private anchor: Anchor | null = null;
  /** The anchor came from an exchange since start (not from the kept estimate). */
  private fresh = false;
  private readonly listeners = new Set<() => void>();

  /** `correcting` false: station time is the raw clock, whatever the estimate (a test's injected clock). */
  constructor(
    readonly correcting = true,
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  /**
   * The sync client's latest estimate (server clock minus raw clock) as read at raw time `raw`. Listeners
   * hear of the first estimate, and of one that moves station time by a minute or more.
   */
  observe(offsetMs: number, raw: Date): void {
    const before = this.anchor && this.fresh ? this.offsetAt(raw.getTime()) : null;
    this.anchor = { offsetMs, rawMs: raw.getTime(), monoMs: this.monotonic() };
    this.fresh = true;
    const after = this.offsetAt(raw.getTime());
    if (before === null || Math.abs(after - before) >= 60_000) for (const l of this.listeners) l();
  }

  /**
   * At start: the estimate kept from before, if the raw clock `raw` is at most CLOCK_RESTORE_MAX_AGE_MS past
   * the time it was made and not before it. Station time uses it until the first exchange; it is not fresh
   * (`estimated` stays false) and no listener hears of it. Returns whether it was taken.
   */
  restore(kept: KeptClockOffset, raw: Date): boolean {
    if (this.fresh) return false;
    const age = raw.getTime() - Date.parse(kept.at);
    if (!Number.isFinite(age) || !Number.isFinite(kept.offsetMs)) return false;
    if (age < -STEP_TOLERANCE_MS || age > CLOCK_RESTORE_MAX_AGE_MS) return false;
    this.anchor = { offsetMs: kept.offsetMs, rawMs: raw.getTime(), monoMs: this.monotonic() };
    return true;
  }

  /** The offset in force at raw time `rawMs`: 0 before any estimate, after a clock step, or when tiny. */
  offsetAt(rawMs: number): number {
    const a = this.anchor;
    if (!this.correcting || !a || Math.abs(a.offsetMs) < CLOCK_CORRECTION_MIN_MS) return 0;
    const monoElapsed = this.monotonic() - a.monoMs;
    const drift = rawMs - a.rawMs - monoElapsed;
    const tolerance = STEP_TOLERANCE_MS + STEP_TOLERANCE_RATE * Math.abs(monoElapsed);
    return Math.abs(drift) <= tolerance ? a.offsetMs : 0;
  }

  /** Whether an estimate was made since this station started (a restored one does not count). */
  get estimated(): boolean {
    return this.fresh;
  }

  /** Station time for a reading of the raw clock. */
  correct(raw: Date): Date {
    const offset = this.offsetAt(raw.getTime());
    return offset === 0 ? raw : new Date(raw.getTime() + offset);
  }

  /** Called when station time moved by a new estimate (the scheduler plans again). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Station time now: the station's raw clock (`core.now`, which a test may replace) corrected. */
export function stationTime(core: { now(): Date; clock: StationClock }): Date {
  return core.clock.correct(core.now());
}
