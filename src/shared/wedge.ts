// Keyboard-wedge scanner detection. A wedge scanner "types" the code as very fast key presses into the
// focused window; this decides, from key events and their times alone, what was a scan and what was a
// person typing. Environment-free on purpose (no Node built-ins, no DOM): the renderer feeds it
// KeyboardEvent.key and event.timeStamp and acts on the decisions.
//
// Rule (HARDWARE.md): a scan is a burst of at least `minLength` characters with an average of at most
// `maxAverageGapMs` between them, ended by Enter or Tab or by `silenceMs` without a key.
// Keys are held while undecided; a person's keystroke is released as typing as soon as the burst can
// no longer be a scan (a gap longer than `maxKeyGapMs`), so typing is delayed by at most that long.

export interface WedgeOptions {
  minLength: number;
  maxAverageGapMs: number;
  silenceMs: number;
  /** A single gap this long means a person is typing (scanners are far faster). */
  maxKeyGapMs: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = {
  minLength: 6,
  maxAverageGapMs: 30,
  silenceMs: 100,
  maxKeyGapMs: 60,
};

export interface WedgeKey {
  /** KeyboardEvent.key: "a", "7", "Enter", "Tab", "Shift", "Backspace" … */
  key: string;
  /** Milliseconds, monotonic (event.timeStamp or performance.now()). */
  time: number;
}

export type WedgeDecision =
  | { kind: 'scan'; code: string; endedBy: 'Enter' | 'Tab' | 'silence' }
  /** Held characters that turned out to be typing: insert them where the user was typing. */
  | { kind: 'typing'; text: string };

export interface WedgeResult {
  /** True: the renderer must preventDefault this key (it is held, or it ended a scan). */
  hold: boolean;
  decisions: WedgeDecision[];
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock']);

export class WedgeDetector {
  readonly options: WedgeOptions;
  #chars: string[] = [];
  #times: number[] = [];

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
  }

  /** Characters currently held, undecided. */
  get pending(): string {
    return this.#chars.join('');
  }

  /** Feed one keydown. */
  key({ key, time }: WedgeKey): WedgeResult {
    // Scanners press Shift for capitals: modifiers neither count nor break a burst.
    if (MODIFIERS.has(key)) return { hold: false, decisions: [] };

    const decisions = this.tick(time);
    if (key === 'Enter' || key === 'Tab') {
      if (this.#isScan(time)) {
        decisions.push({ kind: 'scan', code: this.pending, endedBy: key });
        this.#clear();
        return { hold: true, decisions };
      }
      this.#releaseTyping(decisions);
      return { hold: false, decisions };
    }
    if (key.length !== 1 && [...key].length !== 1) {
      // Backspace, arrows, F-keys …: a person is editing. Release what is held, let the key through.
      this.#releaseTyping(decisions);
      return { hold: false, decisions };
    }
    // tick() above already released held typing after a long gap, or settled a burst ended by silence.
    this.#chars.push(key);
    this.#times.push(time);
    return { hold: true, decisions };
  }

  /** Call on a timer (e.g. every 20–50 ms while something is pending): settles bursts ended by silence
   *  and releases typing without waiting for the next key. */
  tick(now: number): WedgeDecision[] {
    const decisions: WedgeDecision[] = [];
    const last = this.#times.at(-1);
    if (last === undefined) return decisions;
    const idle = now - last;
    if (idle >= this.options.silenceMs) {
      if (this.#isScan(last)) {
        decisions.push({ kind: 'scan', code: this.pending, endedBy: 'silence' });
        this.#clear();
      } else {
        this.#releaseTyping(decisions);
      }
    } else if (idle > this.options.maxKeyGapMs && !this.#couldStillBeScan()) {
      this.#releaseTyping(decisions);
    }
    return decisions;
  }

  /** Give up on whatever is held (focus moved, page changed): returned as typing. */
  flush(): WedgeDecision[] {
    const decisions: WedgeDecision[] = [];
    this.#releaseTyping(decisions);
    return decisions;
  }

  #isScan(endTime: number): boolean {
    const n = this.#chars.length;
    if (n < this.options.minLength) return false;
    const first = this.#times[0]!;
    const last = this.#times[n - 1]!;
    if (endTime - last > this.options.silenceMs) return false;
    return (last - first) / (n - 1) <= this.options.maxAverageGapMs;
  }

  /** A long enough, fast enough burst waits for its terminator or the silence; anything else is typing. */
  #couldStillBeScan(): boolean {
    const n = this.#chars.length;
    if (n < this.options.minLength) return false;
    return (this.#times[n - 1]! - this.#times[0]!) / (n - 1) <= this.options.maxAverageGapMs;
  }

  #releaseTyping(decisions: WedgeDecision[]): void {
    if (this.#chars.length > 0) decisions.push({ kind: 'typing', text: this.pending });
    this.#clear();
  }

  #clear(): void {
    this.#chars = [];
    this.#times = [];
  }
}
