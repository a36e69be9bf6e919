// The station's side of sync, without timers or sockets: push the outbox, pull what the server has, and
// keep the station's tables equal to "the server's merged state + this station's pending ops". startSync
// (./index.ts) runs it on a schedule over HTTP; the simulation test runs it over a simulated network.
//
// Three copies of each synced entity are kept straight:
// - the server's canonical state (src/shared/merge.ts over every op, in server order);
// - this station's sync_entities: the same merge over the ops it has pulled or had acknowledged;
// - the row in the station's own table: sync_entities with the still-pending outbox ops applied on top.
// Because every merge rule is order-independent, an acknowledged op can go into sync_entities at once with
// its server sequence number, and pulling it again later changes nothing.
import type { Db } from '../../db/open';
import { outboxRepo, type OutboxRow } from '../../db/repos/outbox';
import { privacyRepo } from '../../db/repos/privacy';
import { settingsRepo } from '../../db/repos/settings';
import { stationsRepo } from '../../db/repos/sites';
import { syncRepo } from '../../db/repos/sync';
import { ClockOffsetEstimator } from '../../shared/clock-offset';

/** A station clock that moved this much more or less than real time since the last exchange was stepped. */
const CLOCK_STEP_MS = 1_000;
import type { VisitStatus } from '../../shared/domain';
import {
  KINDS,
  PENDING_VERSION,
  applyOp,
  isAnonymised,
  kindOfOpType,
  rowOf,
  type EntityKind,
  type EntityState,
} from '../../shared/merge';
import {
  CHECKSUM_KINDS,
  MAX_PULL_LIMIT,
  SYNC_PROTOCOL_VERSION,
  SYNC_SCHEMA_VERSION,
  SyncError,
  rowsChecksum,
  shiftIso,
  type ChecksumResponse,
  type EntitiesRequest,
  type EntitiesResponse,
  type HealthReport,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type ServerOp,
  type SyncOp,
} from '../../shared/sync';

/** How the engine reaches the server: HTTP in production, a simulated network in tests. */
export interface SyncTransport {
  push(request: PushRequest): Promise<PushResponse>;
  pull(request: PullRequest): Promise<PullResponse>;
  /** Per-kind checksums and merged states for drift repair (optional: a transport without them skips it). */
  checksum?(request: { protocolVersion: number }): Promise<ChecksumResponse>;
  entities?(request: EntitiesRequest): Promise<EntitiesResponse>;
  /** Tells the server how this station is (optional: a transport without it reports nothing). */
  health?(request: HealthReport): Promise<void>;
}

/** What the engine needs of the station core. */
export interface SyncHost {
  db: Db;
  stationId: string;
  now(): Date;
  /** Told the clock offset estimate after each exchange, with the raw time it was read at (station time). */
  onClockOffset?(offsetMs: number, at: Date): void;
  /** Told after each commit which visits changed, so screens refresh. */
  onVisitsChanged?(visits: { visitId: string; status: VisitStatus }[]): void;
  /** Told after a commit that changed staff accounts (a role, a secret, active…): their sessions end. */
  onStaffChanged?(userIds: string[]): void;
  /** Told the organisation's ID-number key the server sends with each pull (src/main/screening/id-numbers.ts). */
  onIdNumberKey?(key: string): void;
  /** Told after a commit that changed a site's settings, so screens read them again. */
  onSettingsChanged?(siteIds: string[]): void;
  /** Told after a commit that wrote incidents (or their timeline) or legal holds, so screens reload them. */
  onIncidentsChanged?(incidentIds: string[]): void;
  onHoldsChanged?(holdIds: string[]): void;
  /** Told after a commit that wrote a site's shared device profile (src/main/hardware/profile.ts). */
  onDeviceProfileChanged?(siteIds: string[]): void;
  /**
   * Told after a commit that anonymised visits or visitors here (an anonymise op from another desk), with
   * the files they named (visit folders, a visitor's photo), so the files go too.
   */
  onAnonymised?(visitIds: string[], files: string[]): void;
}

