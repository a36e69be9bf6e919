// The console's accounts and sessions on PostgreSQL (exported from ../db/pg-schema.ts, so the PostgreSQL
// migrations cover them): the same tables, columns and meaning as ./schema.ts.
import { index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

export const consoleAdmins = pgTable(
  'console_admins',
  {
    id: text('id').primaryKey(),
    login: text('login').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    disabledAt: text('disabled_at'),
  },
  (t) => [uniqueIndex('console_admins_login').on(t.login)],
);

export const consoleSessions = pgTable(
  'console_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    adminId: text('admin_id')
      .notNull()
      .references(() => consoleAdmins.id),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    client: text('client').notNull(),
    endedAt: text('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [index('console_sessions_admin').on(t.adminId)],
);

export const consoleSignInFailures = pgTable(
  'console_sign_in_failures',
  {
    client: text('client').notNull(),
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
