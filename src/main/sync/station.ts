// Sync as part of a running station: the client runs while the station is enrolled (server URL and
// credential in its settings), the setup screen enrolls it, and the desk and gate read its status.
// startStation builds one StationSync and keeps it on the core (core.sync), where the sync.* handlers find it.
import { auditRepo } from '../../db/repos/audit';
import { outboxRepo } from '../../db/repos/outbox';
import { metricsRepo } from '../../db/repos/metrics';
import { settingsRepo } from '../../db/repos/settings';
import { stationsRepo } from '../../db/repos/sites';
import { syncRepo } from '../../db/repos/sync';
import { MAX_HELD_SHOWN, type SyncDetailsView, type SyncStatusView } from '../../shared/api/sync';
import type { ClaimResponse, StationHealth } from '../../shared/sync';
import type { StationBase, StationCore } from '../core/context';
import type { SyncControl } from '../core/sync';
import { siteSettings } from '../core/site';
import { GENESIS_HASH } from '../core/audit';
import type { KeptClockOffset } from '../core/clock';
import { claimEnrollment, syncServerSettings } from './enroll';
import { startSync, type StartSyncOptions, type SyncHandle, type SyncStatus } from './index';
import { pendingUpdate, updateRollback } from '../updates/pending';

export type StationSyncOptions = Partial<Omit<StartSyncOptions, 'serverUrl' | 'credential'>> & {
  /** false: never start the client, even when enrolled (tests that need no server). */
  enabled?: boolean;
};

/** When the station last finished a sync: the watchlist is current as of then (kept across restarts). */
const LAST_SYNC_KEY = 'sync.lastSyncAt';
/** The last clock offset estimate, with its round trip and when it was made: used again at start. */
const CLOCK_OFFSET_KEY = 'sync.clockOffset';
/** The audit entry at the head of the last health report the server accepted. */
const AUDIT_ANCHOR_KEY = 'sync.auditAnchorSeq';

export class StationSync implements SyncControl {
  private handle: SyncHandle | undefined;
  private lastSent = '';

  constructor(
    private readonly core: StationBase & Pick<StationCore, 'hardware'>,
    private readonly options: StationSyncOptions = {},
  ) {}

  /** The running client (undefined while not enrolled or disabled). */
  get client(): SyncHandle | undefined {
    return this.handle;
  }

  /** A sync run is in flight. */
  get busy(): boolean {
    return this.handle?.status().running ?? false;
  }

  async syncNow(): Promise<void> {
    await this.handle?.syncNow();
  }

  /**
   * At start, before the scheduler: station time from the estimate kept before the restart, while it is
   * recent (src/main/core/clock.ts), so a station restarted with the server down keeps the real time.
   */
  restoreClock(): void {
    if (!this.core.clock.correcting || !this.enrolled()) return;
    const kept = settingsRepo.get<KeptClockOffset>(this.core.db, 'station', CLOCK_OFFSET_KEY);
    if (kept) this.core.clock.restore(kept, this.core.now());
  }

  /** Starts the client if the station is enrolled and sync is enabled. */
  start(): void {
    const settings = syncServerSettings(this.core);
    if (this.handle || !settings || this.options.enabled === false) return;
    this.handle = startSync(
      { core: this.core },
      {
        ...this.options,
        ...settings,
        onStatus: (status) => this.changed(status),
        health: () => this.health(),
        healthReported: (health) => {
          // The head the server now knows: the next report names it again as its anchor.
          if (health.audit)
            settingsRepo.set(
              this.core.db,
              'station',
              AUDIT_ANCHOR_KEY,
              health.audit.head.seq,
              this.core.now().toISOString(),
            );
        },
      },
    );
  }

  /** Claims a one-time code at the server for this station, with its name and pass key; records nothing. */
  async claim(serverUrl: string, code: string): Promise<ClaimResponse> {
    const { passKey } = this.core;
    const name = stationsRepo.get(this.core.db, this.core.stationId)?.name;
    return claimEnrollment(this.core.stationId, serverUrl, code, {
      name,
      publicKey: passKey.publicKeySpki,
      keyId: passKey.keyId,
    });
  }

  enrolled(): boolean {
    return syncServerSettings(this.core) !== undefined;
  }

  status(): SyncStatusView {
    const { db } = this.core;
    const settings = syncServerSettings(this.core);
    const live: Partial<SyncStatus> = this.handle?.status() ?? {};
    const held = syncRepo.held(db);
    const lastSyncAt = live.lastSyncAt ?? settingsRepo.get<string>(db, 'station', LAST_SYNC_KEY) ?? null;
    const siteId = stationsRepo.get(db, this.core.stationId)?.siteId;
    const maxAgeHours = siteId ? siteSettings(db, siteId).watchlistMaxAgeHours : 24;
    const ageHours =
      lastSyncAt === null
        ? null
        : Math.max(0, (this.core.now().getTime() - Date.parse(lastSyncAt)) / 3_600_000);
    return {
      enrolled: Boolean(settings),
      serverUrl: settings?.serverUrl ?? null,
      online: live.online ?? false,
      waiting: outboxRepo.count(db),
      held: held.length,
      quarantined: held.filter((h) => h.reason === 'far_future').length,
      lastSyncAt,
      lastError: live.lastError ?? null,
      clockOffsetMs: live.clockOffsetMs ?? null,
      watchlist: {
        syncedAt: lastSyncAt,
        ageHours: ageHours === null ? null : Math.round(ageHours * 10) / 10,
        maxAgeHours,
        // A station without a server keeps its own watchlist: it is never "out of date".
        stale: Boolean(settings) && (ageHours === null || ageHours > maxAgeHours),
      },
    };
  }

