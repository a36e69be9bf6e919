// What must hold after sync heals: equal dumps, every op answered exactly once, nothing moved backwards.
import { expect } from 'vitest';
import { settingsRepo } from '../../../src/db/repos/settings';
import { syncRepo } from '../../../src/db/repos/sync';
import {
  applyOp,
  kindOfOpType,
  statusRank,
  type EntityKind,
  type EntityState,
} from '../../../src/shared/merge';
import { outboxSize, stationDump, type World } from './world';

/** Watches every visit's and pass's status rank at the server and at each station; records any decrease. */
export class ForwardOnlyWatch {
  private readonly last = new Map<string, number>();
  readonly violations: string[] = [];

  private see(where: string, kind: EntityKind, id: string, status: string | null) {
    const rank = statusRank(kind, status);
    if (rank === undefined) return;
    const key = `${where}|${kind}|${id}`;
    const before = this.last.get(key);
    if (before !== undefined && rank < before)
      this.violations.push(`${key}: rank ${before} → ${rank} (${status})`);
    this.last.set(key, rank);
  }

  async observe(world: World): Promise<void> {
    for (const state of await world.serverEntities())
      if (state.kind === 'visit' || state.kind === 'pass')
        this.see('server', state.kind, state.id, state.status);
    for (const ws of world.stations) {
      const sqlite = ws.station.core.db.$client;
      // A station's own change the server refused is taken back locally: that is not the merge moving back.
      const refused = new Set(
        syncRepo.held(ws.station.core.db, 'out').map((h) => String((h.op as { entityId: string }).entityId)),
      );
      for (const r of sqlite.prepare('SELECT id, status FROM visits').all() as {
        id: string;
        status: string;
      }[]) {
        if (!refused.has(r.id)) this.see(`${ws.name}:row`, 'visit', r.id, r.status);
      }
      for (const r of sqlite.prepare('SELECT id, status FROM passes').all() as {
        id: string;
        status: string;
      }[]) {
        if (!refused.has(r.id)) this.see(`${ws.name}:row`, 'pass', r.id, r.status);
      }
      for (const r of sqlite
        .prepare("SELECT kind, state FROM sync_entities WHERE kind IN ('visit', 'pass')")
        .all() as { kind: EntityKind; state: string }[]) {
        const state = JSON.parse(r.state) as EntityState;
        this.see(`${ws.name}:merged`, r.kind, state.id, state.status);
      }
    }
  }
}

/** Syncs every station until a whole round pushes and pulls nothing; returns the rounds it took. */
export async function syncUntilQuiet(world: World, maxRounds = 20): Promise<number> {
  for (let round = 1; round <= maxRounds; round++) {
    let moved = 0;
    for (const ws of world.stations) {
      const result = await ws.engine.syncOnce();
      moved += result.pushed + result.rejected + result.pulled;
    }
    if (moved === 0) return round;
  }
  throw new Error(`sync did not settle in ${maxRounds} rounds`);
}

export async function expectConverged(world: World, context: string): Promise<void> {
  for (const ws of world.stations) {
    expect(outboxSize(ws.station), `${context}: ${ws.name} still has ops to send`).toBe(0);
    expect(
      stationDump(ws.station),
      `${context}: ${ws.name} differs from the server for site ${ws.site.name}`,
    ).toEqual(await world.serverDump(ws.site.id));
  }
}

/**
 * Every op each station made was answered exactly once (in the log or refused, never both, never twice),
 * the station recorded the server sequence the log holds, and the server's merged state is exactly one
 * application of the logged ops.
 */
export async function expectExactlyOnce(world: World, context: string): Promise<void> {
  const log = await world.store.log();
  const rejected = await world.store.rejected();
  for (const ws of world.stations) {
    const id = ws.station.core.stationId;
    const made = settingsRepo.get<number>(ws.station.core.db, 'station', 'outbox.lastStationSeq') ?? 0;
    const logged = log.filter((o) => o.stationId === id).map((o) => o.stationSeq);
    const refused = rejected.filter((r) => r.stationId === id).map((r) => r.stationSeq);
    expect(new Set(logged).size, `${context}: ${ws.name} has an op twice in the log`).toBe(logged.length);
    expect(
      [...logged, ...refused].sort((a, b) => a - b),
      `${context}: ${ws.name}'s ops 1..${made} are each answered once`,
    ).toEqual(Array.from({ length: made }, (_, i) => i + 1));
    const seqOf = new Map(log.filter((o) => o.stationId === id).map((o) => [o.stationSeq, o.serverSeq]));
    for (const sent of syncRepo.sent(ws.station.core.db)) {
      expect(
        seqOf.get(sent.stationSeq),
        `${context}: ${ws.name} op ${sent.stationSeq} acknowledged with another server seq`,
      ).toBe(sent.serverSeq);
    }
  }
  const rebuilt = new Map<string, EntityState>();
  for (const op of log) {
    const kind = kindOfOpType(op.type);
    if (!kind) continue;
    const key = `${kind}:${op.entityId}`;
    rebuilt.set(key, applyOp(rebuilt.get(key), op, op.serverSeq));
  }
  const stored = await world.serverEntities();
  expect(stored.length, `${context}: entity count`).toBe(rebuilt.size);
  for (const state of stored)
    expect(state, `${context}: ${state.kind} ${state.id}`).toEqual(rebuilt.get(`${state.kind}:${state.id}`));
}
