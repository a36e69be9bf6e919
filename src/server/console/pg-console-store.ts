// The console's administrators and sessions on PostgreSQL (./store.ts), on the PgSyncStore's pool: every
// server instance knows every session, so a sign-out at one instance ends the session at all of them.
import { and, asc, count, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { adminAudit } from '../db/pg-schema';
import type { PgSyncStore } from '../pg-store';
import type { AdminAuditEntry } from '../store';
import { consoleAdmins, consoleSessions, consoleSignInFailures } from './pg-schema';
import {
  pruneBefore,
  type ConsoleAdminRow,
  type ConsoleSessionRow,
  type ConsoleStore,
  type DisableOutcome,
  type SessionEndReason,
} from './store';

export class PgConsoleStore implements ConsoleStore {
  constructor(private readonly store: PgSyncStore) {}

  private get db() {
    return this.store.db;
  }

  addAdmin(row: ConsoleAdminRow, audit: AdminAuditEntry) {
    return this.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(consoleAdmins)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: consoleAdmins.id });
      if (inserted.length === 0) return false;
      await tx.insert(adminAudit).values(audit);
      return true;
    });
  }
  async adminByLogin(login: string) {
    const [row] = await this.db.select().from(consoleAdmins).where(eq(consoleAdmins.login, login));
    return row;
  }
  async startSession(row: ConsoleSessionRow, audit: AdminAuditEntry, rehash?: string) {
    await this.db.transaction(async (tx) => {
      if (rehash)
        await tx
          .update(consoleAdmins)
          .set({ passwordHash: rehash, updatedAt: row.createdAt })
          .where(eq(consoleAdmins.id, row.adminId));
      await tx.insert(consoleSessions).values(row);
      await tx.insert(adminAudit).values(audit);
    });
  }
  async openSession(tokenHash: string) {
    const [row] = await this.db
      .select({ session: consoleSessions, admin: consoleAdmins })
      .from(consoleSessions)
      .innerJoin(consoleAdmins, eq(consoleAdmins.id, consoleSessions.adminId))
      .where(and(eq(consoleSessions.tokenHash, tokenHash), isNull(consoleSessions.endedAt)));
    return row;
  }
  async touchSession(tokenHash: string, at: string) {
    await this.db
      .update(consoleSessions)
      .set({ lastUsedAt: at })
      .where(eq(consoleSessions.tokenHash, tokenHash));
  }
  endSession(tokenHash: string, at: string, reason: SessionEndReason, audit: AdminAuditEntry) {
    return this.db.transaction(async (tx) => {
      const ended = await tx
        .update(consoleSessions)
        .set({ endedAt: at, endReason: reason })
        .where(and(eq(consoleSessions.tokenHash, tokenHash), isNull(consoleSessions.endedAt)))
        .returning({ tokenHash: consoleSessions.tokenHash });
      if (ended.length === 0) return false;
      await tx.insert(adminAudit).values(audit);
      return true;
    });
  }
  async audit(entry: AdminAuditEntry) {
    await this.db.insert(adminAudit).values(entry);
  }
  async adminCount() {
    const [row] = await this.db.select({ n: count() }).from(consoleAdmins);
    return row?.n ?? 0;
  }
  listAdmins() {
    return this.db.select().from(consoleAdmins).orderBy(asc(consoleAdmins.login));
  }
  disableAdmin(id: string, at: string, audit: AdminAuditEntry) {
    return this.db.transaction(async (tx): Promise<DisableOutcome> => {
      // One disable at a time (two admins disabling each other at once must not leave none).
      await tx.execute(sql`LOCK TABLE console_admins IN SHARE ROW EXCLUSIVE MODE`);
      const [admin] = await tx.select().from(consoleAdmins).where(eq(consoleAdmins.id, id));
      if (!admin) return 'unknown';
      if (admin.disabledAt) return 'already_disabled';
      const [enabled] = await tx
        .select({ n: count() })
        .from(consoleAdmins)
        .where(isNull(consoleAdmins.disabledAt));
      if ((enabled?.n ?? 0) <= 1) return 'last_admin';
      await tx.update(consoleAdmins).set({ disabledAt: at, updatedAt: at }).where(eq(consoleAdmins.id, id));
      await tx.insert(adminAudit).values(audit);
      return 'disabled';
    });
  }
  async lockedUntil(client: string, login: string) {
    const [row] = await this.db
      .select({ until: consoleSignInFailures.lockedUntil })
      .from(consoleSignInFailures)
      .where(and(eq(consoleSignInFailures.client, client), eq(consoleSignInFailures.login, login)));
    return row?.until ?? null;
  }
  recordFailure(client: string, login: string, at: string, lockMs: (failures: number) => number) {
    const key = and(eq(consoleSignInFailures.client, client), eq(consoleSignInFailures.login, login));
    return this.db.transaction(async (tx) => {
      const old = pruneBefore(at);
      await tx
        .delete(consoleSignInFailures)
        .where(
          and(
            lt(consoleSignInFailures.updatedAt, old),
            or(isNull(consoleSignInFailures.lockedUntil), lt(consoleSignInFailures.lockedUntil, at)),
          ),
        );
      // The upsert locks the row: two instances counting a failure at once count two, in turn.
      const [row] = await tx
        .insert(consoleSignInFailures)
        .values({ client, login, failures: 1, lockedUntil: null, updatedAt: at })
        .onConflictDoUpdate({
          target: [consoleSignInFailures.client, consoleSignInFailures.login],
          set: { failures: sql`${consoleSignInFailures.failures} + 1`, updatedAt: at },
        })
        .returning({ failures: consoleSignInFailures.failures });
      const ms = lockMs(row!.failures);
      const lockedUntil = ms > 0 ? new Date(Date.parse(at) + ms).toISOString() : null;
      await tx.update(consoleSignInFailures).set({ lockedUntil }).where(key);
      return lockedUntil;
    });
  }
  async clearFailures(client: string, login: string) {
    await this.db
      .delete(consoleSignInFailures)
      .where(and(eq(consoleSignInFailures.client, client), eq(consoleSignInFailures.login, login)));
  }
}