/** What a commit changed that the station must hear of. */
interface Changes {
  visits: { visitId: string; status: VisitStatus }[];
  staff: string[];
  sites: string[];
  incidents: string[];
  holds: string[];
  deviceProfiles: string[];
  anonymised: { visits: string[]; files: string[] };
}
const noChanges = (): Changes => ({
  visits: [],
  staff: [],
  sites: [],
  incidents: [],
  holds: [],
  deviceProfiles: [],
  anonymised: { visits: [], files: [] },
});

/** The columns of a staff account that a session depends on: a change to any of them ends its sessions. */
const SESSION_COLUMNS = ['siteId', 'login', 'role', 'active', 'pinHash', 'passwordHash', 'badgeCode'];

export interface SyncEngineOptions {
  pushPageSize?: number;
  pullPageSize?: number;
}

export interface SyncRunResult {
  pushed: number;
  rejected: number;
  pulled: number;
  /** True when the server turned out to be restored from an older backup and this station recovered. */
  recovered: boolean;
}

const REBUILDING_KEY = 'sync.rebuilding';
/** The last time this station found its sequences taken (restored from a backup) and renumbered. */
export const RENUMBERED_KEY = 'sync.renumbered';

type EntityKey = `${EntityKind}:${string}`;
const keyOf = (kind: EntityKind, id: string): EntityKey => `${kind}:${id}`;

export class SyncEngine {
  private readonly pushPageSize: number;
  private readonly pullPageSize: number;
  /**
   * Estimates the server clock minus this station's clock from push and pull timing (NTP-style: the
   * fastest recent exchange wins). Shown in the header and to administrators, and sent with each op as its
   * corrected time (`correctedAt`), by which the server judges it (far_future) and merges its times.
   */
  private sampledAt: { wallMs: number; monoMs: number } | undefined;
  private readonly clock = new ClockOffsetEstimator();
  get clockOffsetMs(): number | null {
    return this.clock.offsetMs;
  }
  /** The round trip of the exchange the estimate comes from: the offset is wrong by at most half of it. */
  get clockRoundTripMs(): number | null {
    return this.clock.best()?.roundTripMs ?? null;
  }
  /** The server's newest sequence number, from the last push or pull. */
  serverHeadSeq: number | null = null;

  constructor(
    private readonly host: SyncHost,
    private readonly transport: SyncTransport,
    options: SyncEngineOptions = {},
  ) {
    this.pushPageSize = options.pushPageSize ?? 500;
    this.pullPageSize = options.pullPageSize ?? MAX_PULL_LIMIT;
  }

  private get db() {
    return this.host.db;
  }

  private siteId(): string {
    const siteId = stationsRepo.get(this.db, this.host.stationId)?.siteId;
    if (!siteId) throw new Error('This station is not enrolled for a site yet.');
    return siteId;
  }

  /** Pushes everything waiting, then pulls everything new; recovers once from a restored server. */
  async syncOnce(): Promise<SyncRunResult> {
    try {
      return await this.pushThenPull(false);
    } catch (error) {
      if (!(error instanceof SyncError && error.code === 'cursor_unknown')) throw error;
      this.prepareRecovery();
      return this.pushThenPull(true);
    }
  }

  private async pushThenPull(recovered: boolean): Promise<SyncRunResult> {
    const { pushed, rejected } = await this.push();
    const pulled = await this.pull();
    return { pushed, rejected, pulled, recovered };
  }

