// An in-process world for sync tests: one real sync server (SqliteSyncStore on a temp file, SyncService)
// and real station cores on their own SQLite files, each with a SyncEngine. The transport between them is
// given per station, so a test can put a simulated network (./network.ts) or nothing in between.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { outboxRepo } from '../../../src/db/repos/outbox';
import { syncRepo } from '../../../src/db/repos/sync';
import { newId } from '../../../src/shared/ids';
import { applyEnrollment } from '../../../src/main/sync/enroll';
import { SyncEngine, type SyncTransport } from '../../../src/main/sync/engine';
import { startStation, type Station } from '../../../src/main/station';
import { PgSyncStore } from '../../../src/server/pg-store';
import { SqliteSyncStore } from '../../../src/server/sqlite-store';
import { SyncService } from '../../../src/server/service';
import type { StationRecord, SyncStore } from '../../../src/server/store';
import { ENTITY_KINDS, rowOf, type EntityKind, type EntityState } from '../../../src/shared/merge';
import type { EnrollmentRole, PullRequest, PushRequest, SiteInfo } from '../../../src/shared/sync';
import { foldForSearch } from '../../../src/shared/text';
import { dropDatabase, freshDatabase } from '../postgres';

export interface WorldStation {
  name: string;
  station: Station;
  engine: SyncEngine;
  record: StationRecord;
  credential: string;
  site: SiteInfo;
  /** Milliseconds this station's clock is off the server's. */
  skewMs: number;
}

export class World {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-sync-'));
  /** The simulated "true" time; the server reads it as is, stations with their skew. */
  time = Date.parse('2026-03-02T08:00:00Z');
  /** The first server instance's store and service (the admin side: sites, enrollment, central ops). */
  readonly store: SyncStore;
  readonly service: SyncService;
  /** Every server instance; deliveries go to each in turn (one instance on SQLite). */
  readonly services: SyncService[];
  readonly stations: WorldStation[] = [];
  private deliveries = 0;

  /**
   * One server on a fresh embedded SQLite store, or instances on stores given (e.g. several on one
   * PostgreSQL database: World.onPostgres). `dispose` runs after the stores are closed.
   */
  constructor(
    stores?: SyncStore[],
    private readonly dispose: () => Promise<void> = async () => undefined,
  ) {
    const all = stores ?? [SqliteSyncStore.open(path.join(this.dir, 'server'))];
    this.store = all[0]!;
    this.services = all.map((store) => new SyncService(store, () => new Date(this.time)));
    this.service = this.services[0]!;
  }

  /** Server instances sharing one fresh database of the run's PostgreSQL cluster. */
  static async onPostgres(instances: number): Promise<World> {
    const url = await freshDatabase();
    const stores: SyncStore[] = [];
    for (let i = 0; i < instances; i++) stores.push(await PgSyncStore.open(url));
    return new World(stores, () => dropDatabase(url));
  }

  /** Every merged entity on the server, of every site and the organisation's. */
  async serverEntities(): Promise<EntityState[]> {
    const all = new Map<string, EntityState>();
    for (const site of await this.store.listSites())
      for (const state of await this.store.entitiesInScope(site.id))
        all.set(`${state.kind}:${state.id}`, state);
    return [...all.values()];
  }

  /** The in-process server endpoint a transport delivers to: authenticate, then push or pull. */
  async deliver(credential: string, kind: 'push' | 'pull', request: PushRequest | PullRequest) {
    const service = this.services[this.deliveries++ % this.services.length]!;
    const station = await service.authenticate(`Bearer ${credential}`);
    // A JSON round trip, as on the wire: nothing shared by reference between station and server.
    const body = JSON.parse(JSON.stringify(request)) as unknown;
    const response = kind === 'push' ? await service.push(station, body) : await service.pull(station, body);
    return JSON.parse(JSON.stringify(response)) as typeof response;
  }

  directTransport(credential: string): SyncTransport {
    return {
      push: (r) => this.deliver(credential, 'push', r) as never,
      pull: (r) => this.deliver(credential, 'pull', r) as never,
    };
  }

