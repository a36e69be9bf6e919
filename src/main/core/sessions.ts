// Staff sessions: an opaque bearer token per sign-in, kept in memory (a restart signs everyone out) and
// ended after a stretch of inactivity (the site's staffIdleMinutes) or, however busy, after an absolute
// lifetime (staffSessionHours), so a token copied from a screen does not live for ever.
import { randomBytes } from 'node:crypto';
import type { StaffRole } from '../../shared/domain';
import type { Caller } from './caller';

export interface Session {
  token: string;
  userId: string;
  name: string;
  role: StaffRole;
  /** When it ends unless used again; each use moves it to now + idleMs, never past `endsAt`. */
  expiresAt: number;
  idleMs: number;
  /** The absolute end, however busy the session is. */
  endsAt: number;
}

export interface SessionLimits {
  idleMs: number;
  lifetimeMs: number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  /** Told the token of every session that ends (signed out, revoked, found expired): event sockets close. */
  private readonly endListeners = new Set<(token: string) => void>();

  constructor(
    private readonly now: () => Date,
    private readonly defaults: SessionLimits = { idleMs: 15 * 60_000, lifetimeMs: 12 * 3_600_000 },
  ) {}

  create(
    user: { id: string; name: string; role: StaffRole },
    { idleMs, lifetimeMs }: SessionLimits = this.defaults,
  ): Session {
    const token = randomBytes(32).toString('base64url');
    const now = this.now().getTime();
    const endsAt = now + lifetimeMs;
    const session = {
      token,
      userId: user.id,
      name: user.name,
      role: user.role,
      expiresAt: Math.min(now + idleMs, endsAt),
      idleMs,
      endsAt,
    };
    this.sessions.set(token, session);
    return session;
  }

  /** The live session for a token (each use extends it), or null when unknown or idle too long. */
  resolve(token: string): Session | null {
    const session = this.sessions.get(token);
    if (!session) return null;
    const now = this.now().getTime();
    if (session.expiresAt <= now) {
      this.end(token);
      return null;
    }
    session.expiresAt = Math.min(now + session.idleMs, session.endsAt);
    return session;
  }

  /**
   * Whether a token's session is still live, without counting as a use (an event sent to a screen does
   * not keep its session alive; only the screen's own calls do).
   */
  isLive(token: string): boolean {
    const session = this.sessions.get(token);
    if (session && session.expiresAt > this.now().getTime()) return true;
    if (session) this.end(token);
    return false;
  }

  /** Calls `listener` with the token of each session that ends; returns the unsubscribe. */
  onEnd(listener: (token: string) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  private end(token: string): void {
    if (!this.sessions.delete(token)) return;
    for (const listener of this.endListeners) listener(token);
  }

  /**
   * Who a transport call comes from: no token is the anonymous visitor at the screen; a live token is
   * its staff user; an unknown or expired token is null (the caller must sign in again).
   */
  callerFor(token: string | undefined): Caller | null {
    if (!token) return { role: 'visitor', userId: null };
    const session = this.resolve(token);
    return session ? { role: session.role, userId: session.userId, token } : null;
  }

  revoke(token: string): void {
    this.end(token);
  }

  /** Ends every session of a user (their role changed, or they may no longer sign in). */
  revokeUser(userId: string): void {
    for (const [token, session] of [...this.sessions]) if (session.userId === userId) this.end(token);
  }
}
