// Storage of the notification service, behind one interface like the SyncStore (./sqlite-notify-store.ts
// is the embedded SQLite one, on the sync server's own database). Every method is one transaction.
import type { EntityKind, EntityState } from '../../shared/merge';
import type { HostFlagReason } from '../../shared/notify';
import type { ServerOp } from '../../shared/sync';

export const CHANNELS = ['email', 'slack', 'teams', 'sms', 'inapp', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels a person can choose (webhooks belong to integrations). */
export const PERSON_CHANNELS = ['email', 'slack', 'teams', 'sms', 'inapp'] as const;
export type PersonChannel = (typeof PERSON_CHANNELS)[number];

export type ProfileKind = 'site' | 'host' | 'visitorType';

export interface MessageContent {
  subject?: string;
  text?: string;
  html?: string;
  /** Inline photo for e-mail (a data URL), shown when the visitor has one. */
  photo?: string;
  /** More inline images for e-mail (data URLs), shown in the HTML as <img src="cid:…">. */
  inline?: Array<{ filename: string; cid: string; dataUrl: string }>;
  /** Webhook payload (JSON) and event name. */
  payload?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface NewMessage {
  idempotencyKey: string;
  siteId: string | null;
  channel: Channel;
  address: string;
  hostId: string | null;
  event: string;
  visitId: string | null;
  content: MessageContent;
}

export interface Message extends NewMessage {
  id: string;
  status: 'queued' | 'sending' | 'sent' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  readAt: string | null;
  createdAt: string;
}

export interface Attempt {
  attempt: number;
  at: string;
  ok: boolean;
  statusCode: number | null;
  detail: string | null;
}

export interface Approval {
  visitId: string;
  siteId: string;
  /** Each step: approver references ('host', 'host:<id>', 'reception', 'security'); any one of a step decides it. */
  steps: string[][];
  step: number;
  stepStartedAt: string;
  escalatedAt: string | null;
  status: 'pending' | 'approved' | 'denied' | 'closed';
  decidedBy: string | null;
  reason: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface ApprovalToken {
  id: string;
  visitId: string;
  step: number;
  approver: string;
  language: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface Delegation {
  id: string;
  hostId: string;
  delegateHostId: string;
  fromAt: string;
  untilAt: string;
  createdAt: string;
}

export interface Webhook {
  id: string;
  siteId: string;
  url: string;
  events: string[];
  secret: string;
  active: boolean;
  createdAt: string;
}

export interface HostFlag {
  hostId: string;
  siteId: string;
  reason: HostFlagReason;
  detail: string | null;
  at: string;
}

/** A synced op that failed to turn into notifications: retried with backoff, then dead. */
export interface FailedOp {
  serverSeq: number;
  op: ServerOp;
  status: 'retrying' | 'dead';
  attempts: number;
  /** When it is tried again; null once dead. */
  nextAttemptAt: string | null;
  lastError: string;
  firstFailedAt: string;
}

export interface NotifyStore {
  /**
   * Several server instances on one database (PostgreSQL): runs `work` if no other instance is running
   * the op-log part of its tick right now, else skips it (false). Absent: one process, always runs.
   */
  exclusive?(work: () => Promise<void>): Promise<boolean>;
  /** Releases what the store holds of its own (PostgreSQL: this instance's liveness lock). */
  close?(): Promise<void>;
  profile(kind: ProfileKind, id: string): Promise<Record<string, unknown> | undefined>;
  setProfile(kind: ProfileKind, id: string, value: Record<string, unknown>, now: string): Promise<void>;
  /** The merged state of a synced entity (read-only: the sync store owns it). */
  entity(kind: EntityKind, id: string): Promise<EntityState | undefined>;
  stationName(id: string): Promise<string | undefined>;
  /** The merged states of a site's hosts (read-only), for finding a colleague by e-mail. */
  hosts(siteId: string): Promise<{ id: string; state: EntityState }[]>;
  /**
   * The photo (a data URL) a kiosk sent with a check-in for the arrival e-mail: the visit.photo notice op
   * it records just before the check-in op (same push, so a few places before it in the log at most).
   */
  photoOf(visitId: string, checkInSeq: number): Promise<string | undefined>;

  /** The op-log position already turned into events. */
  cursor(): Promise<number>;
  setCursor(serverSeq: number): Promise<void>;
  /** Records a failed attempt at an op (inserted or replaced whole). */
  saveFailedOp(failed: FailedOp): Promise<void>;
  /** Failed ops, oldest first: all, or those of one status; `due` keeps the retrying ones due by then. */
  failedOps(filter?: { status?: FailedOp['status']; due?: string }): Promise<FailedOp[]>;
  /** An op processed at last: it leaves the list. */
  clearFailedOp(serverSeq: number): Promise<void>;
  /** A dead op is tried again (admin retry); false if it is not dead. */
  requeueFailedOp(serverSeq: number, now: string): Promise<boolean>;

  /** Queues a message; false (and nothing changes) when its idempotency key is already queued or sent. */
  enqueue(message: NewMessage, now: string): Promise<boolean>;
  /** Queued messages due now, oldest first. */
  due(now: string, limit: number): Promise<Message[]>;
  /** Marks a queued message as being sent (one more attempt); false if someone else took it. */
  begin(id: string, now: string): Promise<Message | undefined>;
  markSent(id: string, attempt: Attempt): Promise<void>;
  /** Records a failed attempt: queued again at nextAttemptAt, or dead (nextAttemptAt null). */
  markFailed(id: string, attempt: Attempt, nextAttemptAt: string | null): Promise<void>;
  /** A rate-limited message waits, without spending an attempt. */
  postpone(id: string, until: string): Promise<void>;
  /**
   * Messages left 'sending' by a process that stopped: whether they went out is unknown. (PostgreSQL:
   * only those of instances no longer running, never one another instance is sending right now.)
   */
  inFlight(): Promise<Message[]>;
  message(id: string): Promise<Message | undefined>;
  messages(filter: {
    siteId?: string;
    channel?: string;
    status?: Message['status'];
    visitId?: string;
    limit?: number;
  }): Promise<Message[]>;
  attempts(messageId: string): Promise<Attempt[]>;
  /** A dead message goes back to the queue (admin retry); false if it is not dead. */
  requeue(id: string, now: string): Promise<boolean>;
  markRead(id: string, siteId: string, now: string): Promise<boolean>;
  /**
   * Visits of a site whose host was told of the arrival between `since` and `before` and nobody has
   * acknowledged it (no arrival message of the visit marked read), with no waiting alert yet.
   */
  unacknowledgedArrivals(siteId: string, since: string, before: string): Promise<string[]>;

  createApproval(approval: Approval): Promise<boolean>;
  approval(visitId: string): Promise<Approval | undefined>;
  updateApproval(visitId: string, patch: Partial<Approval>): Promise<void>;
  pendingApprovals(): Promise<Approval[]>;
  createToken(token: ApprovalToken): Promise<void>;
  token(id: string): Promise<ApprovalToken | undefined>;
  /**
   * Uses a token: marks every token of its visit and step used, so one decision per step. False when
   * the token was used already (single use holds across concurrent requests: one transaction).
   */
  useToken(id: string, now: string): Promise<boolean>;

  addDelegation(delegation: Delegation): Promise<void>;
  delegations(hostId?: string): Promise<Delegation[]>;
  /** Ends a delegation at `at` (or starts-and-ends it there, when it had not begun); false: it had ended. */
  endDelegation(id: string, at: string): Promise<boolean>;

  addWebhook(webhook: Webhook): Promise<void>;
  webhooks(siteId?: string): Promise<Webhook[]>;
  setWebhookActive(id: string, active: boolean): Promise<boolean>;

  setHostFlag(flag: HostFlag): Promise<void>;
  clearHostFlag(hostId: string): Promise<void>;
  hostFlags(siteId?: string): Promise<HostFlag[]>;
}
