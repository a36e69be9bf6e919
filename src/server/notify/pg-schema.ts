// The notification service's tables on PostgreSQL (exported from ../db/pg-schema.ts, so the PostgreSQL
// migrations cover them): the same tables, columns and meaning as ./schema.ts, plus `claimed_by` on the
// queue — the server instance sending a message, so an instance that stopped mid-send is told apart from
// one still sending (./pg-notify-store.ts).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const notifyProfiles = pgTable(
  'notify_profiles',
  {
    kind: text('kind').$type<'site' | 'host' | 'visitorType'>().notNull(),
    id: text('id').notNull(),
    value: json('value').$type<Record<string, unknown>>().notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.id] })],
);

export const notifyState = pgTable('notify_state', {
  name: text('name').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

export const notifyMessages = pgTable(
  'notify_messages',
  {
    id: text('id').primaryKey(),
    idempotencyKey: text('idempotency_key').notNull(),
    siteId: text('site_id'),
    channel: text('channel').notNull(),
    address: text('address').notNull(),
    hostId: text('host_id'),
    event: text('event').notNull(),
    visitId: text('visit_id'),
    content: json('content').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'queued' | 'sending' | 'sent' | 'dead'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    readAt: text('read_at'),
    createdAt: text('created_at').notNull(),
    /** The instance sending it (its advisory lock key while it runs); null unless status is 'sending'. */
    claimedBy: integer('claimed_by'),
  },
  (t) => [
    uniqueIndex('notify_messages_key').on(t.idempotencyKey),
    index('notify_messages_due').on(t.status, t.nextAttemptAt),
    index('notify_messages_site').on(t.siteId, t.channel, t.createdAt),
    // Bodies the purge has not emptied yet (issue #15, docs/privacy.md).
    index('notify_messages_unpurged')
      .on(t.createdAt)
      .where(sql`content::text <> '{"purged":true}'`),
  ],
);

export const notifyAttempts = pgTable(
  'notify_attempts',
  {
    messageId: text('message_id')
      .notNull()
      .references(() => notifyMessages.id),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    ok: boolean('ok').notNull(),
    statusCode: integer('status_code'),
    detail: text('detail'),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.attempt] })],
);

export const approvals = pgTable(
  'approvals',
  {
    visitId: text('visit_id').primaryKey(),
    siteId: text('site_id').notNull(),
    steps: json('steps').$type<string[][]>().notNull(),
    step: integer('step').notNull(),
    stepStartedAt: text('step_started_at').notNull(),
    escalatedAt: text('escalated_at'),
    status: text('status').$type<'pending' | 'approved' | 'denied' | 'closed'>().notNull(),
    decidedBy: text('decided_by'),
    reason: text('reason'),
    decidedAt: text('decided_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('approvals_pending').on(t.status, t.stepStartedAt)],
);

export const approvalTokens = pgTable(
  'approval_tokens',
  {
    id: text('id').primaryKey(),
    visitId: text('visit_id')
      .notNull()
      .references(() => approvals.visitId),
    step: integer('step').notNull(),
    approver: text('approver').notNull(),
    language: text('language').notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('approval_tokens_visit').on(t.visitId, t.step)],
);

export const delegations = pgTable(
  'delegations',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id').notNull(),
    delegateHostId: text('delegate_host_id').notNull(),
    fromAt: text('from_at').notNull(),
    untilAt: text('until_at').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('delegations_host').on(t.hostId, t.untilAt)],
);

export const webhooks = pgTable('webhooks', {
  id: text('id').primaryKey(),
  siteId: text('site_id').notNull(),
  url: text('url').notNull(),
  events: json('events').$type<string[]>().notNull(),
  secret: text('secret').notNull(),
  active: boolean('active').notNull(),
  createdAt: text('created_at').notNull(),
});

export const hostFlags = pgTable('host_flags', {
  hostId: text('host_id').primaryKey(),
  siteId: text('site_id').notNull(),
  reason: text('reason').$type<'no_channel' | 'channel_failing'>().notNull(),
  detail: text('detail'),
  at: text('at').notNull(),
});

export const notifyFailedOps = pgTable(
  'notify_failed_ops',
  {
    serverSeq: bigint('server_seq', { mode: 'number' }).primaryKey(),
    op: json('op').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'retrying' | 'dead'>().notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error').notNull(),
    firstFailedAt: text('first_failed_at').notNull(),
  },
  (t) => [index('notify_failed_ops_due').on(t.status, t.nextAttemptAt)],
);
