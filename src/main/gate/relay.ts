// The gate's seam to the hardware layer: something that pulses a relay output (a turnstile or door
// strike). The hardware manager registers the station's relay driver with setGateRelay; until it does,
// a gate configured with a relay reports every pulse as failed — a gate is never assumed open.
import type { StationCore } from '../context';

export interface RelayTarget {
  /** The configured relay device (src/shared/devices.ts) and its output channel, from 1. */
  deviceId: string;
  channel: number;
}

export interface GateRelay {
  /** Resolves once the relay confirmed the pulse; rejects (with a plain English message) otherwise. */
  pulse(target: RelayTarget): Promise<void>;
}

/** How long a pulse may take before the gate reports it failed. */
export const RELAY_TIMEOUT_MS = 2_000;

const relays = new WeakMap<StationCore, GateRelay>();

/** Registers (or, with null, removes) the relay driver of a station. */
export function setGateRelay(core: StationCore, relay: GateRelay | null): void {
  if (relay) relays.set(core, relay);
  else relays.delete(core);
}

export type PulseOutcome = { relay: 'pulsed'; relayError: null } | { relay: 'failed'; relayError: string };

/** Pulses the target; never throws: a failure (or no answer in time) comes back as 'failed' with why. */
export async function pulseRelay(core: StationCore, target: RelayTarget): Promise<PulseOutcome> {
  const relay = relays.get(core);
  if (!relay) return { relay: 'failed', relayError: 'No relay driver is running on this station.' };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The relay did not answer within ${RELAY_TIMEOUT_MS} ms.`)),
      RELAY_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([relay.pulse(target), timeout]);
    return { relay: 'pulsed', relayError: null };
  } catch (error) {
    return { relay: 'failed', relayError: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
