import { deskRepo } from '../../db/repos/desk';
import { hostsRepo, staffRepo, type StaffUserRow } from '../../db/repos/directory';
import { ApiError } from '../../shared/errors';
import { defineHandlers } from '../core/context';
import { DECOY_HASH, hashSecret, needsRehash, verifySecret } from '../../node/secrets';
import { requireSite, siteSettings } from '../core/site';

// One answer for every wrong sign-in (unknown login, wrong secret, disabled account): nothing tells them apart.
const NO_MATCH = 'That sign-in name and PIN or password do not match.';

/**
 * The one hash a secret is checked against, so every attempt costs exactly one KDF: a PIN is 4 to 8
 * digits and a password at least 10 characters (src/shared/api/admin.ts), so the shape of the secret
 * says which of the two it can be. An account without that kind of secret is checked against the decoy.
 */
function hashFor(
  user: StaffUserRow | undefined,
  secret: string,
): { column: 'pinHash' | 'passwordHash'; hash: string | null } {
  const column = /^\d{4,8}$/.test(secret) ? 'pinHash' : 'passwordHash';
  return { column, hash: user?.[column] ?? null };
}

export const sessionHandlers = defineHandlers({
  // Async (effect: true) so the KDF runs off the event loop; src/node/sign-in-guard.ts says how
  // throttles and locks work.
  'session.signIn': async (input, ctx) => {
    const site = requireSite(ctx);
    const guard = ctx.station.signInGuard;
    const client = ctx.caller.client ?? 'station';
    const typed = input.badge ? `badge:${input.badge}` : `login:${(input.login ?? '').toLowerCase()}`;
    guard.admit(client, typed); // rate_limited: refused before any work, and not audited
    const { db } = ctx.station;
    const user = input.badge
      ? staffRepo.findByBadge(db, site.id, input.badge)
      : staffRepo.findByLogin(db, site.id, (input.login ?? '').toLowerCase());
    // For the audit entry, refused or not: which account from where, never the secret and never the typed
    // text in clear (a name that matches no account may be a PIN typed in the wrong field): an unknown one
    // as a keyed digest, so repeated guesses at one name can be told apart from many.
    Object.assign(
      ctx.auditDetails,
      user ? { userId: user.id } : { typed: ctx.station.keys.auditDigest(typed) },
      input.badge ? { badge: true } : {},
      { client },
    );

    const lockedMs = guard.lockedFor(client, typed);
    if (lockedMs) {
      Object.assign(ctx.auditDetails, { reason: 'locked', retryAfterSeconds: Math.ceil(lockedMs / 1000) });
      throw ApiError.wait(
        'locked',
        'Too many wrong attempts from here. Wait before trying again.',
        lockedMs / 1000,
      );
    }

    const { column, hash } = hashFor(user, input.secret);
    const matches = await verifySecret(input.secret, hash ?? DECOY_HASH);
    if (!user || !user.active || !hash || !matches) {
      const lockMs = guard.failed(client, typed);
      const reason = !user ? 'unknown_login' : !user.active ? 'disabled' : 'wrong_secret';
      Object.assign(
        ctx.auditDetails,
        { reason },
        lockMs ? { lockedForSeconds: Math.ceil(lockMs / 1000) } : {},
      );
      throw new ApiError('unauthenticated', NO_MATCH);
    }
    guard.succeeded(client, typed);
    // Hashes made with older parameters are replaced now that the secret is known.
    const upgraded = needsRehash(hash) ? await hashSecret(input.secret) : null;

    return ctx.write((w) => {
      // The account as it is now: a secret reset or a disabled account since the check wins.
      const now = staffRepo.get(w.station.db, user.id);
      if (!now || !now.active || now[column] !== hash) throw new ApiError('unauthenticated', NO_MATCH);
      if (upgraded) staffRepo.update(w.station.db, user.id, { [column]: upgraded });
      const settings = siteSettings(w.station.db, site.id);
      const session = w.station.sessions.create(
        { id: now.id, name: now.name, role: now.role },
        { idleMs: settings.staffIdleMinutes * 60_000, lifetimeMs: settings.staffSessionHours * 3_600_000 },
      );
      w.actingAs({ id: now.id, role: now.role });
      w.auditDetails.userId = now.id;
      return {
        token: session.token,
        user: { id: now.id, name: now.name, role: now.role },
        expiresAt: new Date(session.expiresAt).toISOString(),
      };
    });
  },

  'session.signOut': (_input, ctx) => {
    const { token } = ctx.caller;
    if (token) ctx.afterCommit(() => ctx.station.sessions.revoke(token));
    return { ok: true as const };
  },

  'session.current': (_input, ctx) => {
    const user = ctx.caller.userId ? staffRepo.get(ctx.station.db, ctx.caller.userId) : undefined;
    const hostId =
      user && ctx.caller.role === 'host' ? deskRepo.hostIdOfStaff(ctx.station.db, user.id) : null;
    const host = hostId ? hostsRepo.get(ctx.station.db, hostId) : undefined;
    return {
      role: ctx.caller.role,
      user: user ? { id: user.id, name: user.name, role: user.role } : null,
      host: host?.active ? { id: host.id, name: host.name, department: host.department } : null,
    };
  },
});
