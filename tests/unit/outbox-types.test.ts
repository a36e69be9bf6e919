// recordChange takes the payload of its op type: a wrong one does not compile (`npm run typecheck`).
import { expect, it } from 'vitest';
import type { CallContext } from '../../src/main/core/context';
import { recordChange } from '../../src/main/core/outbox';

// Never called: the checks are the compiler's. Each @ts-expect-error fails the type check if the line compiles.
function payloads(ctx: CallContext) {
  recordChange(ctx, 'pass.status', 'p1', { status: 'used', updatedAt: ctx.nowIso });
  recordChange(ctx, 'visit.status', 'v1', { status: 'checked_in', checkedInAt: ctx.nowIso });
  // @ts-expect-error a status a pass cannot have
  recordChange(ctx, 'pass.status', 'p1', { status: 'checked_in' });
  // @ts-expect-error the status is what this op is for
  recordChange(ctx, 'visit.status', 'v1', { checkedInAt: ctx.nowIso });
  // @ts-expect-error a field of the wrong type
  recordChange(ctx, 'visit.update', 'v1', { hostId: 42 });
  // @ts-expect-error an op type nobody reads
  recordChange(ctx, 'visit.teleport', 'v1', {});
  // @ts-expect-error a notice op without what its e-mail needs
  recordChange(ctx, 'pass.email', 'n1', { visitId: 'v1', passId: 'p1' });
}

it('is checked by the compiler', () => {
  expect(typeof payloads).toBe('function');
});
