// The embedded SQLite NotifyStore, on the sync server's database (the tables come with the server's
// migrations). Like SqliteSyncStore, every method is one synchronous IMMEDIATE transaction.
import { and, asc, desc, eq, gt, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { ServerOp } from '../../shared/sync';
import { newId } from '../../shared/ids';
import type { EntityKind, EntityState } from '../../shared/merge';
import { entities, ops, stations } from '../db/schema';
import type { SqliteSyncStore } from '../sqlite-store';
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
} from './schema';
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

export class SqliteNotifyStore implements NotifyStore {
  constructor(private readonly sync: SqliteSyncStore) {}

  private get db() {
    return this.sync.db;
  }

  private tx<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(this.db.$client.transaction(work).immediate());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  profile(kind: ProfileKind, id: string) {
    return this.tx(
      () =>
        this.db
          .select({ value: notifyProfiles.value })
          .from(notifyProfiles)
          .where(and(eq(notifyProfiles.kind, kind), eq(notifyProfiles.id, id)))
          .get()?.value,
    );
  }
  setProfile(kind: ProfileKind, id: string, value: Record<string, unknown>, now: string) {
    return this.tx(() => {
      this.db
        .insert(notifyProfiles)
        .values({ kind, id, value, updatedAt: now })
        .onConflictDoUpdate({
          target: [notifyProfiles.kind, notifyProfiles.id],
          set: { value, updatedAt: now },
        })
        .run();
    });
  }
  entity(kind: EntityKind, id: string) {
    return this.tx(() => {
      const row = this.db
        .select({ state: entities.state })
        .from(entities)
        .where(and(eq(entities.kind, kind), eq(entities.entityId, id)))
        .get();
      return row ? (row.state as unknown as EntityState) : undefined;
    });
  }
  hosts(siteId: string) {
    return this.tx(() =>
      this.db
        .select({ id: entities.entityId, state: entities.state })
        .from(entities)
        .where(and(eq(entities.kind, 'host'), eq(entities.siteId, siteId)))
        .all()
        .map((row) => ({ id: row.id, state: row.state as unknown as EntityState })),
    );
  }
  stationName(id: string) {
    return this.tx(
      () => this.db.select({ name: stations.name }).from(stations).where(eq(stations.id, id)).get()?.name,
    );
  }

  unacknowledgedArrivals(siteId: string, since: string, before: string) {
    return this.tx(
      () =>
        this.db.$client
          .prepare(
            `SELECT DISTINCT m.visit_id FROM notify_messages m
             WHERE m.site_id = ? AND m.event = 'visitor.arrived' AND m.visit_id IS NOT NULL
               AND m.created_at >= ? AND m.created_at <= ?
               AND NOT EXISTS (SELECT 1 FROM notify_messages o WHERE o.site_id = m.site_id AND o.visit_id = m.visit_id
                 AND (o.event = 'visitor.waiting' OR (o.event = 'visitor.arrived' AND o.read_at IS NOT NULL)))`,
          )
          .pluck()
          .all(siteId, since, before) as string[],
    );
  }

  photoOf(visitId: string, checkInSeq: number) {
    return this.tx(() => {
      const row = this.db
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
        .get();
      const dataUrl = row?.payload.dataUrl;
      return typeof dataUrl === 'string' && dataUrl.startsWith('data:image/') ? dataUrl : undefined;
    });
  }

  saveFailedOp(failed: FailedOp) {
    return this.tx(() => {
      const row = { ...failed, op: failed.op as unknown as Record<string, unknown> };
      this.db
        .insert(notifyFailedOps)
        .values(row)
        .onConflictDoUpdate({ target: notifyFailedOps.serverSeq, set: row })
        .run();
    });
  }
  failedOps(filter: { status?: FailedOp['status']; due?: string } = {}) {
    return this.tx(() =>
      this.db
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
        .orderBy(asc(notifyFailedOps.serverSeq))
        .all()
        .map((row): FailedOp => ({ ...row, op: row.op as unknown as ServerOp })),
    );
  }
  clearFailedOp(serverSeq: number) {
    return this.tx(() => {
      this.db.delete(notifyFailedOps).where(eq(notifyFailedOps.serverSeq, serverSeq)).run();
    });
  }
  requeueFailedOp(serverSeq: number, now: string) {
    return this.tx(
      () =>
        this.db
          .update(notifyFailedOps)
          .set({ status: 'retrying', nextAttemptAt: now })
          .where(and(eq(notifyFailedOps.serverSeq, serverSeq), eq(notifyFailedOps.status, 'dead')))
          .run().changes > 0,
    );
  }

