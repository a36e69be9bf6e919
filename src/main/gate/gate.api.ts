// Gate mode: scan → verdict → relay, and a guard's override. Both are writes with an effect
// (`effect: true`): the decision and its records (gate event, outbox op, audit entry, pass and visit
// changes) commit together in the call's one write; only then is the relay asked to pulse, and its answer
// goes into the verdict — a gate is never reported open on hope.
import { staffRepo } from '../../db/repos/directory';
import { settingsRepo } from '../../db/repos/settings';
import { stationsRepo } from '../../db/repos/sites';
import { gateConfigSchema, type GateConfig, type GateVerdict } from '../../shared/api/gate';
import type { GateDirection } from '../../shared/domain';
import { ApiError } from '../../shared/errors';
import { defineHandlers, type CallContext } from '../core/context';
import { gateEventsRepo } from '../../db/repos/gate';
import { pulseRelay } from './relay';
import { decideScan, recordOverride, type Decision } from './scan';
import { DECOY_HASH, verifySecret } from '../../node/secrets';
import { lockDurationMs } from '../../node/sign-in-guard';
import { requireSite, siteZones } from '../core/site';

const CONFIG_KEY = 'gate';
const DIRECTION_KEY = 'gate.direction';
/** A refusal can be overridden this long after it was shown; later, scan again. */
export const OVERRIDE_WINDOW_MS = 10 * 60_000;

/** This station's gate configuration, with defaults (both directions, no zone check, no relay). */
export function gateConfig(ctx: CallContext): GateConfig {
  const stored = settingsRepo.get<unknown>(ctx.station.db, 'station', CONFIG_KEY) ?? {};
  const parsed = gateConfigSchema.safeParse(stored);
  return parsed.success ? parsed.data : gateConfigSchema.parse({});
}

/** The direction a scan without one is decided in: the guard's last choice, if this gate still serves it. */
function currentDirection(ctx: CallContext, config: GateConfig): GateDirection {
  const chosen = settingsRepo.get<GateDirection>(ctx.station.db, 'station', DIRECTION_KEY);
  return chosen && config.directions.includes(chosen) ? chosen : config.directions[0]!;
}

function requireGate(ctx: CallContext) {
  const site = requireSite(ctx);
  if (stationsRepo.get(ctx.station.db, ctx.station.stationId)?.kind !== 'gate')
    throw new ApiError('not_configured', 'This station is not set up as a gate.');
  return site;
}

/** Asks the relay to open for a grant, and records a failure (the gate did not open). */
async function withRelay(ctx: CallContext, config: GateConfig, decision: Decision): Promise<GateVerdict> {
  if (!decision.granted) return { ...decision, relay: 'not_asked', relayError: null };
  if (!config.relay) return { ...decision, relay: 'no_relay', relayError: null };
  const outcome = await pulseRelay(ctx.station, config.relay);
  if (outcome.relay === 'failed') {
    ctx.auditFollowUp('gate.relay', {
      eventId: decision.eventId,
      pulsed: false,
      error: outcome.relayError,
      ...config.relay,
    });
  }
  return { ...decision, ...outcome };
}

/** Every screen of this gate shows the verdict, whoever asked for it. */
function announced(ctx: CallContext, verdict: GateVerdict): GateVerdict {
  ctx.emit('gate.verdict', verdict);
  return verdict;
}

function unservedDirection(direction: GateDirection, config: GateConfig) {
  return new ApiError('invalid_input', `This gate does not serve the ${direction} direction.`, {
    direction: { code: 'invalid_value', message: `This gate serves: ${config.directions.join(', ')}.` },
  });
}

/**
 * The signed-in guard, whose PIN must be given again; a wrong PIN counts towards their lockout. The PIN
 * was checked before the write (`matchedHash`, the hash it matched, or null): the KDF runs off the event
 * loop, never in a transaction, and a PIN changed meanwhile no longer counts.
 */
