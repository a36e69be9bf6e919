// Tables of the notification service, in the sync server's database (exported from ../db/schema.ts so the
// server's one migration folder covers them): who wants what (profiles), the delivery queue with its
// attempt log, approvals and their single-use link tokens, delegations, webhooks and host flags.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Settings per site (defaults, reception and security contacts), per host (channels) and per visitor type (approval steps). */
export const notifyProfiles = sqliteTable(
  'notify_profiles',
  {
    kind: text('kind').$type<'site' | 'host' | 'visitorType'>().notNull(),
    id: text('id').notNull(),
    value: text('value', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.id] })],
);

/** Small counters of the service: the op-log position it has turned into events. */
export const notifyState = sqliteTable('notify_state', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

/**
 * One message to one address over one channel (email, slack, teams, sms, inapp, webhook). The idempotency
 * key makes enqueueing twice a no-op; `sending` marks a send in flight, so a send whose outcome is unknown
 * (the process died after sending, before marking) is never sent again by itself.
 */
export const notifyMessages = sqliteTable(
  'notify_messages',
  {
    id: text('id').primaryKey(),
    idempotencyKey: text('idempotency_key').notNull(),
    siteId: text('site_id'),
    channel: text('channel').notNull(),
    address: text('address').notNull(),
    /** The host this message is for (host flags), or null for reception, security and webhooks. */
    hostId: text('host_id'),
    event: text('event').notNull(),
    visitId: text('visit_id'),
    /** The rendered message: subject, text, html, attachments, payload (webhooks). */
    content: text('content', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'queued' | 'sending' | 'sent' | 'dead'>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    readAt: text('read_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('notify_messages_key').on(t.idempotencyKey),
    index('notify_messages_due').on(t.status, t.nextAttemptAt),
    index('notify_messages_site').on(t.siteId, t.channel, t.createdAt),
    // Bodies the purge has not emptied yet (issue #15, docs/privacy.md).
    index('notify_messages_unpurged')
      .on(t.createdAt)
      .where(sql`content <> '{"purged":true}'`),
  ],
);

/** Every delivery attempt: the delivery log (status codes of webhooks, SMTP answers, errors). */
export const notifyAttempts = sqliteTable(
  'notify_attempts',
  {
    messageId: text('message_id')
      .notNull()
      .references(() => notifyMessages.id),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    statusCode: integer('status_code'),
    detail: text('detail'),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.attempt] })],
);

/** An approval a visit waits for: the steps (from the visitor type), the step it is at, and the outcome. */
export const approvals = sqliteTable(
  'approvals',
  {
    visitId: text('visit_id').primaryKey(),
    siteId: text('site_id').notNull(),
    steps: text('steps', { mode: 'json' }).$type<string[][]>().notNull(),
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

/** A single-use link token for one approver at one step; approve and deny links share it. */
export const approvalTokens = sqliteTable(
  'approval_tokens',
  {
    id: text('id').primaryKey(),
    visitId: text('visit_id')
      .notNull()
      .references(() => approvals.visitId),
    step: integer('step').notNull(),
    /** 'host:<id>', 'reception' or 'security'. */
    approver: text('approver').notNull(),
    language: text('language').notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('approval_tokens_visit').on(t.visitId, t.step)],
);

/** A host's approvals go to a colleague for a period. */
export const delegations = sqliteTable(
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

export const webhooks = sqliteTable('webhooks', {
  id: text('id').primaryKey(),
  siteId: text('site_id').notNull(),
  url: text('url').notNull(),
  events: text('events', { mode: 'json' }).$type<string[]>().notNull(),
  /** The HMAC key, shown once when the webhook is registered. */
  secret: text('secret').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  createdAt: text('created_at').notNull(),
});

/** A host reception must call: no channel at all, or a channel whose messages end in the dead letters. */
export const hostFlags = sqliteTable('host_flags', {
  hostId: text('host_id').primaryKey(),
  siteId: text('site_id').notNull(),
  reason: text('reason').$type<'no_channel' | 'channel_failing'>().notNull(),
  detail: text('detail'),
  at: text('at').notNull(),
});

/**
 * A synced op the service could not turn into notifications: retried with backoff (`retrying`) up to the
 * retry limit, then `dead` for an admin to look at and retry. The op is kept whole, so a retry needs no
 * walk back through the log, and the ops behind it go on meanwhile.
 */
export const notifyFailedOps = sqliteTable(
  'notify_failed_ops',
  {
    serverSeq: integer('server_seq').primaryKey(),
    op: text('op', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'retrying' | 'dead'>().notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error').notNull(),
    firstFailedAt: text('first_failed_at').notNull(),
  },
  (t) => [index('notify_failed_ops_due').on(t.status, t.nextAttemptAt)],
);
