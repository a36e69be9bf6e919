// The security gate: scan a pass and get a verdict, override a refusal with a PIN, and the gate's own
// configuration (directions, the zone it opens, the relay it pulses).
import { z } from 'zod';
import { method } from '../contract';
import { gateDirectionSchema, passStatusSchema } from '../domain';
import { PASS_REFUSAL_REASONS } from './passes';

/** Why a gate refused: the pass's own reasons, then what only a gate checks. */
export const GATE_REFUSAL_REASONS = [
  ...PASS_REFUSAL_REASONS,
  /** The pass entered and has not exited since. */
  'anti_passback',
  /** The pass holder matches a deny entry of the watchlist. */
  'watchlist_deny',
  /** The visit has ended or never started (checked out, cancelled, denied…). */
  'visit_not_on_site',
  /** An invite pass at a gate of a site that does not let gates check visitors in. */
  'check_in_first',
] as const;
export const gateRefusalReasonSchema = z.enum(GATE_REFUSAL_REASONS);
export type GateRefusalReason = z.infer<typeof gateRefusalReasonSchema>;

export const gateConfigSchema = z.object({
  /** The directions this gate serves; with both, the guard picks one on the screen. */
  directions: z
    .array(gateDirectionSchema)
    .min(1)
    .max(2)
    .refine((d) => new Set(d).size === d.length, 'each direction once')
    .default(['entry', 'exit']),
  /** The zone this gate opens (passes must open it to enter); null: no zone check. */
  zoneId: z.string().nullable().default(null),
  /** The relay output that opens the turnstile or door; null: the guard opens by hand. */
  relay: z
    .object({ deviceId: z.string().min(1).max(60), channel: z.number().int().min(1).max(16) })
    .nullable()
    .default(null),
});
export type GateConfig = z.output<typeof gateConfigSchema>;

/**
 * What happened to the relay: pulsed (asked and it answered), failed (asked and it did not: the gate is NOT
 * open), no_relay (this gate has none: open by hand), not_asked (refused).
 */
export const RELAY_OUTCOMES = ['pulsed', 'failed', 'no_relay', 'not_asked'] as const;

export const gateVerdictSchema = z.object({
  /** The gate event that records this decision (an override names it). */
  eventId: z.string(),
  granted: z.boolean(),
  /** Why it was refused (or, for an override, what was overridden); null for a plain grant. */
  reason: gateRefusalReasonSchema.nullable(),
  override: z.boolean(),
  direction: gateDirectionSchema,
  at: z.string(),
  /** Null when this station has not synced the visit yet: the signature alone vouches for the pass. */
  visitor: z.object({ name: z.string(), company: z.string().nullable(), hasPhoto: z.boolean() }).nullable(),
  host: z.object({ name: z.string(), department: z.string().nullable() }).nullable(),
  zone: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Shown only once the pass's signature is verified. */
  pass: z
    .object({
      id: z.string(),
      kind: z.enum(['visit', 'invite']),
      status: passStatusSchema.nullable(),
      validUntil: z.string(),
      multiEntry: z.boolean(),
    })
    .nullable(),
  visitId: z.string().nullable(),
  /** An invite pass checked its visitor in at this gate. */
  checkedIn: z.boolean(),
  /** An exit with no entry on record (let out, noted for security). */
  exitWithoutEntry: z.boolean(),
  /** Watchlist alert matches: let through, security alerted. Deny matches refuse with watchlist_deny. */
  watchlist: z
    .object({
      verdict: z.enum(['clear', 'alert', 'deny']),
      matches: z.array(
        z.object({
          entryId: z.string(),
          name: z.string().nullable(),
          level: z.enum(['deny', 'alert']),
          reason: z.string(),
          score: z.number(),
        }),
      ),
    })
    .nullable(),
  relay: z.enum(RELAY_OUTCOMES),
  /** Why the relay failed, in plain English for the log (the screen says it in its language). */
  relayError: z.string().nullable(),
});
export type GateVerdict = z.infer<typeof gateVerdictSchema>;

const GUARDS = ['admin', 'security'] as const;

export const gateMethods = {
  'gate.config': method({
    summary: "This gate's directions, zone and relay, and the site's zones to choose from.",
    roles: ['admin', 'security', 'station'],
    writes: false,
    input: z.object({}),
    output: z.object({
      config: gateConfigSchema,
      /** The direction hardware scanners' reads are decided in now (the guard switches it on the screen). */
      direction: gateDirectionSchema,
      zones: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  }),
  'gate.setDirection': method({
    summary:
      "Switches the direction this gate's hardware scanners are decided in (a guard at a two-way gate).",
    roles: GUARDS,
    writes: true,
    input: z.object({ direction: gateDirectionSchema }),
    output: z.object({ direction: gateDirectionSchema }),
  }),
  'gate.configure': method({
    summary: "Sets this gate's directions, the zone it opens and the relay channel it pulses.",
    roles: ['admin'],
    writes: true,
    input: gateConfigSchema,
    output: gateConfigSchema,
  }),
  'gate.scan': method({
    summary:
      'Decides on a scanned pass at this gate (signature, validity, zone, anti-passback, watchlist), records the decision and pulses the relay on a grant.',
    roles: [...GUARDS, 'station'],
    // Records its gate event, outbox op and audit entry in its transaction; the relay pulse that follows
    // is its effect, and its outcome belongs in the verdict (a failed pulse is audited as gate.relay).
    writes: true,
    effect: true,
    // The scanned text is a pass token, a credential: the entry records the decision instead.
    auditInput: false,
    /** Without a direction, the gate's current one (gate.setDirection). */
    input: z.object({ text: z.string().min(1).max(2000), direction: gateDirectionSchema.optional() }),
    output: gateVerdictSchema,
  }),
  'gate.override': method({
    summary:
      "Lets a refused person through: the signed-in guard's PIN again and a reason, audited, recorded as an override.",
    roles: GUARDS,
    writes: true,
    effect: true,
    auditInput: false,
    input: z.object({
      eventId: z.string().min(1),
      pin: z.string().min(1).max(64),
      reason: z.string().trim().min(3).max(500),
    }),
    output: gateVerdictSchema,
  }),
};