  async addSite(
    name: string,
    hosts = 4,
  ): Promise<{ site: SiteInfo; hostIds: string[]; visitorTypeId: string }> {
    const site = await this.service.createSite({ name, timezone: 'Europe/London' });
    const at = new Date(this.time).toISOString();
    const hostIds = Array.from({ length: hosts }, () => newId());
    const visitorTypeId = newId();
    await this.service.author({
      ops: [
        ...hostIds.map((id, i) => ({
          type: 'host.upsert' as const,
          entityId: id,
          siteId: site.id,
          payload: {
            siteId: site.id,
            name: `Host ${i} of ${name}`,
            searchName: foldForSearch(`Host ${i} of ${name}`),
            department: 'Ops',
            createdAt: at,
          },
        })),
        {
          type: 'visitorType.upsert' as const,
          entityId: visitorTypeId,
          siteId: site.id,
          payload: { siteId: site.id, names: { en: 'Visitor' }, color: '#2563eb', createdAt: at },
        },
      ],
    });
    return { site, hostIds, visitorTypeId };
  }

  /** A station on its own SQLite file, enrolled for a site with a one-time code. */
  async addStation(
    name: string,
    site: SiteInfo,
    role: EnrollmentRole,
    options: {
      skewMs?: number;
      transport?: (credential: string) => SyncTransport;
      pushPageSize?: number;
      pullPageSize?: number;
    } = {},
  ): Promise<WorldStation> {
    const skewMs = options.skewMs ?? 0;
    const station = await startStation({
      dataDir: path.join(this.dir, name),
      now: () => new Date(this.time + skewMs),
    });
    const { code } = await this.service.createEnrollmentCode({ siteId: site.id, role });
    // As the station's own enrollment does (src/main/sync/station.ts): its public pass key goes with the claim.
    const claim = await this.service.claim({
      code,
      stationId: station.core.stationId,
      name,
      publicKey: station.core.passKey.publicKeySpki,
      keyId: station.core.passKey.keyId,
    });
    applyEnrollment(
      station.core.db,
      station.core.stationId,
      claim,
      'http://sim.invalid',
      station.core.now().toISOString(),
      station.core.keys,
    );
    const record = await this.service.authenticate(`Bearer ${claim.credential}`);
    const transport = (options.transport ?? ((c) => this.directTransport(c)))(claim.credential);
    const engine = new SyncEngine(
      { db: station.core.db, stationId: station.core.stationId, now: station.core.now },
      transport,
      {
        pushPageSize: options.pushPageSize,
        pullPageSize: options.pullPageSize,
      },
    );
    const ws: WorldStation = { name, station, engine, record, credential: claim.credential, site, skewMs };
    this.stations.push(ws);
    return ws;
  }

  /** The server's canonical rows a station of this site may see, by kind, sorted by id. */
  async serverDump(siteId: string): Promise<Record<EntityKind, Record<string, unknown>[]>> {
    const dump = Object.fromEntries(ENTITY_KINDS.map((k) => [k, [] as Record<string, unknown>[]])) as Record<
      EntityKind,
      Record<string, unknown>[]
    >;
    for (const state of await this.store.entitiesInScope(siteId)) {
      const row = rowOf(state);
      if (row) dump[state.kind].push(row);
    }
    for (const k of ENTITY_KINDS) dump[k].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    return dump;
  }

  async close(): Promise<void> {
    for (const s of this.stations) s.station.close();
    for (const service of this.services) await service.store.close();
    await this.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A station's rows of every synced table, by kind, sorted by id (the station side of a canonical dump). */
export function stationDump(station: Station): Record<EntityKind, Record<string, unknown>[]> {
  return Object.fromEntries(
    ENTITY_KINDS.map((k) => [
      k,
      syncRepo.rows(station.core.db, k).sort((a, b) => String(a.id).localeCompare(String(b.id))),
    ]),
  ) as Record<EntityKind, Record<string, unknown>[]>;
}

export function outboxSize(station: Station): number {
  return outboxRepo.count(station.core.db);
}
