// The NotifyStore on PostgreSQL, on the PgSyncStore's pool (the tables come with its migrations). Several
// server instances share it, so the queue is claimed, not just read:
//  - sending: `begin` claims a queued message with FOR UPDATE SKIP LOCKED and marks it 'sending' with this
//    instance's key in the same statement, so two instances never both send one message (exactly once);
//  - liveness: each instance holds a session advisory lock on its key for as long as it runs (a connection
//    of its own), so a message left 'sending' by an instance whose lock is gone (it stopped mid-send) is
//    told apart from one another instance is sending right now (`inFlight` returns only the former);
//  - the op-log work (intake, escalation, waiting alerts) runs on one instance at a time (`exclusive`,
//    a session advisory lock tried, not waited for: the others skip that part of their tick).
import { and, asc, desc, eq, gt, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { ServerOp } from '../../shared/sync';
import { newId } from '../../shared/ids';
import type { EntityKind, EntityState } from '../../shared/merge';
import { entities, ops, stations } from '../db/pg-schema';
import type { PgSyncStore } from '../pg-store';
import {
  approvalTokens,
  approvals,
  delegations,
  hostFlags,
  notifyAttempts,
  notifyFailedOps,
  notifyMessages,
  notifyProfiles,
  notifyState,
  webhooks,
} from './pg-schema';
import type {
  Approval,
  ApprovalToken,
  Attempt,
  Delegation,
  FailedOp,
  HostFlag,
  Message,
  NewMessage,
  NotifyStore,
  ProfileKind,
  Webhook,
} from './store';

const CURSOR = 'log_cursor';
/** How far before a check-in op its photo op may be (the two are recorded together). */
const PHOTO_WINDOW = 16;
/** Advisory lock namespace (two-key form) of live instances; the op-log work's is PgSyncStore's `exclusive`. */
const LOCK_INSTANCE = 0x6761_7466;

type Row = typeof notifyMessages.$inferSelect;
const messageOf = ({ claimedBy: _claimedBy, ...row }: Row): Message => row as Message;

export class PgNotifyStore implements NotifyStore {
  /** This instance's key: held as an advisory lock while it runs, written on the messages it sends. */
  readonly instanceKey = randomInt(1, 2 ** 31 - 1);
  private alive: PoolClient | undefined;

  private constructor(private readonly sync: PgSyncStore) {}

  /** Opens the store and takes this instance's liveness lock (released by `close` or by dying). */
  static async open(sync: PgSyncStore): Promise<PgNotifyStore> {
    const store = new PgNotifyStore(sync);
    const client = await sync.pool.connect();
    // A dropped connection loses the lock (the other instances then treat this one's sends as unknown).
    client.on('error', () => undefined);
    await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_INSTANCE, store.instanceKey]);
    store.alive = client;
    return store;
  }

  async close(): Promise<void> {
    const client = this.alive;
    this.alive = undefined;
    if (!client) return;
    await client
      .query('SELECT pg_advisory_unlock($1, $2)', [LOCK_INSTANCE, this.instanceKey])
      .catch(() => {});
    client.release();
  }

  private get db() {
    return this.sync.db;
  }

  exclusive(work: () => Promise<void>): Promise<boolean> {
    return this.sync.exclusive('notifyLog', work);
  }

  async profile(kind: ProfileKind, id: string) {
    const [row] = await this.db
      .select({ value: notifyProfiles.value })
      .from(notifyProfiles)
      .where(and(eq(notifyProfiles.kind, kind), eq(notifyProfiles.id, id)));
    return row?.value;
  }
  async setProfile(kind: ProfileKind, id: string, value: Record<string, unknown>, now: string) {
    await this.db
      .insert(notifyProfiles)
      .values({ kind, id, value, updatedAt: now })
      .onConflictDoUpdate({
        target: [notifyProfiles.kind, notifyProfiles.id],
        set: { value, updatedAt: now },
      });
  }
  async entity(kind: EntityKind, id: string) {
    const [row] = await this.db
      .select({ state: entities.state })
      .from(entities)
      .where(and(eq(entities.kind, kind), eq(entities.entityId, id)));
    return row ? (row.state as unknown as EntityState) : undefined;
  }
  async hosts(siteId: string) {
    const rows = await this.db
      .select({ id: entities.entityId, state: entities.state })
      .from(entities)
      .where(and(eq(entities.kind, 'host'), eq(entities.siteId, siteId)));
    return rows.map((row) => ({ id: row.id, state: row.state as unknown as EntityState }));
  }
  async stationName(id: string) {
    const [row] = await this.db.select({ name: stations.name }).from(stations).where(eq(stations.id, id));
    return row?.name;
  }

  async unacknowledgedArrivals(siteId: string, since: string, before: string) {
    const { rows } = await this.sync.pool.query<{ visit_id: string }>(
      `SELECT DISTINCT m.visit_id FROM notify_messages m
       WHERE m.site_id = $1 AND m.event = 'visitor.arrived' AND m.visit_id IS NOT NULL
         AND m.created_at >= $2 AND m.created_at <= $3
         AND NOT EXISTS (SELECT 1 FROM notify_messages o WHERE o.site_id = m.site_id AND o.visit_id = m.visit_id
           AND (o.event = 'visitor.waiting' OR (o.event = 'visitor.arrived' AND o.read_at IS NOT NULL)))`,
      [siteId, since, before],
    );
    return rows.map((r) => r.visit_id);
  }

  async photoOf(visitId: string, checkInSeq: number) {
    const [row] = await this.db
      .select({ payload: ops.payload })
      .from(ops)
      .where(
        and(
          gt(ops.serverSeq, checkInSeq - PHOTO_WINDOW),
          lt(ops.serverSeq, checkInSeq),
          eq(ops.type, 'visit.photo'),
          eq(ops.entityId, visitId),
        ),
      )
      .orderBy(desc(ops.serverSeq))
      .limit(1);
    const dataUrl = row?.payload.dataUrl;
    return typeof dataUrl === 'string' && dataUrl.startsWith('data:image/') ? dataUrl : undefined;
  }

  async saveFailedOp(failed: FailedOp) {
    const row = { ...failed, op: failed.op as unknown as Record<string, unknown> };
    await this.db
      .insert(notifyFailedOps)
      .values(row)
      .onConflictDoUpdate({ target: notifyFailedOps.serverSeq, set: row });
  }
  async failedOps(filter: { status?: FailedOp['status']; due?: string } = {}) {
    const rows = await this.db
      .select()
      .from(notifyFailedOps)
      .where(
        and(
          filter.status ? eq(notifyFailedOps.status, filter.status) : undefined,
          filter.due
            ? and(eq(notifyFailedOps.status, 'retrying'), lte(notifyFailedOps.nextAttemptAt, filter.due))
            : undefined,
        ),
      )
      .orderBy(asc(notifyFailedOps.serverSeq));
    return rows.map((row): FailedOp => ({ ...row, op: row.op as unknown as ServerOp }));
  }
  async clearFailedOp(serverSeq: number) {
    await this.db.delete(notifyFailedOps).where(eq(notifyFailedOps.serverSeq, serverSeq));
  }
  async requeueFailedOp(serverSeq: number, now: string) {
    const changed = await this.db
      .update(notifyFailedOps)
      .set({ status: 'retrying', nextAttemptAt: now })
      .where(and(eq(notifyFailedOps.serverSeq, serverSeq), eq(notifyFailedOps.status, 'dead')))
      .returning({ serverSeq: notifyFailedOps.serverSeq });
    return changed.length > 0;
  }

  async cursor() {
    const [row] = await this.db
      .select({ value: notifyState.value })
      .from(notifyState)
      .where(eq(notifyState.name, CURSOR));
    return row?.value ?? 0;
  }
  async setCursor(serverSeq: number) {
    await this.db
      .insert(notifyState)
      .values({ name: CURSOR, value: serverSeq })
      .onConflictDoUpdate({ target: notifyState.name, set: { value: serverSeq } });
  }

  async enqueue(message: NewMessage, now: string) {
    const inserted = await this.db
      .insert(notifyMessages)
      .values({ ...message, id: newId(), status: 'queued', attempts: 0, nextAttemptAt: now, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: notifyMessages.id });
    return inserted.length > 0;
  }
  async due(now: string, limit: number) {
    const rows = await this.db
      .select()
      .from(notifyMessages)
      .where(and(eq(notifyMessages.status, 'queued'), lte(notifyMessages.nextAttemptAt, now)))
      .orderBy(asc(notifyMessages.nextAttemptAt), asc(notifyMessages.id))
      .limit(limit);
    return rows.map(messageOf);
  }
  /** Claims a queued message for this instance; another instance claiming it at once skips it (SKIP LOCKED). */
  async begin(id: string, _now: string) {
    const { rows } = await this.sync.pool.query<{ id: string }>(
      `UPDATE notify_messages SET status = 'sending', attempts = attempts + 1, claimed_by = $2
       WHERE id = (SELECT id FROM notify_messages WHERE id = $1 AND status = 'queued' FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [id, this.instanceKey],
    );
    return rows[0] ? this.message(id) : undefined;
  }
  async markSent(id: string, attempt: Attempt) {
    await this.db.transaction(async (tx) => {
      await tx
        .insert(notifyAttempts)
        .values({ messageId: id, ...attempt })
        .onConflictDoNothing();
      await tx
        .update(notifyMessages)
        .set({ status: 'sent', sentAt: attempt.at, lastError: null, claimedBy: null })
        .where(eq(notifyMessages.id, id));
    });
  }
  async markFailed(id: string, attempt: Attempt, nextAttemptAt: string | null) {
    await this.db.transaction(async (tx) => {
      await tx
        .insert(notifyAttempts)
        .values({ messageId: id, ...attempt })
        .onConflictDoNothing();
      await tx
        .update(notifyMessages)
        .set({
          status: nextAttemptAt ? 'queued' : 'dead',
          lastError: attempt.detail,
          nextAttemptAt: nextAttemptAt ?? attempt.at,
          claimedBy: null,
        })
        .where(eq(notifyMessages.id, id));
    });
  }
  async postpone(id: string, until: string) {
    await this.db
      .update(notifyMessages)
      .set({ nextAttemptAt: until })
      .where(and(eq(notifyMessages.id, id), eq(notifyMessages.status, 'queued')));
  }
  /** Messages left 'sending' by an instance that is no longer running (its liveness lock is gone). */
  async inFlight() {
    const rows = await this.db
      .select()
      .from(notifyMessages)
      .where(
        and(
          eq(notifyMessages.status, 'sending'),
          sql`NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted
                AND l.classid::bigint = ${LOCK_INSTANCE} AND l.objid::bigint = ${notifyMessages.claimedBy}
                AND l.objsubid = 2 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))`,
        ),
      );
    return rows.map(messageOf);
  }
  async message(id: string) {
    const [row] = await this.db.select().from(notifyMessages).where(eq(notifyMessages.id, id));
    return row && messageOf(row);
  }
  async messages(filter: {
    siteId?: string;
    channel?: string;
    status?: Message['status'];
    visitId?: string;
    limit?: number;
  }) {
    const where: SQL[] = [];
    if (filter.siteId) where.push(eq(notifyMessages.siteId, filter.siteId));
    if (filter.channel) where.push(eq(notifyMessages.channel, filter.channel));
    if (filter.status) where.push(eq(notifyMessages.status, filter.status));
    if (filter.visitId) where.push(eq(notifyMessages.visitId, filter.visitId));
    const rows = await this.db
      .select()
      .from(notifyMessages)
      .where(and(...where))
      .orderBy(desc(notifyMessages.createdAt), desc(notifyMessages.id))
      .limit(filter.limit ?? 200);
    return rows.map(messageOf);
  }
  async attempts(messageId: string) {
    return this.db
      .select({
        attempt: notifyAttempts.attempt,
        at: notifyAttempts.at,
        ok: notifyAttempts.ok,
        statusCode: notifyAttempts.statusCode,
        detail: notifyAttempts.detail,
      })
      .from(notifyAttempts)
      .where(eq(notifyAttempts.messageId, messageId))
      .orderBy(asc(notifyAttempts.attempt));
  }
  async requeue(id: string, now: string) {
    const changed = await this.db
      .update(notifyMessages)
      .set({ status: 'queued', nextAttemptAt: now })
      // A purged body (docs/privacy.md) is not sent again empty.
      .where(
        and(
          eq(notifyMessages.id, id),
          eq(notifyMessages.status, 'dead'),
          sql`${notifyMessages.content}->>'purged' IS NULL`,
        ),
      )
      .returning({ id: notifyMessages.id });
    return changed.length > 0;
  }
  async markRead(id: string, siteId: string, now: string) {
    const changed = await this.db
      .update(notifyMessages)
      .set({ readAt: now })
      .where(
        and(
          eq(notifyMessages.id, id),
          eq(notifyMessages.siteId, siteId),
          eq(notifyMessages.channel, 'inapp'),
          isNull(notifyMessages.readAt),
        ),
      )
      .returning({ id: notifyMessages.id });
    return changed.length > 0;
  }

  async createApproval(approval: Approval) {
    const inserted = await this.db
      .insert(approvals)
      .values(approval)
      .onConflictDoNothing()
      .returning({ visitId: approvals.visitId });
    return inserted.length > 0;
  }
  async approval(visitId: string) {
    const [row] = await this.db.select().from(approvals).where(eq(approvals.visitId, visitId));
    return row;
  }
  async updateApproval(visitId: string, patch: Partial<Approval>) {
    await this.db.update(approvals).set(patch).where(eq(approvals.visitId, visitId));
  }
  async pendingApprovals() {
    return this.db.select().from(approvals).where(eq(approvals.status, 'pending'));
  }
  async createToken(token: ApprovalToken) {
    await this.db.insert(approvalTokens).values(token);
  }
  async token(id: string) {
    const [row] = await this.db.select().from(approvalTokens).where(eq(approvalTokens.id, id));
    return row;
  }
  /** One decision per step across instances: the step's tokens are locked while one is used. */
  async useToken(id: string, now: string) {
    return this.db.transaction(async (tx) => {
      const [token] = await tx.select().from(approvalTokens).where(eq(approvalTokens.id, id));
      if (!token) return false;
      const step = await tx
        .select({ id: approvalTokens.id, usedAt: approvalTokens.usedAt })
        .from(approvalTokens)
        .where(and(eq(approvalTokens.visitId, token.visitId), eq(approvalTokens.step, token.step)))
        .for('update');
      if (step.find((t) => t.id === id)?.usedAt) return false;
      await tx
        .update(approvalTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(approvalTokens.visitId, token.visitId),
            eq(approvalTokens.step, token.step),
            isNull(approvalTokens.usedAt),
          ),
        );
      return true;
    });
  }

  async addDelegation(delegation: Delegation) {
    await this.db.insert(delegations).values(delegation);
  }
  async delegations(hostId?: string) {
    return this.db
      .select()
      .from(delegations)
      .where(hostId ? eq(delegations.hostId, hostId) : undefined)
      .orderBy(asc(delegations.fromAt));
  }
  async endDelegation(id: string, at: string) {
    // One statement: two ends at once cannot both succeed.
    const ended = await this.db
      .update(delegations)
      .set({ fromAt: sql`least(${delegations.fromAt}, ${at})`, untilAt: at })
      .where(and(eq(delegations.id, id), gt(delegations.untilAt, at)))
      .returning({ id: delegations.id });
    return ended.length > 0;
  }

  async addWebhook(webhook: Webhook) {
    await this.db.insert(webhooks).values(webhook);
  }
  async webhooks(siteId?: string) {
    return this.db
      .select()
      .from(webhooks)
      .where(siteId ? eq(webhooks.siteId, siteId) : undefined)
      .orderBy(asc(webhooks.createdAt));
  }
  async setWebhookActive(id: string, active: boolean) {
    const changed = await this.db
      .update(webhooks)
      .set({ active })
      .where(eq(webhooks.id, id))
      .returning({ id: webhooks.id });
    return changed.length > 0;
  }

  async setHostFlag(flag: HostFlag) {
    await this.db
      .insert(hostFlags)
      .values(flag)
      .onConflictDoUpdate({
        target: hostFlags.hostId,
        set: { reason: flag.reason, detail: flag.detail, at: flag.at },
      });
  }
  async clearHostFlag(hostId: string) {
    await this.db.delete(hostFlags).where(eq(hostFlags.hostId, hostId));
  }
  async hostFlags(siteId?: string) {
    return this.db
      .select()
      .from(hostFlags)
      .where(siteId ? eq(hostFlags.siteId, siteId) : undefined);
  }
}
