// A handler's type follows its method's declaration (src/main/core/context.ts `Handler`): the compiler
// refuses an async write handler, whose await would escape the dispatcher's transaction, and a write
// with an effect that is not async. `npm run typecheck` fails if an @ts-expect-error below stops erring.
import { describe, expect, it } from 'vitest';
import type { KindOf, OutputOf } from '../../src/shared/api';
import type { Handler } from '../../src/main/core/context';
import { methods } from '../../src/shared/api';

describe('handler types', () => {
  it('give each method the kind its declaration says', () => {
    const kinds: [KindOf<'visits.today'>, KindOf<'visits.register'>, KindOf<'gate.scan'>] = [
      'read',
      'write',
      'effect',
    ];
    expect(kinds).toEqual([
      methods['visits.today'].writes ? 'write' : 'read',
      methods['visits.register'].writes ? 'write' : 'read',
      methods['gate.scan'].effect ? 'effect' : 'write',
    ]);
  });

  it('refuse an async write handler and a synchronous effect handler at compile time', () => {
    // @ts-expect-error a write handler runs inside the transaction and may not return a promise
    const asyncWrite: Handler<'visits.register'> = async () => ({}) as never;
    // @ts-expect-error a write with an effect is async: it awaits its effect after ctx.write
    const syncEffect: Handler<'gate.scan'> = () => ({}) as OutputOf<'gate.scan'>;
    const asyncRead: Handler<'visits.today'> = async () => ({}) as never;
    expect([asyncWrite, syncEffect, asyncRead].every((h) => typeof h === 'function')).toBe(true);
  });
});