  /** Pushes the outbox in stationSeq order, page by page; an op leaves the outbox only when answered. */
  async push(): Promise<{ pushed: number; rejected: number }> {
    let pushed = 0;
    let rejected = 0;
    let renumbered = 0;
    const siteId = this.siteId();
    for (;;) {
      const rows = outboxRepo.page(this.db, this.pushPageSize);
      if (rows.length === 0) break;
      const sentAt = this.host.now();
      const ops = rows.map((row) => toSyncOp(row, siteId, this.currentOffsetMs()));
      const response = await this.transport.push({
        protocolVersion: SYNC_PROTOCOL_VERSION,
        sentAt: sentAt.toISOString(),
        ops,
      });
      this.observeClock(sentAt, response.serverTime);
      this.serverHeadSeq = response.serverHeadSeq;
      const answered = this.applyPushResponse(rows, ops, response);
      pushed += answered.acked;
      rejected += answered.rejected;
      if (response.stationSeqTaken !== undefined && renumbered < 3) {
        // Restored from an older backup: the server has ops of this station under the numbers it reused.
        this.renumber(response.stationSeqTaken);
        renumbered++;
        continue;
      }
      if (answered.acked + answered.rejected === 0) break; // nothing answered: do not spin
    }
    return { pushed, rejected };
  }

  /**
   * This station numbered ops with sequences the server already holds from it (it was restored from an
   * older backup): what waits is numbered again past them, so nothing is mistaken for an op the server has
   * (and falsely acknowledged), and nothing is lost. The ops the backup lost come back with the next pull.
   */
  private renumber(taken: number): void {
    const nowIso = this.host.now().toISOString();
    this.db.$client
      .transaction(() => {
        const moved = outboxRepo.renumberPast(this.db, taken, nowIso);
        settingsRepo.set(this.db, 'station', RENUMBERED_KEY, { at: nowIso, taken, moved }, nowIso);
      })
      .immediate();
  }

  /** Estimates the clock offset from one exchange (an older server's pull has no time: nothing learnt). */
  private observeClock(sentAt: Date, serverTime: string | undefined): void {
    if (serverTime === undefined) return;
    const answeredAt = this.host.now();
    this.clock.observe(sentAt.getTime(), answeredAt.getTime(), Date.parse(serverTime));
    this.sampledAt = { wallMs: answeredAt.getTime(), monoMs: performance.now() };
    const offsetMs = this.clock.offsetMs;
    if (offsetMs !== null) this.host.onClockOffset?.(offsetMs, answeredAt);
  }

  /**
   * The offset estimate, if the station's clock has run evenly since it was made: a clock stepped since
   * (by hand, by NTP after a dead battery) makes it wrong, so the op goes without a correction and the
   * server corrects it from the push's own sentAt, which is always current.
   */
  private currentOffsetMs(): number | null {
    const at = this.sampledAt;
    if (!at) return null;
    const drift = this.host.now().getTime() - at.wallMs - (performance.now() - at.monoMs);
    return Math.abs(drift) <= CLOCK_STEP_MS ? this.clock.offsetMs : null;
  }

