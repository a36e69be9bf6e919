// A retention batch's anonymise ops are kept at the station as one outbox row (issue #15): thousands of
// rows a batch were a third of what the nightly job wrote. Everything that reads the outbox still sees one
// op per entity: pushed in pages that cut a group anywhere, removed op by op as the server answers, found
// by entity when a pull must not undo them, and numbered again after a restore. A real SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/open';
import { outboxRepo } from '../../src/db/repos/outbox';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-outbox-'));
  db = openDatabase(path.join(dir, 'station.sqlite'));
});
afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const AT = '2026-01-05T03:00:00.000Z';
const PAYLOAD = { anonymisedAt: AT, anonymousVisitorId: 'anonymous-site-1' };
const single = (entityId: string) =>
  outboxRepo.append(db, {
    stationId: 'st-1',
    type: 'visit.update',
    entityId,
    payload: { notes: 'x' },
    occurredAt: AT,
  });
const group = (entityIds: string[]) =>
  outboxRepo.appendMany(db, {
    stationId: 'st-1',
    type: 'visit.anonymise',
    entityIds,
    payload: PAYLOAD,
    occurredAt: AT,
  });
const waiting = () => outboxRepo.page(db, 1000).map((op) => [op.stationSeq, op.type, op.entityId]);

describe('a grouped outbox row', () => {
  it('is one row that hands out one op per entity, numbered in order between the single ops', () => {
    single('v-0');
    group(['v-1', 'v-2', 'v-3', 'v-4']);
    single('v-5');
    expect(db.$client.prepare('SELECT count(*) FROM outbox_ops').pluck().get()).toBe(3);
    expect(outboxRepo.count(db)).toBe(6);
    expect(waiting()).toEqual([
      [1, 'visit.update', 'v-0'],
      [2, 'visit.anonymise', 'v-1'],
      [3, 'visit.anonymise', 'v-2'],
      [4, 'visit.anonymise', 'v-3'],
      [5, 'visit.anonymise', 'v-4'],
      [6, 'visit.update', 'v-5'],
    ]);
    const ops = outboxRepo.page(db, 1000);
    expect(new Set(ops.map((op) => op.opId)).size).toBe(6);
    expect(ops[2]).toEqual({
      opId: expect.any(String),
      stationId: 'st-1',
      stationSeq: 3,
      type: 'visit.anonymise',
      entityId: 'v-2',
      payload: PAYLOAD,
      occurredAt: AT,
    });
    // A page ends wherever its size says, inside a group too; the same ops come again until answered.
    expect(outboxRepo.page(db, 3).map((op) => op.stationSeq)).toEqual([1, 2, 3]);
    expect(outboxRepo.page(db, 3).map((op) => op.opId)).toEqual(ops.slice(0, 3).map((op) => op.opId));
  });

  it('loses only the ops the server answered, wherever they are in it', () => {
    group(['v-1', 'v-2', 'v-3', 'v-4', 'v-5']);
    single('v-6');
    const ids = outboxRepo.page(db, 1000).map((op) => op.opId);
    outboxRepo.remove(db, [1, 2]); // a page that ended inside the group
    expect(waiting().map(([seq]) => seq)).toEqual([3, 4, 5, 6]);
    outboxRepo.remove(db, [4]); // an op answered alone (the others not at all)
    expect(waiting().map(([seq]) => seq)).toEqual([3, 5, 6]);
    // Each op keeps its id: the server deduplicates an op pushed again by it.
    expect(outboxRepo.page(db, 1000).map((op) => op.opId)).toEqual([ids[2], ids[4], ids[5]]);
    outboxRepo.remove(db, [3, 5, 6]);
    expect(outboxRepo.count(db)).toBe(0);
    expect(db.$client.prepare('SELECT count(*) FROM outbox_ops').pluck().get()).toBe(0);
  });

  it('is found by any of its entities, so a pull does not undo what waits to be pushed', () => {
    group(['v-1', 'v-2', 'v-3']);
    single('v-2');
    expect(outboxRepo.pendingFor(db, ['v-2']).map((op) => [op.stationSeq, op.type])).toEqual([
      [2, 'visit.anonymise'],
      [4, 'visit.update'],
    ]);
    expect(outboxRepo.pendingFor(db, ['v-3', 'v-1']).map((op) => op.entityId)).toEqual(['v-1', 'v-3']);
    expect(outboxRepo.pendingFor(db, ['v-9'])).toEqual([]);
  });

  it('is numbered again past what the server holds, in order, after a restore from an older backup', () => {
    single('v-0');
    group(['v-1', 'v-2', 'v-3']);
    const ids = outboxRepo.page(db, 1000).map((op) => op.opId);
    expect(outboxRepo.renumberPast(db, 10, AT)).toBe(4);
    expect(waiting().map(([seq, , entity]) => [seq, entity])).toEqual([
      [11, 'v-0'],
      [12, 'v-1'],
      [13, 'v-2'],
      [14, 'v-3'],
    ]);
    expect(outboxRepo.page(db, 1000).map((op) => op.opId)).toEqual(ids);
    single('v-4');
    expect(waiting().at(-1)).toEqual([15, 'visit.update', 'v-4']);
  });

  it('of one entity is a single op', () => {
    group(['v-1']);
    expect(db.$client.prepare('SELECT grouped FROM outbox_ops').pluck().all()).toEqual([null]);
    expect(waiting()).toEqual([[1, 'visit.anonymise', 'v-1']]);
  });
});
