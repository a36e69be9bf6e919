// The merge rules are order-independent and idempotent: any permutation of an entity's ops, applied once or
// twice, gives the same entity. Statuses only move forward; station-recorded times are the first by
// server order; free text is the last by server order; a delete is a tombstone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAll, applyOp, rowOf, statusRank, type MergeOp } from '../../src/shared/merge';
import { VISIT_STATUSES, type VisitStatus } from '../../src/shared/domain';

const VISIT = '01900000-0000-7000-8000-0000000000aa';
const SITE = 'site-a';

const create: MergeOp = {
  type: 'visit.create',
  entityId: VISIT,
  siteId: SITE,
  occurredAt: '2026-03-02T08:00:00.000Z',
  payload: {
    id: VISIT,
    siteId: SITE,
    visitorId: 'v1',
    hostId: 'h1',
    visitorTypeId: 't1',
    status: 'expected',
    timezone: 'Europe/London',
    createdAt: '2026-03-02T08:00:00.000Z',
    notes: null,
  },
};

const visitOp = fc.oneof(
  fc
    .record({
      status: fc.constantFrom<VisitStatus>(...VISIT_STATUSES),
      minute: fc.integer({ min: 0, max: 5000 }),
    })
    .map(({ status, minute }): MergeOp => {
      const at = new Date(Date.parse('2026-03-02T08:00:00Z') + minute * 60_000).toISOString();
      const payload: Record<string, unknown> = { status };
      if (status === 'checked_in') payload.checkedInAt = at;
      if (status === 'checked_out')
        Object.assign(payload, { checkedOutAt: at, checkOutMethod: minute % 2 ? 'desk' : 'kiosk' });
      return { type: 'visit.status', entityId: VISIT, siteId: SITE, occurredAt: at, payload };
    }),
  fc.string({ maxLength: 20 }).map((notes): MergeOp => ({
    type: 'visit.update',
    entityId: VISIT,
    siteId: SITE,
    occurredAt: '2026-03-03T10:00:00.000Z',
    payload: { notes, futureField: notes.length },
  })),
);

/** Ops with distinct server sequence numbers (their versions), in server order. */
const history = fc
  .array(visitOp, { minLength: 0, maxLength: 12 })
  .map((ops) => [create, ...ops].map((op, i) => ({ op, version: i + 1 })));

describe('merging one visit', () => {
  it('gives the same visit for any permutation of its ops, applied once or twice', () => {
    fc.assert(
      fc.property(
        history.chain((ops) =>
          fc.tuple(
            fc.constant(ops),
            fc.shuffledSubarray(ops, { minLength: ops.length, maxLength: ops.length }),
            fc.shuffledSubarray([...ops, ...ops], { minLength: ops.length * 2, maxLength: ops.length * 2 }),
          ),
        ),
        ([inOrder, shuffled, twice]) => {
          const expected = applyAll(undefined, inOrder);
          expect(applyAll(undefined, shuffled)).toEqual(expected);
          expect(applyAll(undefined, twice)).toEqual(expected);
          expect(rowOf(applyAll(undefined, twice)!)).toEqual(rowOf(expected!));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never moves a status backwards, whatever arrives late', () => {
    fc.assert(
      fc.property(history, (ops) => {
        let state = undefined as ReturnType<typeof applyOp> | undefined;
        const ranks: number[] = [];
        for (const { op, version } of ops) {
          state = applyOp(state, op, version);
          ranks.push(statusRank('visit', state.status) ?? -1);
        }
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      }),
    );
  });

  it('keeps the first recorded check-in time, the latest note by server order, and fields it does not know', () => {
    const checkIn = (at: string): MergeOp => ({
      type: 'visit.status',
      entityId: VISIT,
      siteId: SITE,
      occurredAt: at,
      payload: { status: 'checked_in', checkedInAt: at },
    });
    const note = (notes: string): MergeOp => ({
      type: 'visit.update',
      entityId: VISIT,
      siteId: SITE,
      occurredAt: '2020-01-01T00:00:00.000Z',
      payload: { notes, badgeColour: 'red' },
    });
    // The kiosk's clock is three days fast: its time is still the recorded fact, and server order decides.
    const state = applyAll(undefined, [
      { op: create, version: 1 },
      { op: note('second'), version: 5 },
      { op: checkIn('2026-03-05T09:00:00.000Z'), version: 2 },
      { op: checkIn('2026-03-02T09:00:00.000Z'), version: 3 },
      { op: note('first'), version: 4 },
      {
        op: {
          type: 'visit.status',
          entityId: VISIT,
          siteId: SITE,
          occurredAt: '2026-03-02T07:00:00.000Z',
          payload: { status: 'cancelled' },
        },
        version: 6,
      },
    ])!;
    expect(rowOf(state)).toMatchObject({
      status: 'checked_in',
      checkedInAt: '2026-03-05T09:00:00.000Z',
      notes: 'second',
    });
    expect(state.fields.badgeColour?.v).toBe('red');
  });
});

describe('merging a pass and a watchlist entry', () => {
  const pass = (status: string, version: number) => ({
    op: {
      type: 'pass.status',
      entityId: 'p1',
      siteId: SITE,
      occurredAt: '2026-03-02T08:00:00.000Z',
      payload: { status },
    },
    version,
  });
  it('lets revoked win over everything, in any order', () => {
    for (const order of [
      [pass('revoked', 1), pass('used', 2), pass('active', 3)],
      [pass('used', 3), pass('expired', 2), pass('revoked', 1)],
    ]) {
      expect(applyAll(undefined, order)?.status).toBe('revoked');
    }
  });
  it('keeps a deleted watchlist entry deleted even when an older edit arrives afterwards', () => {
    const upsert = (name: string, version: number) => ({
      op: {
        type: 'watchlist.upsert',
        entityId: 'w1',
        siteId: null,
        occurredAt: '2026-03-02T08:00:00.000Z',
        payload: { name, reason: 'r', level: 'deny', createdAt: '2026-03-02T08:00:00.000Z' },
      },
      version,
    });
    const del = {
      op: {
        type: 'watchlist.delete',
        entityId: 'w1',
        siteId: null,
        occurredAt: '2026-03-03T08:00:00.000Z',
        payload: {},
      },
      version: 2,
    };
    const row = rowOf(applyAll(undefined, [upsert('A', 1), del, upsert('B', 3)])!);
    expect(row).toMatchObject({ name: 'B', deletedAt: '2026-03-03T08:00:00.000Z' });
  });
});