  private applyPushResponse(rows: OutboxRow[], sent: SyncOp[], response: PushResponse) {
    const bySeq = new Map(rows.map((r) => [r.stationSeq, r]));
    const sentBySeq = new Map(sent.map((o) => [o.stationSeq, o]));
    const siteId = this.siteId();
    const nowIso = this.host.now().toISOString();
    const touched = new Map<EntityKey, { kind: EntityKind; id: string }>();
    const states = new Map<EntityKey, EntityState>();
    const done: number[] = [];
    let changed = noChanges();
    this.db.$client
      .transaction(() => {
        for (const ack of response.acks) {
          const row = bySeq.get(ack.stationSeq);
          const sentOp = sentBySeq.get(ack.stationSeq);
          if (!row || !sentOp) continue;
          // Merged at the corrected time the server stored (its first answer, if this was pushed again).
          const correctedAt = ack.correctedAt ?? sentOp.correctedAt;
          const op: SyncOp = { ...sentOp, ...(correctedAt ? { correctedAt } : {}) };
          syncRepo.recordSent(this.db, {
            stationSeq: row.stationSeq,
            opId: row.opId,
            serverSeq: ack.serverSeq,
            op,
            ackedAt: nowIso,
          });
          const kind = kindOfOpType(row.type);
          if (ack.held) {
            syncRepo.hold(this.db, {
              opId: row.opId,
              direction: 'out',
              reason: ack.held,
              serverSeq: ack.serverSeq,
              op,
              heldAt: nowIso,
            });
          } else if (kind) {
            // The server applied exactly this op at ack.serverSeq: merge it now, pulling it later is a no-op.
            const key = keyOf(kind, row.entityId);
            states.set(
              key,
              applyOp(
                states.get(key) ?? syncRepo.entity(this.db, kind, row.entityId),
                { ...op, siteId: scopeOf(kind, siteId) },
                ack.serverSeq,
              ),
            );
          }
          if (kind) touched.set(keyOf(kind, row.entityId), { kind, id: row.entityId });
          done.push(row.stationSeq);
        }
        for (const rejection of response.rejected) {
          const row = bySeq.get(rejection.stationSeq);
          const op = sentBySeq.get(rejection.stationSeq);
          if (!row || !op) continue;
          syncRepo.hold(this.db, {
            opId: row.opId,
            direction: 'out',
            reason: rejection.reason,
            serverSeq: null,
            op: { ...op, message: rejection.message },
            heldAt: nowIso,
          });
          const kind = kindOfOpType(row.type);
          if (kind) touched.set(keyOf(kind, row.entityId), { kind, id: row.entityId });
          // What the refused op refers to may now stand for nothing either (a walk-in's visitor record).
          for (const [field, refKind] of [
            ['visitorId', 'visitor'],
            ['visitId', 'visit'],
          ] as const) {
            const ref = row.payload[field];
            if (typeof ref === 'string') touched.set(keyOf(refKind, ref), { kind: refKind, id: ref });
          }
          done.push(row.stationSeq);
        }
        outboxRepo.remove(this.db, done);
        for (const state of states.values()) syncRepo.putEntity(this.db, state);
        // A change to someone already anonymised (queued while offline) is kept without what it named.
        const late = response.acks.flatMap((ack) => {
          const row = bySeq.get(ack.stationSeq);
          const kind = row && kindOfOpType(row.type);
          const state = kind && states.get(keyOf(kind, row.entityId));
          return state && isAnonymised(state) && !row.type.endsWith('.anonymise') ? [state] : [];
        });
        if (late.length > 0)
          privacyRepo.scrub(
            this.db,
            late.filter((s) => s.kind === 'visit').map((s) => s.id),
            late.filter((s) => s.kind === 'visitor').map((s) => s.id),
            nowIso,
          );
        changed = this.materialise([...touched.values()], states);
      })
      .immediate();
    this.announce(changed);
    return {
      acked: response.acks.filter((a) => bySeq.has(a.stationSeq)).length,
      rejected: response.rejected.filter((r) => bySeq.has(r.stationSeq)).length,
    };
  }

  /**
   * Pulls after the cursor page by page; each page and its new cursor are committed together. While a page
   * is applied the next one is already asked for, so the server's work and this station's overlap (a first
   * sync is a hundred pages); it is used only if the cursor it was asked from is still this station's.
   */
  async pull(): Promise<number> {
    this.replayHeld();
    let pulled = 0;
    let ahead: PagePull | undefined;
    for (;;) {
      const { cursor, lastOp } = syncRepo.cursor(this.db);
      const current = ahead?.cursor === cursor ? ahead : this.pullPage(cursor, lastOp);
      const response = await current.answer;
      if (response.idNumberKey) this.host.onIdNumberKey?.(response.idNumberKey);
      this.serverHeadSeq = response.serverHeadSeq;
      if (response.serverHeadSeq < cursor) {
        throw new SyncError(
          'cursor_unknown',
          `The server's newest op is ${response.serverHeadSeq}, behind this station's cursor ${cursor}.`,
          response.serverHeadSeq,
        );
      }
      const last = response.ops.at(-1);
      ahead = response.hasMore
        ? this.pullPage(response.nextCursor, last ? lastOpOf(last) : lastOp)
        : undefined;
      // Let the request go out before this page's transaction holds the event loop.
      if (ahead) await new Promise((resolve) => setTimeout(resolve, 1));
      this.applyPage(response, cursor);
      pulled += response.ops.length;
      if (!response.hasMore) break;
    }
    if (settingsRepo.get<boolean>(this.db, 'station', REBUILDING_KEY)) this.finishRecovery();
    return pulled;
  }

