import { staffRepo } from '../../db/repos/directory';
import { ApiError } from '../../shared/errors';
import { defineHandlers } from '../context';
import { verifySecret } from '../secrets';
import { requireSite } from './station';

export const sessionHandlers = defineHandlers({
  'session.signIn': (input, ctx) => {
    const site = requireSite(ctx);
    const user = staffRepo.findByLogin(ctx.station.db, site.id, input.login.toLowerCase());
    const hashes = [user?.pinHash, user?.passwordHash].filter((h): h is string => Boolean(h));
    if (!user || !user.active || !hashes.some((h) => verifySecret(input.secret, h))) {
      throw new ApiError('unauthenticated', 'That sign-in name and PIN or password do not match.');
    }
    const session = ctx.station.sessions.create({ id: user.id, name: user.name, role: user.role });
    ctx.auditDetails.userId = user.id;
    return {
      token: session.token,
      user: { id: user.id, name: user.name, role: user.role },
      expiresAt: new Date(session.expiresAt).toISOString(),
    };
  },

  'session.signOut': (_input, ctx) => {
    if (ctx.caller.token) ctx.station.sessions.revoke(ctx.caller.token);
    return { ok: true as const };
  },

  'session.current': (_input, ctx) => {
    const user = ctx.caller.userId ? staffRepo.get(ctx.station.db, ctx.caller.userId) : undefined;
    return { role: ctx.caller.role, user: user ? { id: user.id, name: user.name, role: user.role } : null };
  },
});
