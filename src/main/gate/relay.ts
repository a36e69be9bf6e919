// The gate's seam to the hardware layer: something that pulses a relay output (a turnstile or door
// strike). By default it is the station's hardware manager (the relay device named in the gate's
// configuration, on that device's configured channel); setGateRelay can put another driver in its place.
// A pulse the relay does not confirm is reported as failed — a gate is never assumed open.
import type { StationCore } from '../core/context';
import type { GateRelay, RelayTarget } from '../core/hardware';

export type { GateRelay, RelayTarget } from '../core/hardware';

/** How long a pulse may take before the gate reports it failed. */
export const RELAY_TIMEOUT_MS = 2_000;

/** Registers (or, with null, removes) the relay driver of a station. */
export function setGateRelay(core: StationCore, relay: GateRelay | null): void {
  core.gateRelay = relay;
}

export type PulseOutcome = { relay: 'pulsed'; relayError: null } | { relay: 'failed'; relayError: string };

/** Pulses the target; never throws: a failure (or no answer in time) comes back as 'failed' with why. */
export async function pulseRelay(core: StationCore, target: RelayTarget): Promise<PulseOutcome> {
  const relay = core.gateRelay ?? hardwareRelay(core);
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

/** The station's own relays, through its hardware manager. */
function hardwareRelay(core: StationCore): GateRelay {
  return {
    async pulse(target) {
      const result = await core.hardware.pulseRelay(target.deviceId);
      if (!result.ok) throw new Error(result.reason);
    },
  };
}