  /**
   * Asks for the page after `cursor`; a failure is kept for whoever awaits the answer. The clock is sampled
   * when the answer arrives, not when it is used.
   */
  private pullPage(cursor: number, lastOp: { serverSeq: number; opId: string } | null): PagePull {
    const sentAt = this.host.now();
    const answer = this.transport
      .pull({ protocolVersion: SYNC_PROTOCOL_VERSION, cursor, limit: this.pullPageSize, lastOp })
      .then((response) => {
        this.observeClock(sentAt, response.serverTime);
        return response;
      });
    answer.catch(() => {}); // a page asked ahead and never used must not be an unhandled rejection
    return { cursor, answer };
  }

  private applyPage(response: PullResponse, cursor: number) {
    const nowIso = this.host.now().toISOString();
    const rebuilding = settingsRepo.get<boolean>(this.db, 'station', REBUILDING_KEY) ?? false;
    let changed = noChanges();
    this.db.$client
      .transaction(() => {
        // Another pull may have committed this page already (a retried request): apply only what is new.
        if (syncRepo.cursor(this.db).cursor !== cursor) return;
        const states = new Map<EntityKey, EntityState>();
        const touched = new Map<EntityKey, { kind: EntityKind; id: string }>();
        // This station's ops the server refused and an administrator then released come back in the log.
        const refused = new Set(
          syncRepo
            .held(this.db, 'out')
            .filter((h) => h.serverSeq === null)
            .map((h) => h.opId),
        );
        const released: string[] = [];
        for (const op of response.ops) {
          if (refused.has(op.opId)) released.push(op.opId);
          const kind = kindOfOpType(op.type);
          if (!kind || op.schemaVersion > SYNC_SCHEMA_VERSION) {
            syncRepo.hold(this.db, {
              opId: op.opId,
              direction: 'in',
              reason: 'schema_unknown',
              serverSeq: op.serverSeq,
              op,
              heldAt: nowIso,
            });
            continue;
          }
          const key = keyOf(kind, op.entityId);
          states.set(
            key,
            applyOp(states.get(key) ?? syncRepo.entity(this.db, kind, op.entityId), op, op.serverSeq),
          );
          touched.set(key, { kind, id: op.entityId });
        }
        // Revocations beyond this page, ahead of the backlog: merged now (pulled again in order later, which
        // changes nothing), so a revoked pass is refused here while the rest still arrives.
        for (const op of response.revocations ?? []) {
          if (op.serverSeq <= response.nextCursor || kindOfOpType(op.type) !== 'pass') continue;
          const key = keyOf('pass', op.entityId);
          states.set(
            key,
            applyOp(states.get(key) ?? syncRepo.entity(this.db, 'pass', op.entityId), op, op.serverSeq),
          );
          touched.set(key, { kind: 'pass', id: op.entityId });
        }
        for (const state of states.values()) syncRepo.putEntity(this.db, state);
        syncRepo.release(this.db, released);
        // While rebuilding after a restore, rows wait for the whole log so nothing shows half-merged.
        if (!rebuilding) changed = this.materialise([...touched.values()], states);
        const last = response.ops.at(-1);
        syncRepo.setCursor(
          this.db,
          response.nextCursor,
          last ? lastOpOf(last) : syncRepo.cursor(this.db).lastOp,
          nowIso,
        );
      })
      .immediate();
    this.announce(changed);
  }

