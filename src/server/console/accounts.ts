// The console's administrators: adding one (the `add-admin` command), signing in with a login and
// password, the cookie session that follows, and signing out. The password is hashed and checked with the
// station's own KDF (src/node/secrets.ts) and every attempt passes the station's own throttles and locks
// (src/node/sign-in-guard.ts): docs/console.md and docs/security.md say how they behave. The throttles are
// per process; the locks are kept in the database (./store.ts), so instances sharing it lock out as one.
//
// A session is a 256-bit random token in an HttpOnly cookie; the database keeps only its SHA-256. It ends
// after `idleMinutes` without a request, after `sessionHours` however busy, at sign-out, and when its
// administrator is disabled; an ended session is never revived.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { DECOY_HASH, hashSecret, needsRehash, verifySecret } from '../../node/secrets';
import { lockDurationMs, SignInGuard, type BucketLimit } from '../../node/sign-in-guard';
import { ApiError } from '../../shared/errors';
import { newId } from '../../shared/ids';
import { parse, sha256 } from '../service';
import type { ConsoleSessionRow, ConsoleStore, SessionEndReason } from './store';

export const CONSOLE_IDLE_MINUTES = 30;
export const CONSOLE_SESSION_HOURS = 12;
/** An account that can see every site and revoke any station: longer than a station password (10). */
export const CONSOLE_PASSWORD_MIN = 12;
/** A session's last use is written at most this often (a busy console page does not write per request). */
const TOUCH_EVERY_MS = 30_000;

const NO_MATCH = 'That login and password do not match.';

/** Lower case, NFKC, no surrounding spaces: "Ada " and "ada" are one login. */
export const normaliseLogin = (login: string): string => login.normalize('NFKC').trim().toLowerCase();

export const addAdminSchema = z.object({
  login: z
    .string()
    .trim()
    .min(2, 'at least 2 characters')
    .max(64)
    .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits and . _ @ - only'),
  name: z.string().trim().min(1).max(120),
  password: z
    .string()
    .min(CONSOLE_PASSWORD_MIN, `at least ${CONSOLE_PASSWORD_MIN} characters`)
    .max(1024)
    .refine((p) => p.trim() === p, 'no spaces at its start or end'),
});

const signInSchema = z.object({
  login: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
});

export interface ConsoleAdmin {
  id: string;
  login: string;
  name: string;
}

/** What the console page is told about its own session. */
export interface ConsoleSessionView {
  admin: ConsoleAdmin;
  /** When the session ends unless it is used before then. */
  idleExpiresAt: string;
  /** When it ends however busy it is. */
  expiresAt: string;
}

export interface ConsoleAccountsOptions {
  idleMinutes?: number;
  sessionHours?: number;
  /** Sign-in throttles other than the station's defaults (tests). */
  limits?: {
    perClient?: Partial<BucketLimit>;
    perLogin?: Partial<BucketLimit>;
    global?: Partial<BucketLimit>;
  };
}

export class ConsoleAccounts {
  readonly guard: SignInGuard;
  private readonly idleMs: number;
  /** How long a session lasts at most (the cookie's Max-Age). */
  readonly lifetimeMs: number;

  constructor(
    private readonly store: ConsoleStore,
    private readonly now: () => Date = () => new Date(),
    options: ConsoleAccountsOptions = {},
  ) {
    this.guard = new SignInGuard(now, options.limits);
    this.idleMs = (options.idleMinutes ?? CONSOLE_IDLE_MINUTES) * 60_000;
    this.lifetimeMs = (options.sessionHours ?? CONSOLE_SESSION_HOURS) * 3_600_000;
  }

  /** A new administrator; `by` says who added it (the command line, for the first). */
  async addAdmin(body: unknown, by: string): Promise<ConsoleAdmin> {
    const input = parse(addAdminSchema, body);
    const login = normaliseLogin(input.login);
    const at = this.now().toISOString();
    const admin = { id: newId(), login, name: input.name };
    const added = await this.store.addAdmin(
      {
        ...admin,
        passwordHash: await hashSecret(input.password),
        createdAt: at,
        updatedAt: at,
        disabledAt: null,
      },
      { at, action: 'console.admin_add', details: { adminId: admin.id, login, by } },
    );
    if (!added) throw new ApiError('conflict', `There is already a console administrator "${login}".`);
    return admin;
  }

  /** Every administrator (never a password hash), for the console's admin list. */
  async listAdmins(): Promise<(ConsoleAdmin & { createdAt: string; disabledAt: string | null })[]> {
    return (await this.store.listAdmins()).map(({ id, login, name, createdAt, disabledAt }) => ({
      id,
      login,
      name,
      createdAt,
      disabledAt,
    }));
  }

  /**
   * Disables an administrator, audited with who did it; their open sessions end at their next request.
   * Refused (nothing changed) for an unknown or already disabled one, and for the last one enabled.
   */
  async disableAdmin(id: string, by: ConsoleAdmin): Promise<void> {
    const at = this.now().toISOString();
    const outcome = await this.store.disableAdmin(id, at, {
      at,
      action: 'console.admin_disable',
      details: { adminId: id, by: by.id },
    });
    if (outcome === 'unknown') throw new ApiError('not_found', `There is no console administrator ${id}.`);
    if (outcome === 'already_disabled')
      throw new ApiError('conflict', 'That administrator is already disabled.');
    if (outcome === 'last_admin')
      throw new ApiError(
        'conflict',
        'That is the last enabled administrator: add another before disabling this one.',
      );
  }

  /** One admin audit entry at this clock (a console action whose change is recorded elsewhere). */
  audit(action: string, details: Record<string, unknown>): Promise<void> {
    return this.store.audit({ at: this.now().toISOString(), action, details });
  }

