// The one dispatcher. Every call from every transport comes through `call`: it finds the method,
// checks the caller's role, validates the input, runs the handler (in one transaction with its audit
// entry when the method writes), validates the output, and only then lets events go out.
import { isMethodName, methods, type MethodName } from '../../shared/api';
import { ApiError, invalidInput } from '../../shared/errors';
import type { StationEvent } from '../../shared/events';
import { appendAudit, redact } from './audit';
import type { CallContext, Caller, Handlers, StationCore } from './context';

/** Errors that mean "you may not", recorded in the audit log even though nothing changed. */
const REFUSALS = new Set(['forbidden', 'unauthenticated', 'locked']);

export class Dispatcher {
  constructor(
    private readonly station: StationCore,
    private readonly handlers: Handlers,
    private readonly log: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
  ) {}

  async call(name: string, rawInput: unknown, caller: Caller): Promise<unknown> {
    if (!isMethodName(name)) throw new ApiError('not_found', `There is no API method called "${name}".`);
    const def = methods[name];
    if (!def.roles.includes(caller.role)) {
      this.auditRefusal(name, caller, 'role not allowed');
      throw new ApiError('forbidden', `The ${caller.role} role may not call ${name}.`);
    }
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw invalidInput(parsed.error);

    const now = this.station.now();
    const pending: StationEvent[] = [];
    const afterCommit: Array<() => void> = [];
    const onRefusal: Array<() => void> = [];
    const ctx: CallContext = {
      station: this.station,
      caller,
      now,
      nowIso: now.toISOString(),
      emit: (event, payload) => pending.push({ event, payload } as StationEvent),
      auditDetails: {},
      afterCommit: (effect) => afterCommit.push(effect),
      onRefusal: (write) => onRefusal.push(write),
    };
    const handler = this.handlers[name] as (input: unknown, ctx: CallContext) => unknown;

    let output: unknown;
    try {
      output = def.writes ? this.runWrite(name, handler, parsed.data, ctx) : await handler(parsed.data, ctx);
    } catch (error) {
      throw this.asApiError(name, caller, error, onRefusal);
    }
    const checked = def.output.safeParse(output);
    if (!checked.success) {
      this.log(`Output of ${name} does not match its schema`, checked.error);
      throw new ApiError('internal', 'The station produced an answer it should not have.');
    }
    for (const effect of afterCommit) effect();
    for (const e of pending) this.station.events.emit('event', e);
    return checked.data;
  }

  private runWrite(
    name: MethodName,
    handler: (input: unknown, ctx: CallContext) => unknown,
    input: unknown,
    ctx: CallContext,
  ) {
    const { db } = this.station;
    // IMMEDIATE takes the write lock at the start, so two processes never deadlock upgrading a read lock.
    return db.$client
      .transaction(() => {
        const output = handler(input, ctx);
        if (output instanceof Promise) throw new Error(`${name} writes and must be synchronous`);
        appendAudit(db, {
          at: ctx.nowIso,
          stationId: this.station.stationId,
          actorId: ctx.caller.userId,
          role: ctx.caller.role,
          action: name,
          outcome: 'ok',
          details: { input: redact(input), ...ctx.auditDetails },
        });
        return output;
      })
      .immediate();
  }

  private auditRefusal(
    name: string,
    caller: Caller,
    reason: string,
    bookkeeping: Array<() => void> = [],
  ): void {
    const { db } = this.station;
    db.$client
      .transaction(() => {
        for (const write of bookkeeping) write();
        appendAudit(db, {
          at: this.station.now().toISOString(),
          stationId: this.station.stationId,
          actorId: caller.userId,
          role: caller.role,
          action: name,
          outcome: 'refused',
          details: { reason },
        });
      })
      .immediate();
  }

  private asApiError(name: string, caller: Caller, error: unknown, bookkeeping: Array<() => void>): ApiError {
    if (error instanceof ApiError) {
      if (REFUSALS.has(error.code)) this.auditRefusal(name, caller, error.message, bookkeeping);
      return error;
    }
    this.log(`Unexpected error in ${name}`, error);
    return new ApiError('internal', 'Something went wrong at the station. Nothing was changed.');
  }
}
