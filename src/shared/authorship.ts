// Who may author each kind of synced change: one table, read by the sync server's rules
// (src/server/rules.ts) when it judges a pushed op, and by the station when it records one
// (src/main/core/outbox.ts), so no station acknowledges a write the server will refuse (issue #21).
//
// Decisions, per kind:
// - visits, visitors, passes, gate events and incidents happen at every kind of station;
// - the host directory, visitor types and their documents are the desk's (an administrator's work);
// - the watchlist is kept by security staff, who sign in at desks and at gates; never at a public kiosk;
// - site settings, staff accounts, legal holds and the site's shared device profile are the desk's too;
// - station rows and their pass keys are written by the sync server alone, at enrollment and revocation.
// Ops of a type that names no entity kind (a newer build's, or a notice for the server) are not in the
// table: the server keeps them within the author's site, under a quota (src/server/rules.ts).
import type { EntityKind } from './merge';
import type { EnrollmentRole } from './sync';

const EVERY_STATION: readonly EnrollmentRole[] = ['kiosk', 'desk', 'gate'];

export const AUTHORED_BY: Record<EntityKind, readonly EnrollmentRole[]> = {
  visit: EVERY_STATION,
  visitor: EVERY_STATION,
  pass: EVERY_STATION,
  gateEvent: EVERY_STATION,
  incident: EVERY_STATION,
  incidentEvent: EVERY_STATION,
  host: ['desk'],
  visitorType: ['desk'],
  visitorTypeDocument: ['desk'],
  watchlist: ['desk', 'gate'],
  // A site's settings and staff accounts are an administrator's work at a desk (issue #16).
  siteSettings: ['desk'],
  staff: ['desk'],
  // A legal hold is an administrator's decision at a desk: never a public kiosk's or a gate's (issue #15).
  legalHold: ['desk'],
  // The device setup every station of a site adopts is an administrator's decision at a desk (issue #16).
  deviceProfile: ['desk'],
  station: [],
};

/**
 * Op types whose authors are fewer than their kind's. Anonymising a visit or a visitor (retention and a
 * person's erasure, issue #15) cannot be undone, so it is an administrator's work at a desk (or the
 * server's): a kiosk or gate credential, which sits in a public place, can never wipe a site's records.
 */
export const OP_AUTHORED_BY: Readonly<Record<string, readonly EnrollmentRole[]>> = {
  'visit.anonymise': ['desk'],
  'visitor.anonymise': ['desk'],
};

/** Why a station of this kind may not author changes of that kind (or op type), in one sentence; null when it may. */
export function authorshipRefusal(station: EnrollmentRole, kind: EntityKind, type?: string): string | null {
  const narrower = type === undefined ? undefined : OP_AUTHORED_BY[type];
  const allowed = narrower ?? AUTHORED_BY[kind];
  if (allowed.includes(station)) return null;
  if (narrower)
    return `A ${station} station may not record ${type}; only a ${narrower.join(' or ')} station may.`;
  return allowed.length === 0
    ? `Only the sync server writes ${kind} entries.`
    : `A ${station} station may not change ${kind} entries; only a ${allowed.join(' or ')} station may.`;
}

/**
 * Stations that may vouch for a signed-in host delegating their approvals (POST /notify/delegations): the
 * desk, where a host signs in with their own secret. A gate or a public kiosk credential never may, so a
 * leaked one cannot redirect a host's approvals.
 */
export const DELEGATION_VOUCHERS: readonly EnrollmentRole[] = ['desk'];
export const DELEGATION_REFUSAL = 'Only a desk station may record a host’s delegation; sign in there.';

/**
 * The longest pass a kiosk or gate signs: a pass for "today" (a local day is at most 25 hours) plus the
 * three days station clocks may be apart (a pass signed here is reissued at a station whose clock is
 * behind). Short of the week- or month-long passes only a desk issues.
 */
export const KIOSK_PASS_MAX_MS = (25 + 3 * 24) * 3_600_000;

/**
 * The longest pass a station of each kind may sign; every gate checks it on the signer's key (issue #14). A
 * desk is staff-run and signs passes of any length (extensions up to 30 days). A kiosk stands in a public
 * lobby and a gate issues no passes of its own, so each signs passes for one site day only (with room for clock
 * skew): a stolen or cloned kiosk key cannot mint a week-long pass that gates accept. (A forged invite opens nothing whoever
 * signs it: its visit is not on record, so the gate sends its bearer to the desk.)
 */
export const PASS_SIGNING: Record<EnrollmentRole, { maxValidityMs: number | null }> = {
  desk: { maxValidityMs: null },
  kiosk: { maxValidityMs: KIOSK_PASS_MAX_MS },
  gate: { maxValidityMs: KIOSK_PASS_MAX_MS },
};

/** Why a station of this kind may not sign that pass, in one sentence; null when it may. */
export function passSigningRefusal(
  station: EnrollmentRole,
  pass: { validFrom: Date; validUntil: Date },
): string | null {
  const { maxValidityMs } = PASS_SIGNING[station];
  const validity = pass.validUntil.getTime() - pass.validFrom.getTime();
  if (maxValidityMs !== null && validity > maxValidityMs)
    return `A ${station} station may issue passes for the day only; the desk issues longer ones.`;
  return null;
}
