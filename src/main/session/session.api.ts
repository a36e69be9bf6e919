import { staffRepo, type StaffUserRow } from '../../db/repos/directory';
import { backoffDelay } from '../../shared/backoff';
import { ApiError } from '../../shared/errors';
import { defineHandlers, type CallContext } from '../core/context';
import { verifySecret } from '../core/secrets';
import { requireSite } from '../core/site';

/** Failed attempts allowed before the account locks; each failure after that doubles the lock. */
export const FREE_ATTEMPTS = 5;
const FIRST_LOCK_MS = 30_000;
const LONGEST_LOCK_MS = 15 * 60_000;

export function lockDurationMs(failedAttempts: number): number {
  if (failedAttempts < FREE_ATTEMPTS) return 0;
  return backoffDelay(failedAttempts - FREE_ATTEMPTS, { base: FIRST_LOCK_MS, max: LONGEST_LOCK_MS });
}

// Checked when nobody matches, so an unknown login costs the same time as a wrong PIN.
const DECOY_HASH = `scrypt$32768$8$3$${'A'.repeat(22)}==$${'A'.repeat(43)}=`;

function refuseLocked(user: StaffUserRow, ctx: CallContext): void {
  if (!user.lockedUntil || user.lockedUntil <= ctx.nowIso) return;
  const seconds = Math.ceil((Date.parse(user.lockedUntil) - ctx.now.getTime()) / 1000);
  throw new ApiError('locked', `Too many wrong attempts. Try again in ${seconds} seconds.`);
}

export const sessionHandlers = defineHandlers({
  'session.signIn': (input, ctx) => {
    const site = requireSite(ctx);
    const { db } = ctx.station;
    const user = input.badge
      ? staffRepo.findByBadge(db, site.id, input.badge)
      : staffRepo.findByLogin(db, site.id, (input.login ?? '').toLowerCase());
    if (user) refuseLocked(user, ctx);

    const hashes = [user?.pinHash, user?.passwordHash].filter((h): h is string => Boolean(h));
    const matches = (hashes.length ? hashes : [DECOY_HASH]).some((h) => verifySecret(input.secret, h));
    if (!user || !user.active || !matches) {
      if (user) {
        const failed = user.failedAttempts + 1;
        const lockMs = lockDurationMs(failed);
        const lockedUntil = lockMs ? new Date(ctx.now.getTime() + lockMs).toISOString() : null;
        ctx.onRefusal(() => staffRepo.recordSignInResult(db, user.id, failed, lockedUntil, ctx.nowIso));
      }
      throw new ApiError('unauthenticated', 'That sign-in name and PIN or password do not match.');
    }

    if (user.failedAttempts || user.lockedUntil)
      staffRepo.recordSignInResult(db, user.id, 0, null, ctx.nowIso);
    const session = ctx.station.sessions.create({ id: user.id, name: user.name, role: user.role });
    ctx.auditDetails.userId = user.id;
    return {
      token: session.token,
      user: { id: user.id, name: user.name, role: user.role },
      expiresAt: new Date(session.expiresAt).toISOString(),
    };
  },

  'session.signOut': (_input, ctx) => {
    const { token } = ctx.caller;
    if (token) ctx.afterCommit(() => ctx.station.sessions.revoke(token));
    return { ok: true as const };
  },

  'session.current': (_input, ctx) => {
    const user = ctx.caller.userId ? staffRepo.get(ctx.station.db, ctx.caller.userId) : undefined;
    return { role: ctx.caller.role, user: user ? { id: user.id, name: user.name, role: user.role } : null };
  },
});
