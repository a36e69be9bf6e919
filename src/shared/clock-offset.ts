/**
 * NTP-style estimate of the server clock minus this station's clock. Each exchange gives one sample:
 * the server read its clock somewhere between send (t0) and answer (t1), so offset = server - (t0+t1)/2,
 * wrong by at most half the round trip. Over a window of recent exchanges the sample with the smallest
 * round trip is the most trustworthy, so that one is the estimate. A sample whose error interval
 * (offset ± half its round trip) cannot overlap the current estimate's means a clock was stepped: the
 * window restarts from it, so a clock changed by hand shows at the next exchange.
 */
export interface ClockSample {
  offsetMs: number;
  roundTripMs: number;
}

export const CLOCK_WINDOW = 8;

export class ClockOffsetEstimator {
  private samples: ClockSample[] = [];

  constructor(private readonly window = CLOCK_WINDOW) {}

  /** Adds one exchange: t0 sent, t1 answered (station clock), serverMs the server's clock reading. */
  observe(t0Ms: number, t1Ms: number, serverMs: number): void {
    if (!Number.isFinite(serverMs) || t1Ms < t0Ms) return; // unreadable time or a clock jump: no sample
    const sample = { offsetMs: Math.round(serverMs - (t0Ms + t1Ms) / 2), roundTripMs: t1Ms - t0Ms };
    const best = this.best();
    if (best && Math.abs(sample.offsetMs - best.offsetMs) > (sample.roundTripMs + best.roundTripMs) / 2 + 1) {
      this.samples = []; // a stepped clock: older samples describe a clock that no longer exists
    }
    this.samples.push(sample);
    if (this.samples.length > this.window) this.samples.shift();
  }

  /** The offset of the fastest recent exchange, or null before the first one. */
  get offsetMs(): number | null {
    return this.best()?.offsetMs ?? null;
  }

  /** The fastest recent exchange: its offset and round trip (the offset is wrong by at most half of it). */
  best(): ClockSample | null {
    let best: ClockSample | null = null;
    for (const s of this.samples) if (!best || s.roundTripMs < best.roundTripMs) best = s;
    return best;
  }
}