  /**
   * Checks a login and password from `client` (its address): throttled and locked like a station's staff
   * sign-in, one KDF per attempt whatever the outcome, one answer for every mismatch. Every outcome but a
   * throttled attempt is audited (a flood cannot grow the log).
   */
  async signIn(body: unknown, client: string): Promise<{ token: string; session: ConsoleSessionView }> {
    const input = parse(signInSchema, body);
    const login = normaliseLogin(input.login);
    this.guard.admit(client, login); // rate_limited: refused before any work, not audited
    // The lock is the database's, so every server instance on it enforces one lockout.
    const until = await this.store.lockedUntil(client, login);
    const lockedMs = until ? Date.parse(until) - this.now().getTime() : 0;
    if (until && lockedMs > 0) {
      await this.store.audit({
        at: this.now().toISOString(),
        action: 'console.sign_in_refused',
        details: { login, client, reason: 'locked', lockedUntil: until },
      });
      throw lockedError(lockedMs, until);
    }
    const admin = await this.store.adminByLogin(login);
    const matches = await verifySecret(input.password, admin?.passwordHash ?? DECOY_HASH);
    if (!admin || admin.disabledAt || !matches) {
      const at = this.now();
      const lockedUntil =
        (await this.store.recordFailure(client, login, at.toISOString(), lockDurationMs)) ?? undefined;
      const reason = !admin ? 'unknown_login' : admin.disabledAt ? 'disabled' : 'wrong_password';
      await this.store.audit({
        at: at.toISOString(),
        action: 'console.sign_in_failed',
        details: { login, client, reason, ...(lockedUntil ? { lockedUntil } : {}) },
      });
      if (lockedUntil)
        await this.store.audit({
          at: at.toISOString(),
          action: 'console.lockout',
          details: { login, client, lockedUntil },
        });
      throw new ApiError('unauthenticated', NO_MATCH);
    }
    this.guard.succeeded(client, login);
    await this.store.clearFailures(client, login);
    const rehash = needsRehash(admin.passwordHash) ? await hashSecret(input.password) : undefined;
    const token = `ghc.${randomBytes(32).toString('base64url')}`;
    const now = this.now();
    const row: ConsoleSessionRow = {
      tokenHash: sha256(token),
      adminId: admin.id,
      createdAt: now.toISOString(),
      lastUsedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.lifetimeMs).toISOString(),
      client,
      endedAt: null,
      endReason: null,
    };
    await this.store.startSession(
      row,
      { at: row.createdAt, action: 'console.sign_in', details: { adminId: admin.id, login, client } },
      rehash,
    );
    return { token, session: this.view(row, { id: admin.id, login: admin.login, name: admin.name }) };
  }

  /**
   * The session a cookie token opens, or null (unknown, ended, idle too long, past its lifetime or its
   * administrator disabled: the last three end it now, audited). Counts as use (the idle clock restarts)
   * unless `touch` is false: the live view's checks keep an unattended page from staying signed in.
   */
  async session(
    token: string | undefined,
    { touch = true }: { touch?: boolean } = {},
  ): Promise<ConsoleSessionView | null> {
    if (!token) return null;
    const tokenHash = sha256(token);
    const found = await this.store.openSession(tokenHash);
    if (!found) return null;
    const { session, admin } = found;
    const now = this.now();
    const reason: SessionEndReason | null = admin.disabledAt
      ? 'disabled'
      : now.getTime() >= Date.parse(session.expiresAt)
        ? 'expired'
        : now.getTime() >= Date.parse(session.lastUsedAt) + this.idleMs
          ? 'idle'
          : null;
    if (reason) {
      await this.end(tokenHash, session.adminId, reason, session.client);
      return null;
    }
    if (touch && now.getTime() - Date.parse(session.lastUsedAt) >= TOUCH_EVERY_MS) {
      session.lastUsedAt = now.toISOString();
      await this.store.touchSession(tokenHash, session.lastUsedAt);
    }
    return this.view(session, { id: admin.id, login: admin.login, name: admin.name });
  }

  /** Ends the session of a cookie token (signed out, audited); false when it was not open. */
  async signOut(token: string | undefined, client: string): Promise<boolean> {
    if (!token) return false;
    const found = await this.store.openSession(sha256(token));
    if (!found) return false;
    return this.end(sha256(token), found.admin.id, 'signed_out', client);
  }

  private end(tokenHash: string, adminId: string, reason: SessionEndReason, client: string) {
    return this.store.endSession(tokenHash, this.now().toISOString(), reason, {
      at: this.now().toISOString(),
      action: reason === 'signed_out' ? 'console.sign_out' : 'console.session_end',
      details: { adminId, client, reason },
    });
  }

  private view(session: ConsoleSessionRow, admin: ConsoleAdmin): ConsoleSessionView {
    const idle = Date.parse(session.lastUsedAt) + this.idleMs;
    return {
      admin,
      idleExpiresAt: new Date(Math.min(idle, Date.parse(session.expiresAt))).toISOString(),
      expiresAt: session.expiresAt,
    };
  }
}

/** 423 with how long and until when (the console page shows the time; scripts read retryAfterSeconds). */
export class LockedError extends ApiError {
  constructor(
    seconds: number,
    readonly lockedUntil: string,
  ) {
    super('locked', `Too many wrong attempts from here. Try again after ${lockedUntil}.`, undefined, seconds);
  }

  override toJSON() {
    return { ...super.toJSON(), lockedUntil: this.lockedUntil };
  }
}

const lockedError = (ms: number, until: string) => new LockedError(Math.max(1, Math.ceil(ms / 1000)), until);
