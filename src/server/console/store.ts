// Where the console keeps its administrators and their sessions, behind one interface like the SyncStore:
// the embedded SQLite one here, the PostgreSQL one in ./pg-console-store.ts. Every method is one
// transaction, and each change is written with its admin audit entry in that same transaction.
import { and, asc, count, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { adminAudit } from '../db/schema';
import type { SqliteSyncStore } from '../sqlite-store';
import type { AdminAuditEntry } from '../store';
import { consoleAdmins, consoleSessions, consoleSignInFailures } from './schema';

export type ConsoleAdminRow = typeof consoleAdmins.$inferSelect;
export type ConsoleSessionRow = typeof consoleSessions.$inferSelect;
export type SessionEndReason = 'signed_out' | 'idle' | 'expired' | 'disabled';
/** What disabling an administrator came to: done, or why nothing changed. */
export type DisableOutcome = 'disabled' | 'unknown' | 'already_disabled' | 'last_admin';
/** Failure rows quiet this long (and no longer locked) are pruned: the count starts again. */
export const FAILURES_KEPT_MS = 24 * 3_600_000;
export const pruneBefore = (at: string) => new Date(Date.parse(at) - FAILURES_KEPT_MS).toISOString();

export interface ConsoleStore {
  /** Adds an administrator; false (nothing changed) when the login is taken. */
  addAdmin(row: ConsoleAdminRow, audit: AdminAuditEntry): Promise<boolean>;
  adminByLogin(login: string): Promise<ConsoleAdminRow | undefined>;
  /** Starts a session (and, when the hash was made with older parameters, stores the new hash). */
  startSession(row: ConsoleSessionRow, audit: AdminAuditEntry, rehash?: string): Promise<void>;
  /** A session that has not ended, with its administrator. */
  openSession(tokenHash: string): Promise<{ session: ConsoleSessionRow; admin: ConsoleAdminRow } | undefined>;
  touchSession(tokenHash: string, at: string): Promise<void>;
  /** Ends an open session; false when it had already ended. */
  endSession(
    tokenHash: string,
    at: string,
    reason: SessionEndReason,
    audit: AdminAuditEntry,
  ): Promise<boolean>;
  /** An audit entry of its own: a refused sign-in changes nothing else. */
  audit(entry: AdminAuditEntry): Promise<void>;
  adminCount(): Promise<number>;
  /** Every administrator, disabled ones too, by login. */
  listAdmins(): Promise<ConsoleAdminRow[]>;
  /**
   * Disables an administrator (its sessions end at their next request) with its audit entry, unless it
   * is unknown, already disabled or the last one enabled: the console is never left without an admin.
   */
  disableAdmin(id: string, at: string, audit: AdminAuditEntry): Promise<DisableOutcome>;

  // Sign-in locks, shared by every server instance on the database (docs/console.md#signing-in).
  /** Until when this client is locked out of this login (ISO), or null. */
  lockedUntil(client: string, login: string): Promise<string | null>;
  /**
   * Counts one more wrong password from this client for this login and sets the lock `lockMs` gives for
   * the new count (0: none yet); returns the lock's end, or null. Prunes rows quiet for a day.
   */
  recordFailure(
    client: string,
    login: string,
    at: string,
    lockMs: (failures: number) => number,
  ): Promise<string | null>;
  /** A right password clears this client's count for this login. */
  clearFailures(client: string, login: string): Promise<void>;
}

export class SqliteConsoleStore implements ConsoleStore {
  constructor(private readonly store: SqliteSyncStore) {}

  private get db() {
    return this.store.db;
  }

  private tx<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(this.db.$client.transaction(work).immediate());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  addAdmin(row: ConsoleAdminRow, audit: AdminAuditEntry) {
    return this.tx(() => {
      const inserted = this.db.insert(consoleAdmins).values(row).onConflictDoNothing().run().changes;
      if (inserted === 0) return false;
      this.db.insert(adminAudit).values(audit).run();
      return true;
    });
  }
  adminByLogin(login: string) {
    return this.tx(() => this.db.select().from(consoleAdmins).where(eq(consoleAdmins.login, login)).get());
  }
  startSession(row: ConsoleSessionRow, audit: AdminAuditEntry, rehash?: string) {
    return this.tx(() => {
      if (rehash)
        this.db
          .update(consoleAdmins)
          .set({ passwordHash: rehash, updatedAt: row.createdAt })
          .where(eq(consoleAdmins.id, row.adminId))
          .run();
      this.db.insert(consoleSessions).values(row).run();
      this.db.insert(adminAudit).values(audit).run();
    });
  }
  openSession(tokenHash: string) {
    return this.tx(() =>
      this.db
        .select({ session: consoleSessions, admin: consoleAdmins })
        .from(consoleSessions)
        .innerJoin(consoleAdmins, eq(consoleAdmins.id, consoleSessions.adminId))
        .where(and(eq(consoleSessions.tokenHash, tokenHash), isNull(consoleSessions.endedAt)))
        .get(),
    );
  }
  touchSession(tokenHash: string, at: string) {
    return this.tx(() => {
      this.db
        .update(consoleSessions)
        .set({ lastUsedAt: at })
        .where(eq(consoleSessions.tokenHash, tokenHash))
        .run();
    });
  }
  endSession(tokenHash: string, at: string, reason: SessionEndReason, audit: AdminAuditEntry) {
    return this.tx(() => {
      const ended = this.db
        .update(consoleSessions)
        .set({ endedAt: at, endReason: reason })
        .where(and(eq(consoleSessions.tokenHash, tokenHash), isNull(consoleSessions.endedAt)))
        .run().changes;
      if (ended === 0) return false;
      this.db.insert(adminAudit).values(audit).run();
      return true;
    });
  }
  audit(entry: AdminAuditEntry) {
    return this.tx(() => {
      this.db.insert(adminAudit).values(entry).run();
    });
  }
  adminCount() {
    return this.tx(() => this.db.select({ n: count() }).from(consoleAdmins).get()?.n ?? 0);
  }
  listAdmins() {
    return this.tx(() => this.db.select().from(consoleAdmins).orderBy(asc(consoleAdmins.login)).all());
  }
  disableAdmin(id: string, at: string, audit: AdminAuditEntry) {
    return this.tx((): DisableOutcome => {
      const admin = this.db.select().from(consoleAdmins).where(eq(consoleAdmins.id, id)).get();
      if (!admin) return 'unknown';
      if (admin.disabledAt) return 'already_disabled';
      const enabled =
        this.db.select({ n: count() }).from(consoleAdmins).where(isNull(consoleAdmins.disabledAt)).get()?.n ??
        0;
      if (enabled <= 1) return 'last_admin';
      this.db
        .update(consoleAdmins)
        .set({ disabledAt: at, updatedAt: at })
        .where(eq(consoleAdmins.id, id))
        .run();
      this.db.insert(adminAudit).values(audit).run();
      return 'disabled';
    });
  }
  lockedUntil(client: string, login: string) {
    return this.tx(
      () =>
        this.db
          .select({ until: consoleSignInFailures.lockedUntil })
          .from(consoleSignInFailures)
          .where(and(eq(consoleSignInFailures.client, client), eq(consoleSignInFailures.login, login)))
          .get()?.until ?? null,
    );
  }
  recordFailure(client: string, login: string, at: string, lockMs: (failures: number) => number) {
    return this.tx(() => {
      const old = pruneBefore(at);
      this.db
        .delete(consoleSignInFailures)
        .where(
          and(
            lt(consoleSignInFailures.updatedAt, old),
            or(isNull(consoleSignInFailures.lockedUntil), lt(consoleSignInFailures.lockedUntil, at)),
          ),
        )
        .run();
      const { failures } = this.db
        .insert(consoleSignInFailures)
        .values({ client, login, failures: 1, lockedUntil: null, updatedAt: at })
        .onConflictDoUpdate({
          target: [consoleSignInFailures.client, consoleSignInFailures.login],
          set: { failures: sql`${consoleSignInFailures.failures} + 1`, updatedAt: at },
        })
        .returning({ failures: consoleSignInFailures.failures })
        .get();
      const ms = lockMs(failures);
      const lockedUntil = ms > 0 ? new Date(Date.parse(at) + ms).toISOString() : null;
      this.db
        .update(consoleSignInFailures)
        .set({ lockedUntil })
        .where(and(eq(consoleSignInFailures.client, client), eq(consoleSignInFailures.login, login)))
        .run();
      return lockedUntil;
    });
  }
  clearFailures(client: string, login: string) {
    return this.tx(() => {
      this.db
        .delete(consoleSignInFailures)
        .where(and(eq(consoleSignInFailures.client, client), eq(consoleSignInFailures.login, login)))
        .run();
    });
  }
}