  cursor() {
    return this.tx(
      () =>
        this.db
          .select({ value: notifyState.value })
          .from(notifyState)
          .where(eq(notifyState.name, CURSOR))
          .get()?.value ?? 0,
    );
  }
  setCursor(serverSeq: number) {
    return this.tx(() => {
      this.db
        .insert(notifyState)
        .values({ name: CURSOR, value: serverSeq })
        .onConflictDoUpdate({ target: notifyState.name, set: { value: serverSeq } })
        .run();
    });
  }

  enqueue(message: NewMessage, now: string) {
    return this.tx(
      () =>
        this.db
          .insert(notifyMessages)
          .values({
            ...message,
            id: newId(),
            status: 'queued',
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
          })
          .onConflictDoNothing()
          .run().changes > 0,
    );
  }
  due(now: string, limit: number) {
    return this.tx(
      () =>
        this.db
          .select()
          .from(notifyMessages)
          .where(and(eq(notifyMessages.status, 'queued'), lte(notifyMessages.nextAttemptAt, now)))
          .orderBy(asc(notifyMessages.nextAttemptAt), asc(notifyMessages.id))
          .limit(limit)
          .all() as Message[],
    );
  }
  begin(id: string, _now: string) {
    return this.tx(() => {
      const row = this.db.select().from(notifyMessages).where(eq(notifyMessages.id, id)).get();
      if (row?.status !== 'queued') return undefined;
      const attempts = row.attempts + 1;
      this.db
        .update(notifyMessages)
        .set({ status: 'sending', attempts })
        .where(eq(notifyMessages.id, id))
        .run();
      return { ...row, status: 'sending', attempts } as Message;
    });
  }
  markSent(id: string, attempt: Attempt) {
    return this.tx(() => {
      this.db
        .insert(notifyAttempts)
        .values({ messageId: id, ...attempt })
        .onConflictDoNothing()
        .run();
      this.db
        .update(notifyMessages)
        .set({ status: 'sent', sentAt: attempt.at, lastError: null })
        .where(eq(notifyMessages.id, id))
        .run();
    });
  }
  markFailed(id: string, attempt: Attempt, nextAttemptAt: string | null) {
    return this.tx(() => {
      this.db
        .insert(notifyAttempts)
        .values({ messageId: id, ...attempt })
        .onConflictDoNothing()
        .run();
      this.db
        .update(notifyMessages)
        .set({
          status: nextAttemptAt ? 'queued' : 'dead',
          lastError: attempt.detail,
          nextAttemptAt: nextAttemptAt ?? attempt.at,
        })
        .where(eq(notifyMessages.id, id))
        .run();
    });
  }
  postpone(id: string, until: string) {
    return this.tx(() => {
      this.db
        .update(notifyMessages)
        .set({ nextAttemptAt: until })
        .where(and(eq(notifyMessages.id, id), eq(notifyMessages.status, 'queued')))
        .run();
    });
  }
  inFlight() {
    return this.tx(
      () =>
        this.db.select().from(notifyMessages).where(eq(notifyMessages.status, 'sending')).all() as Message[],
    );
  }
  message(id: string) {
    return this.tx(
      () =>
        this.db.select().from(notifyMessages).where(eq(notifyMessages.id, id)).get() as Message | undefined,
    );
  }
  messages(filter: {
    siteId?: string;
    channel?: string;
    status?: Message['status'];
    visitId?: string;
    limit?: number;
  }) {
    return this.tx(() => {
      const where: SQL[] = [];
      if (filter.siteId) where.push(eq(notifyMessages.siteId, filter.siteId));
      if (filter.channel) where.push(eq(notifyMessages.channel, filter.channel));
      if (filter.status) where.push(eq(notifyMessages.status, filter.status));
      if (filter.visitId) where.push(eq(notifyMessages.visitId, filter.visitId));
      return this.db
        .select()
        .from(notifyMessages)
        .where(and(...where))
        .orderBy(desc(notifyMessages.createdAt), desc(notifyMessages.id))
        .limit(filter.limit ?? 200)
        .all() as Message[];
    });
  }
  attempts(messageId: string) {
    return this.tx(() =>
      this.db
        .select({
          attempt: notifyAttempts.attempt,
          at: notifyAttempts.at,
          ok: notifyAttempts.ok,
          statusCode: notifyAttempts.statusCode,
          detail: notifyAttempts.detail,
        })
        .from(notifyAttempts)
        .where(eq(notifyAttempts.messageId, messageId))
        .orderBy(asc(notifyAttempts.attempt))
        .all(),
    );
  }
  requeue(id: string, now: string) {
    return this.tx(
      () =>
        this.db
          .update(notifyMessages)
          .set({ status: 'queued', nextAttemptAt: now })
          // A purged body (docs/privacy.md) is not sent again empty.
          .where(
            and(
              eq(notifyMessages.id, id),
              eq(notifyMessages.status, 'dead'),
              sql`json_extract(${notifyMessages.content}, '$.purged') IS NULL`,
            ),
          )
          .run().changes > 0,
    );
  }
  markRead(id: string, siteId: string, now: string) {
    return this.tx(
      () =>
        this.db
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
          .run().changes > 0,
    );
  }