  /**
   * Ops pulled before this build knew their type or schema were held, not dropped. Once it knows them (after
   * an update) they are merged at their server sequence, as if pulled now. So are this station's own ops the
   * server acknowledged but held (a desk's site settings before they had a kind): they stop counting as held.
   */
  private replayHeld(): void {
    const ready = syncRepo.held(this.db).flatMap((held) => {
      const op = held.op as unknown as ServerOp;
      const serverSeq = held.serverSeq ?? op.serverSeq;
      const kind = held.reason === 'schema_unknown' ? kindOfOpType(op.type) : undefined;
      return kind && serverSeq && op.schemaVersion <= SYNC_SCHEMA_VERSION
        ? [{ held, op: { ...op, serverSeq }, kind }]
        : [];
    });
    if (ready.length === 0) return;
    let changed = noChanges();
    this.db.$client
      .transaction(() => {
        const states = new Map<EntityKey, EntityState>();
        for (const { op, kind } of ready.sort((a, b) => a.op.serverSeq - b.op.serverSeq)) {
          const key = keyOf(kind, op.entityId);
          states.set(
            key,
            applyOp(states.get(key) ?? syncRepo.entity(this.db, kind, op.entityId), op, op.serverSeq),
          );
        }
        for (const state of states.values()) syncRepo.putEntity(this.db, state);
        changed = this.materialise(
          [...states.values()].map((s) => ({ kind: s.kind, id: s.id })),
          states,
        );
        syncRepo.release(
          this.db,
          ready.map((r) => r.held.opId),
        );
      })
      .immediate();
    this.announce(changed);
  }

  /**
   * Compares a checksum of each kind's rows with the server's and repairs every kind that drifted (a row
   * changed behind sync's back, a lost write): its merged states are fetched again and its rows rewritten,
   * rows nothing stands behind removed. Runs only when nothing is pending here and the station is at the
   * server's head, so the two sides describe the same point of the log. Returns the kinds repaired.
   */
  async verify(): Promise<EntityKind[]> {
    const { checksum, entities } = this.transport;
    if (!checksum || !entities || outboxRepo.count(this.db) > 0) return [];
    const server = await checksum.call(this.transport, { protocolVersion: SYNC_PROTOCOL_VERSION });
    if (server.serverHeadSeq !== syncRepo.cursor(this.db).cursor) return [];
    const drifted = CHECKSUM_KINDS.filter((kind) => {
      const mine = rowsChecksum(syncRepo.rows(this.db, kind));
      const theirs = server.kinds[kind];
      // A kind the server does not report (an older server build) cannot be compared.
      return theirs !== undefined && (theirs.hash !== mine.hash || theirs.count !== mine.count);
    });
    for (const kind of drifted) {
      const { states } = await entities.call(this.transport, {
        protocolVersion: SYNC_PROTOCOL_VERSION,
        kind,
      });
      this.repair(kind, states);
    }
    return drifted;
  }

  private repair(kind: EntityKind, states: EntityState[]): void {
    let changed = noChanges();
    this.db.$client
      .transaction(() => {
        syncRepo.clearEntities(this.db, kind);
        for (const state of states) syncRepo.putEntity(this.db, state);
        const ids = new Set([
          ...states.map((s) => s.id),
          ...syncRepo.rows(this.db, kind).map((r) => String(r.id)),
        ]);
        changed = this.materialise([...ids].map((id) => ({ kind, id })));
      })
      .immediate();
    this.announce(changed);
  }

  /** Tells the station, after the commit, what changed: screens refresh, a changed account's sessions end. */
  private announce({ visits, staff, sites, incidents, holds, deviceProfiles, anonymised }: Changes): void {
    if (anonymised.visits.length + anonymised.files.length > 0)
      this.host.onAnonymised?.(anonymised.visits, anonymised.files);
    if (visits.length > 0) this.host.onVisitsChanged?.(visits);
    if (staff.length > 0) this.host.onStaffChanged?.(staff);
    if (sites.length > 0) this.host.onSettingsChanged?.(sites);
    if (incidents.length > 0) this.host.onIncidentsChanged?.([...new Set(incidents)]);
    if (holds.length > 0) this.host.onHoldsChanged?.(holds);
    if (deviceProfiles.length > 0) this.host.onDeviceProfileChanged?.(deviceProfiles);
  }

