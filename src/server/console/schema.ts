// The console's own accounts on the sync server's database (docs/console.md): administrators who sign in
// to the web console with a login and password (an scrypt hash, src/node/secrets.ts), and their sessions
// (only the SHA-256 of each session cookie is kept). Not staff of any site: these accounts never sync to a
// station. Every change is recorded in the admin audit in the same transaction.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const consoleAdmins = sqliteTable(
  'console_admins',
  {
    id: text('id').primaryKey(),
    /** As typed at sign-in, lower-cased and trimmed (NFKC): one account per login. */
    login: text('login').notNull(),
    name: text('name').notNull(),
    /** `scrypt$N$r$p$salt$key` (src/node/secrets.ts), never the password. */
    passwordHash: text('password_hash').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /** Set when the account is disabled: its sessions end and it cannot sign in. */
    disabledAt: text('disabled_at'),
  },
  (t) => [uniqueIndex('console_admins_login').on(t.login)],
);

export const consoleSessions = sqliteTable(
  'console_sessions',
  {
    /** SHA-256 (hex) of the cookie's 256 random bits: a stolen database yields no usable session. */
    tokenHash: text('token_hash').primaryKey(),
    adminId: text('admin_id')
      .notNull()
      .references(() => consoleAdmins.id),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at').notNull(),
    /** The absolute end, however busy the session is. */
    expiresAt: text('expires_at').notNull(),
    /** The client address that signed in (for the audit and the sessions list). */
    client: text('client').notNull(),
    endedAt: text('ended_at'),
    /** signed_out, idle, expired or disabled. */
    endReason: text('end_reason'),
  },
  (t) => [index('console_sessions_admin').on(t.adminId)],
);

/**
 * Wrong passwords per client address and typed login, and the lock they started: kept in the database so
 * every server instance on one PostgreSQL enforces one lockout (a guesser cannot spread guesses over the
 * instances behind a load balancer). A right password deletes the row; rows quiet for a day are pruned.
 */
export const consoleSignInFailures = sqliteTable(
  'console_sign_in_failures',
  {
    client: text('client').notNull(),
    /** The login as typed (normalised), known or not: an unknown login locks exactly like a real one. */
    login: text('login').notNull(),
    failures: integer('failures').notNull(),
    lockedUntil: text('locked_until'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.client, t.login] }),
    index('console_sign_in_failures_updated').on(t.updatedAt),
  ],
);