  details(): SyncDetailsView {
    const status = this.status();
    const pulledSeq = syncRepo.cursor(this.core.db).cursor;
    const serverHeadSeq = this.handle?.status().serverHeadSeq ?? null;
    const heldOps = syncRepo
      .held(this.core.db)
      .slice(0, MAX_HELD_SHOWN)
      .map((h) => ({
        opId: h.opId,
        direction: h.direction,
        type: String(h.op.type),
        entityId: String(h.op.entityId),
        reason: h.reason,
        message: typeof h.op.message === 'string' ? h.op.message : null,
        serverSeq: h.serverSeq,
        heldAt: h.heldAt,
      }));
    const caughtUp =
      status.online && status.waiting === 0 && serverHeadSeq !== null && pulledSeq >= serverHeadSeq;
    return { ...status, pulledSeq, serverHeadSeq, caughtUp, heldOps };
  }

  /** What this station tells the server about itself (src/server/fleet.ts shows it to administrators). */
  /** The audit chain's head, and the entry at the head last reported as this chain reads it now. */
  private auditPosition(): NonNullable<StationHealth['audit']> {
    const { db } = this.core;
    const last = auditRepo.last(db);
    const anchorSeq = settingsRepo.get<number>(db, 'station', AUDIT_ANCHOR_KEY);
    return {
      head: { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH },
      anchor:
        anchorSeq === undefined
          ? null
          : {
              seq: anchorSeq,
              hash: anchorSeq === 0 ? GENESIS_HASH : (auditRepo.bySeq(db, anchorSeq)?.hash ?? null),
            },
    };
  }

  /** The station's badge print jobs by status (done ones are not waiting). */
  private printQueue(): NonNullable<StationHealth['printQueue']> {
    const queue = { queued: 0, printing: 0, failed: 0 };
    for (const { status, n } of metricsRepo.printJobs(this.core.db, this.core.stationId))
      if (status in queue) queue[status as keyof typeof queue] = n;
    return queue;
  }

  private health(): Omit<StationHealth, 'errors'> {
    const status = this.status();
    return {
      version: this.core.version,
      startedAt: this.core.startedAt.toISOString(),
      outboxDepth: status.waiting,
      held: status.held,
      quarantined: status.quarantined,
      lastSyncAt: status.lastSyncAt,
      watchlistSyncedAt: status.watchlist.syncedAt,
      clockOffsetMs: status.clockOffsetMs,
      audit: this.auditPosition(),
      pendingUpdate: pendingUpdate(this.core.db, this.core.stationId, this.core.version, this.core.now()),
      updateRollback: updateRollback(this.core.db),
      printQueue: this.printQueue(),
      // Cut to what the server accepts: a long device name must not cost the whole report.
      devices: this.core.hardware
        .status()
        .slice(0, 32)
        .map((d) => ({
          ...d,
          id: d.id.slice(0, 64),
          kind: d.kind.slice(0, 40),
          name: d.name.slice(0, 120),
          lastError: d.lastError?.slice(0, 300) ?? null,
        })),
    };
  }

  /** After each sync attempt: remember the time of a good one, and tell screens when what they show changed. */
  private changed(status: SyncStatus): void {
    const { db } = this.core;
    if (!db.$client.open) return;
    if (status.lastSyncAt && !status.lastError) {
      settingsRepo.set(db, 'station', LAST_SYNC_KEY, status.lastSyncAt, status.lastSyncAt);
      // The estimate this sync refreshed, by the raw clock it was read at, kept for the next start.
      if (status.clockOffsetMs !== null && status.clockRoundTripMs !== null) {
        const kept: KeptClockOffset = {
          offsetMs: status.clockOffsetMs,
          roundTripMs: status.clockRoundTripMs,
          at: status.lastSyncAt,
        };
        settingsRepo.set(db, 'station', CLOCK_OFFSET_KEY, kept, status.lastSyncAt);
      }
    }
    const view = this.status();
    // Time stamps move on every sync; screens need telling when something else changed too.
    const key = JSON.stringify({ ...view, lastSyncAt: null, watchlist: view.watchlist.stale });
    if (key === this.lastSent) return;
    this.lastSent = key;
    this.core.events.emit('event', { event: 'sync.changed', payload: view });
  }

  async stop(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.stop();
  }
}
