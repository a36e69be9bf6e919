// What the rest of the station core sees of the hardware manager: the gate pulses a relay, handlers read
// health and reload the configuration, the kiosk's check-in wakes the print queue.
import type { DetectedDevices, DeviceTestResult } from '../../shared/api/devices';
import type { DeviceHealth, DevicesConfig } from '../../shared/devices';

export type RelayPulseResult = { ok: true; relayId: string } | { ok: false; reason: string };

export interface Hardware {
  /**
   * Opens the turnstile/door: pulses the configured channel of `relayId` (default: the first relay) for
   * its configured time. Resolves `{ok: false, reason}` when there is no relay, it is not connected or a
   * command failed — the gate must then say the gate did not open, never assume it did.
   */
  pulseRelay(relayId?: string): Promise<RelayPulseResult>;
  /** Health of every configured device. */
  status(): DeviceHealth[];
  /** The configuration in use (from the station's settings). */
  config(): DevicesConfig;
  /** Re-reads the configuration and reopens the devices (after devices.configure has committed). */
  reload(): Promise<void>;
  detect(): Promise<DetectedDevices>;
  test(deviceId: string, timeoutMs: number): Promise<DeviceTestResult>;
  /** A print job was queued or changed: look at the queue now rather than at the next timer. */
  wakePrintQueue(): void;
}

/**
 * Electron's silent printing, behind a seam so the station core stays free of Electron: the desktop app
 * passes one (src/main/electron/silent-print.ts); under plain Node (web host, tests) there is none.
 */
export interface SilentPrinter {
  /** Prints a self-contained HTML page without a dialog; rejects with the reason when it did not print. */
  print(
    html: string,
    options: { deviceName: string | null; pageSize: { width: number; height: number } },
  ): Promise<void>;
}

/** The gate's seam to the hardware layer: something that pulses a relay output (src/main/gate/relay.ts). */
export interface RelayTarget {
  /** The configured relay device (src/shared/devices.ts) and its output channel, from 1. */
  deviceId: string;
  channel: number;
}

export interface GateRelay {
  /** Resolves once the relay confirmed the pulse; rejects (with a plain English message) otherwise. */
  pulse(target: RelayTarget): Promise<void>;
}