  /**
   * Rewrites the station's rows of these entities as merged state + pending local ops. Returns what changed:
   * the visits whose row was written (for visit.changed), the staff accounts whose sign-in changed or went,
   * and the sites whose settings were written.
   */
  private materialise(
    entities: { kind: EntityKind; id: string }[],
    /** Merged states just written in this transaction, so they are not read back. */
    known?: Map<EntityKey, EntityState>,
  ): Changes {
    const pending = new Map<string, OutboxRow[]>();
    for (const row of outboxRepo.pendingFor(this.db, [...new Set(entities.map((e) => e.id))])) {
      pending.set(row.entityId, [...(pending.get(row.entityId) ?? []), row]);
    }
    // Rows must be written after what they refer to: visitors before visits, visits before passes.
    const order: EntityKind[] = [
      'station',
      'siteSettings',
      'staff',
      'host',
      'visitorType',
      'visitorTypeDocument',
      'watchlist',
      'visitor',
      'visit',
      'pass',
      'gateEvent',
      'incident',
      'incidentEvent',
      'legalHold',
      'deviceProfile',
    ];
    const sorted = [...entities].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
    const changes = noChanges();
    const writes: { kind: EntityKind; id: string; row: Record<string, unknown> }[] = [];
    const removals: { kind: EntityKind; id: string }[] = [];
    for (const { kind, id } of sorted) {
      let state = known?.get(keyOf(kind, id)) ?? syncRepo.entity(this.db, kind, id);
      for (const op of pending.get(id) ?? []) {
        if (kindOfOpType(op.type) === kind)
          state = applyOp(state, { ...op, siteId: state?.siteId ?? null }, PENDING_VERSION + op.stationSeq);
      }
      const row = state && rowOf(state);
      if (row) writes.push({ kind, id, row });
      else removals.push({ kind, id });
    }
    // A row neither the server nor a pending op stands behind (a local change the server refused) goes,
    // dependants first; one that something else still refers to stays, for the checksum repair to judge.
    for (const { kind, id } of removals.reverse())
      if (this.removeOrphan(kind, id) && kind === 'staff') changes.staff.push(id);
    const anonymisedVisitors: string[] = [];
    // Written a kind at a time, in dependency order (a Map keeps it), many rows to a statement.
    const byKind = new Map<EntityKind, typeof writes>();
    for (const w of writes) {
      const group = byKind.get(w.kind);
      if (group) group.push(w);
      else byKind.set(w.kind, [w]);
    }
    for (const [kind, group] of byKind) {
      const anonymising = (row: Record<string, unknown>) =>
        (kind === 'visit' || kind === 'visitor') && row.anonymisedAt != null;
      const befores = group.map(({ id, row }) =>
        kind === 'staff' || anonymising(row) ? syncRepo.rows(this.db, kind, id)[0] : undefined,
      );
      const written = syncRepo.writeRows(
        this.db,
        kind,
        group.map((w) => w.row),
      );
      group.forEach(({ id, row }, i) => {
        const before = befores[i];
        if (!written[i]) return;
        if (kind === 'visit') changes.visits.push({ visitId: id, status: row.status as VisitStatus });
        if (kind === 'siteSettings') changes.sites.push(id);
        if (kind === 'incident') changes.incidents.push(id);
        if (kind === 'incidentEvent') changes.incidents.push(String(row.incidentId));
        if (kind === 'legalHold') changes.holds.push(id);
        if (kind === 'deviceProfile') changes.deviceProfiles.push(id);
        if (kind === 'staff' && before && SESSION_COLUMNS.some((c) => before[c] !== row[c]))
          changes.staff.push(id);
        // Newly anonymised here: what this station keeps about it beside the row goes too.
        if (anonymising(row) && before?.anonymisedAt == null) {
          if (kind === 'visit') changes.anonymised.visits.push(id);
          else anonymisedVisitors.push(id);
          if (typeof before?.photoPath === 'string') changes.anonymised.files.push(before.photoPath);
        }
      });
    }
    if (changes.anonymised.visits.length + anonymisedVisitors.length > 0)
      privacyRepo.scrub(
        this.db,
        changes.anonymised.visits,
        anonymisedVisitors,
        this.host.now().toISOString(),
      );
    return changes;
  }