  createApproval(approval: Approval) {
    return this.tx(() => this.db.insert(approvals).values(approval).onConflictDoNothing().run().changes > 0);
  }
  approval(visitId: string) {
    return this.tx(() => this.db.select().from(approvals).where(eq(approvals.visitId, visitId)).get());
  }
  updateApproval(visitId: string, patch: Partial<Approval>) {
    return this.tx(() => {
      this.db.update(approvals).set(patch).where(eq(approvals.visitId, visitId)).run();
    });
  }
  pendingApprovals() {
    return this.tx(() => this.db.select().from(approvals).where(eq(approvals.status, 'pending')).all());
  }
  createToken(token: ApprovalToken) {
    return this.tx(() => {
      this.db.insert(approvalTokens).values(token).run();
    });
  }
  token(id: string) {
    return this.tx(() => this.db.select().from(approvalTokens).where(eq(approvalTokens.id, id)).get());
  }
  useToken(id: string, now: string) {
    return this.tx(() => {
      const token = this.db.select().from(approvalTokens).where(eq(approvalTokens.id, id)).get();
      if (!token || token.usedAt) return false;
      this.db
        .update(approvalTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(approvalTokens.visitId, token.visitId),
            eq(approvalTokens.step, token.step),
            isNull(approvalTokens.usedAt),
          ),
        )
        .run();
      return true;
    });
  }

  addDelegation(delegation: Delegation) {
    return this.tx(() => {
      this.db.insert(delegations).values(delegation).run();
    });
  }
  delegations(hostId?: string) {
    return this.tx(() =>
      this.db
        .select()
        .from(delegations)
        .where(hostId ? eq(delegations.hostId, hostId) : undefined)
        .orderBy(asc(delegations.fromAt))
        .all(),
    );
  }
  endDelegation(id: string, at: string) {
    return this.tx(() => {
      const row = this.db.select().from(delegations).where(eq(delegations.id, id)).get();
      if (!row || row.untilAt <= at) return false;
      const fromAt = row.fromAt < at ? row.fromAt : at;
      this.db.update(delegations).set({ fromAt, untilAt: at }).where(eq(delegations.id, id)).run();
      return true;
    });
  }

  addWebhook(webhook: Webhook) {
    return this.tx(() => {
      this.db.insert(webhooks).values(webhook).run();
    });
  }
  webhooks(siteId?: string) {
    return this.tx(() =>
      this.db
        .select()
        .from(webhooks)
        .where(siteId ? eq(webhooks.siteId, siteId) : undefined)
        .orderBy(asc(webhooks.createdAt))
        .all(),
    );
  }
  setWebhookActive(id: string, active: boolean) {
    return this.tx(
      () => this.db.update(webhooks).set({ active }).where(eq(webhooks.id, id)).run().changes > 0,
    );
  }

  setHostFlag(flag: HostFlag) {
    return this.tx(() => {
      this.db
        .insert(hostFlags)
        .values(flag)
        .onConflictDoUpdate({
          target: hostFlags.hostId,
          set: { reason: flag.reason, detail: flag.detail, at: flag.at },
        })
        .run();
    });
  }
  clearHostFlag(hostId: string) {
    return this.tx(() => {
      this.db.delete(hostFlags).where(eq(hostFlags.hostId, hostId)).run();
    });
  }
  hostFlags(siteId?: string) {
    return this.tx(() =>
      this.db
        .select()
        .from(hostFlags)
        .where(siteId ? eq(hostFlags.siteId, siteId) : undefined)
        .all(),
    );
  }
}
