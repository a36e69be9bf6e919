/** What the hardware manager needs from any relay board (LCUS serial, dcttech HID). */
export interface RelayDriver {
  open(): Promise<void>;
  close(): Promise<void>;
  /** Switch `channel` on, hold it `ms` (default 300), switch it off. Rejects if either command fails. */
  pulse(channel: number, ms?: number): Promise<void>;
  set(channel: number, on: boolean): Promise<void>;
  allOff(): Promise<void>;
}

export interface RelayEvents {
  /** A command the relay accepted (after the bytes left for the device). */
  switched: [{ channel: number; on: boolean; at: number }];
}

export const DEFAULT_PULSE_MS = 300;

export function checkPulse(channel: number, channels: number, ms: number): void {
  if (!Number.isInteger(channel) || channel < 1 || channel > channels) {
    throw new RangeError(`relay channel must be 1..${channels}, got ${channel}`);
  }
  if (!Number.isFinite(ms) || ms < 50 || ms > 10_000) {
    throw new RangeError(`pulse length must be 50..10000 ms, got ${ms}`);
  }
}
