// Domain vocabulary shared by every process: the values each field may take, as zod schemas so the
// contract, the database and the UI agree on one definition.
import { z } from 'zod';
import { LANGUAGES, STAFF_ROLES, STATION_KINDS } from './vocabulary';

export { LANGUAGES, STAFF_ROLES, STATION_KINDS };
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

export const stationKindSchema = z.enum(STATION_KINDS);
export type StationKind = z.infer<typeof stationKindSchema>;

export const staffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRoleSchema>;

/**
 * Visit status moves only forward: expected → (pending_approval → approved | denied) → checked_in →
 * checked_out; cancelled and no_show end it. See visitStatusRank and canMoveVisit.
 */
export const VISIT_STATUSES = [
  'expected',
  'pending_approval',
  'approved',
  'denied',
  'checked_in',
  'checked_out',
  'cancelled',
  'no_show',
] as const;
export const visitStatusSchema = z.enum(VISIT_STATUSES);
export type VisitStatus = z.infer<typeof visitStatusSchema>;

const VISIT_NEXT: Record<VisitStatus, readonly VisitStatus[]> = {
  expected: ['pending_approval', 'approved', 'checked_in', 'cancelled', 'no_show'],
  pending_approval: ['approved', 'denied', 'cancelled'],
  // denied: a held approved visit (see VisitHold) may still be denied by the desk.
  approved: ['checked_in', 'cancelled', 'no_show', 'denied'],
  denied: [],
  checked_in: ['checked_out'],
  checked_out: [],
  cancelled: [],
  no_show: [],
};

/** True when a visit may move from one status to the other (never backwards, never out of an end). */
export function canMoveVisit(from: VisitStatus, to: VisitStatus): boolean {
  return VISIT_NEXT[from].includes(to);
}

/**
 * Why a visit waits for the desk's decision without its status moving back: the kiosk found the site full
 * or the visitor on the watchlist. Recorded beside the status (an approved invite stays approved); a
 * decision or any later status move clears it. See docs/sync.md (merge rules).
 */
export const VISIT_HOLDS = ['capacity', 'watchlist'] as const;
export type VisitHold = (typeof VISIT_HOLDS)[number];

export const PASS_STATUSES = ['active', 'used', 'expired', 'revoked'] as const;
export const passStatusSchema = z.enum(PASS_STATUSES);

export const passViewSchema = z.object({
  id: z.string(),
  visitId: z.string(),
  kind: z.enum(['visit', 'invite']),
  status: passStatusSchema,
  validFrom: z.string(),
  validUntil: z.string(),
  /** Empty: every zone of the site. */
  zoneIds: z.array(z.string()),
  multiEntry: z.boolean(),
  issuedByStationId: z.string(),
  createdAt: z.string(),
});
export type PassView = z.infer<typeof passViewSchema>;
export type PassStatus = (typeof PASS_STATUSES)[number];

/**
 * Pass status moves only forward: active → used | expired | revoked, and revoked wins (a used or expired
 * pass may still be revoked, nothing leaves revoked). See canMovePass.
 */
const PASS_NEXT: Record<PassStatus, readonly PassStatus[]> = {
  active: ['used', 'expired', 'revoked'],
  used: ['revoked'],
  expired: ['revoked'],
  revoked: [],
};

/** True when a pass may move from one status to the other (never backwards, never out of revoked). */
export function canMovePass(from: PassStatus, to: PassStatus): boolean {
  return PASS_NEXT[from].includes(to);
}

export const PHOTO_RULES = ['required', 'optional', 'none'] as const;
export type PhotoRule = (typeof PHOTO_RULES)[number];

export const WATCHLIST_LEVELS = ['deny', 'alert'] as const;
export type WatchlistLevel = (typeof WATCHLIST_LEVELS)[number];

export const INCIDENT_STATUSES = ['open', 'in_progress', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const PRINT_JOB_STATUSES = ['queued', 'printing', 'done', 'failed', 'cancelled'] as const;
export type PrintJobStatus = (typeof PRINT_JOB_STATUSES)[number];

export const GATE_DIRECTIONS = ['entry', 'exit'] as const;
export const gateDirectionSchema = z.enum(GATE_DIRECTIONS);
export type GateDirection = (typeof GATE_DIRECTIONS)[number];

export const customFieldDefSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  kind: z.enum(['text', 'number', 'email', 'phone', 'choice']),
  labels: z.record(z.string(), z.string()),
  required: z.boolean(),
  choices: z.array(z.string()).optional(),
  /** An extra check of the answer, a regular expression it must match (e.g. a permit number's form). */
  pattern: z
    .string()
    .max(200)
    .refine((p) => {
      try {
        new RegExp(p, 'u');
        return true;
      } catch {
        return false;
      }
    }, 'not a valid regular expression')
    .optional(),
});
export type CustomFieldDef = z.infer<typeof customFieldDefSchema>;

export const idSchema = z.uuid();
export const isoTimeSchema = z.iso.datetime({ offset: true });
/** A person's name as typed at a kiosk: trimmed, not empty, not absurdly long, with at least one letter. */
export const personNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine((name) => /\p{L}/u.test(name), {
    message: 'A name needs at least one letter.',
    params: { fieldError: 'needs_letter' },
  });