  /**
   * Deletes a row nothing stands behind, then what it referred to if that is now an orphan too. Returns
   * whether the row went.
   */
  private removeOrphan(kind: EntityKind, id: string): boolean {
    if (syncRepo.entity(this.db, kind, id) || outboxRepo.pendingFor(this.db, [id]).length > 0) return false;
    const row = syncRepo.rows(this.db, kind, id)[0];
    if (!row) return false;
    try {
      this.db.$client.transaction(() => syncRepo.deleteRow(this.db, kind, id))();
    } catch {
      return false; // still referenced (by another row, an incident, a print job): it stays
    }
    if (kind === 'pass' && typeof row.visitId === 'string') this.removeOrphan('visit', row.visitId);
    if (kind === 'visit' && typeof row.visitorId === 'string') this.removeOrphan('visitor', row.visitorId);
    return true;
  }

  /**
   * The server lost ops this station had (restored from an older backup): put every acknowledged op back
   * in the outbox (the server dedups those it still has), forget the merged state and pull from zero.
   */
  private prepareRecovery(): void {
    const nowIso = this.host.now().toISOString();
    this.db.$client
      .transaction(() => {
        const sent = syncRepo.sent(this.db);
        outboxRepo.putBack(
          this.db,
          sent.map(({ op }) => {
            const o = op as unknown as SyncOp;
            return {
              opId: o.opId,
              stationId: o.stationId,
              stationSeq: o.stationSeq,
              type: o.type,
              entityId: o.entityId,
              payload: o.payload,
              occurredAt: o.occurredAt,
            };
          }),
        );
        syncRepo.clearSent(this.db);
        syncRepo.clearEntities(this.db);
        syncRepo.setCursor(this.db, 0, null, nowIso);
        settingsRepo.set(this.db, 'station', REBUILDING_KEY, true, nowIso);
      })
      .immediate();
  }

  private finishRecovery(): void {
    const nowIso = this.host.now().toISOString();
    const all = this.db.$client.prepare('SELECT kind, entity_id AS id FROM sync_entities').all() as {
      kind: EntityKind;
      id: string;
    }[];
    let changed = noChanges();
    this.db.$client
      .transaction(() => {
        changed = this.materialise(all);
        settingsRepo.set(this.db, 'station', REBUILDING_KEY, false, nowIso);
      })
      .immediate();
    this.announce(changed);
  }
}

const scopeOf = (kind: EntityKind, siteId: string): string | null =>
  KINDS[kind].scope === 'org' ? null : siteId;

/** The op as sent: with its corrected time once this station has an estimate of its clock's offset. */
function toSyncOp(row: OutboxRow, siteId: string, offsetMs: number | null): SyncOp {
  const kind = kindOfOpType(row.type);
  return {
    opId: row.opId,
    stationId: row.stationId,
    stationSeq: row.stationSeq,
    type: row.type,
    entityId: row.entityId,
    siteId: kind ? scopeOf(kind, siteId) : siteId,
    payload: row.payload,
    occurredAt: row.occurredAt,
    ...(offsetMs === null ? {} : { correctedAt: shiftIso(row.occurredAt, offsetMs) }),
    schemaVersion: SYNC_SCHEMA_VERSION,
  };
}

const lastOpOf = (op: ServerOp) => ({ serverSeq: op.serverSeq, opId: op.opId });

/** A pull request under way: the cursor it asked from and its answer. */
interface PagePull {
  cursor: number;
  answer: Promise<PullResponse>;
}