function verifyGuardPin(ctx: CallContext, matchedHash: string | null) {
  const user = ctx.caller.userId ? staffRepo.get(ctx.station.db, ctx.caller.userId) : undefined;
  if (!user || !user.active)
    throw new ApiError('forbidden', 'Only a signed-in guard can override a refusal.');
  if (user.lockedUntil && user.lockedUntil > ctx.nowIso)
    throw new ApiError('locked', 'Too many wrong PINs. Wait before trying again.');
  if (!user.pinHash || user.pinHash !== matchedHash) {
    const failed = user.failedAttempts + 1;
    const lockMs = lockDurationMs(failed);
    const lockedUntil = lockMs ? new Date(ctx.now.getTime() + lockMs).toISOString() : null;
    ctx.onRefusal(() =>
      staffRepo.recordSignInResult(ctx.station.db, user.id, failed, lockedUntil, ctx.nowIso),
    );
    // Not "unauthenticated": the guard's session is fine, only this PIN was wrong.
    throw new ApiError('forbidden', 'That PIN is not right.');
  }
  return user;
}

export const gateHandlers = defineHandlers({
  'gate.config': (_input, ctx) => {
    const site = requireSite(ctx);
    const config = gateConfig(ctx);
    return { config, direction: currentDirection(ctx, config), zones: siteZones(ctx.station.db, site.id) };
  },

  'gate.setDirection': (input, ctx) => {
    requireGate(ctx);
    const config = gateConfig(ctx);
    if (!config.directions.includes(input.direction)) throw unservedDirection(input.direction, config);
    settingsRepo.set(ctx.station.db, 'station', DIRECTION_KEY, input.direction, ctx.nowIso);
    return input;
  },

  'gate.configure': (input, ctx) => {
    const site = requireSite(ctx);
    if (input.zoneId && !siteZones(ctx.station.db, site.id).some((z) => z.id === input.zoneId)) {
      throw new ApiError('invalid_input', 'That zone is not part of this site.', {
        zoneId: { code: 'invalid_value', message: 'Unknown zone.' },
      });
    }
    settingsRepo.set(ctx.station.db, 'station', CONFIG_KEY, input, ctx.nowIso);
    return input;
  },

  'gate.scan': async (input, ctx) => {
    const site = requireGate(ctx);
    const config = gateConfig(ctx);
    const direction = input.direction ?? currentDirection(ctx, config);
    if (!config.directions.includes(direction)) throw unservedDirection(direction, config);
    const decision = ctx.write((w) => decideScan(w, site.id, config, input.text, direction));
    return announced(ctx, await withRelay(ctx, config, decision));
  },

  'gate.override': async (input, ctx) => {
    const signedIn = ctx.caller.userId ? staffRepo.get(ctx.station.db, ctx.caller.userId) : undefined;
    const hash = signedIn?.pinHash ?? DECOY_HASH;
    const matchedHash = (await verifySecret(input.pin, hash)) ? hash : null;
    // The rest in the write: a wrong PIN's count towards lockout is written by the refusal's transaction.
    const { config, decision } = ctx.write((w) => {
      requireGate(w);
      const guard = verifyGuardPin(w, matchedHash);
      const config = gateConfig(w);
      const { db } = w.station;
      const refused = gateEventsRepo.get(db, input.eventId);
      if (!refused || refused.stationId !== ctx.station.stationId || refused.granted)
        throw new ApiError('not_found', 'There is no refusal with that id at this gate.');
      if (ctx.now.getTime() - Date.parse(refused.occurredAt) > OVERRIDE_WINDOW_MS)
        throw new ApiError('conflict', 'That refusal is too old to override; scan the pass again.');
      const since = refused.passId ? gateEventsRepo.lastGranted(db, refused.passId) : undefined;
      if (since && since.occurredAt >= refused.occurredAt)
        throw new ApiError('conflict', 'This pass has been let through since that refusal.');
      if (guard.failedAttempts || guard.lockedUntil)
        staffRepo.recordSignInResult(db, guard.id, 0, null, w.nowIso);
      return { config, decision: recordOverride(w, config, refused, guard.id, input.reason) };
    });
    return announced(ctx, await withRelay(ctx, config, decision));
  },
});
