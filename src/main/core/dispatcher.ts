// The one dispatcher. Every call from every transport comes through `call`: it finds the method,
// checks the caller's role, validates the input, runs the handler (in one transaction with its audit
// entry when the method writes), validates the output, and only then lets events go out.
//
// Read methods get a read-only database. It is a second connection opened `readonly` on the same file,
// not `PRAGMA query_only` toggled around the handler: read handlers are async (they await the sync
// server) and share the process with timers and other calls, so a pragma on the one shared connection
// would either stop a write that runs meanwhile or be switched off under a read handler still running.
// A read-only connection is refused by SQLite itself, for its whole life; in WAL mode it reads the last
// committed state without blocking the writer.
import { isMethodName, methods, type MethodName } from '../../shared/api';
import type { MethodDef } from '../../shared/contract';
import { ApiError, invalidInput } from '../../shared/errors';
import type { StationEvent } from '../../shared/events';
import { appendAudit, redact } from './audit';
import { stationTime } from './clock';
import { STATION_CALLER, type CallContext, type Caller, type Handlers, type StationCore } from './context';

/** Whether every string (and key) in an input is well-formed Unicode: the audit chain hashes them all. */
const LONE_SURROGATE = /\p{Cs}/u; // with the u flag a valid pair is one code point, never Cs
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return !LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.every(wellFormed);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).every(([k, v]) => wellFormed(k) && wellFormed(v));
  return true;
}

/** Errors that mean "you may not", recorded in the audit log even though nothing changed. */
const REFUSALS = new Set(['forbidden', 'unauthenticated', 'locked']);

/** What one call collects while it runs: events and effects for after the commit, refusal bookkeeping. */
interface CallState {
  pending: StationEvent[];
  afterCommit: Array<() => void>;
  onRefusal: Array<() => void>;
  /** A write of this call has committed (its events and effects are due even if the call then fails). */
  committed: boolean;
  /** Who the audit entry names when the call proved who the caller is (ctx.actingAs at sign-in). */
  actor: Caller | null;
}

const newState = (): CallState => ({
  pending: [],
  afterCommit: [],
  onRefusal: [],
  committed: false,
  actor: null,
});

/** The station as a read handler sees it: the same object, except that its database is the read-only one. */
function readOnlyView(station: StationCore): StationCore {
  return Object.create(station, { db: { get: () => station.reader } }) as StationCore;
}

/** A call's time: station time (`ctx.now`) and the raw clock reading it came from (`ctx.clockIso`). */
interface CallTime {
  now: Date;
  raw: Date;
}

/** Reads the raw clock once and corrects it (./clock.ts). */
function callTime(station: StationCore): CallTime {
  const raw = station.now();
  return { now: station.clock.correct(raw), raw };
}

function contextFor(
  station: StationCore,
  caller: Caller,
  time: CallTime,
  state: CallState,
  auditDetails: Record<string, unknown>,
  tools: Pick<CallContext, 'write' | 'auditFollowUp'>,
): CallContext {
  const { now, raw } = time;
  return {
    station,
    caller,
    now,
    nowIso: now.toISOString(),
    clockIso: raw.toISOString(),
    emit: (event, payload) => state.pending.push({ event, payload } as StationEvent),
    auditDetails,
    afterCommit: (effect) => state.afterCommit.push(effect),
    onRefusal: (write) => state.onRefusal.push(write),
    actingAs: (user) => (state.actor = { role: user.role, userId: user.id }),
    ...tools,
  };
}

/** Runs what follows a commit: the in-memory effects, then the events to the screens. */
function flush(station: StationCore, state: CallState): void {
  for (const effect of state.afterCommit.splice(0)) effect();
  for (const e of state.pending.splice(0)) station.events.emit('event', e);
}

/** What `ctx.write` and `ctx.auditFollowUp` do where they do not belong: refuse, naming the method. */
const refuse =
  (why: string): (() => never) =>
  () => {
    throw new Error(why);
  };

/**
 * Runs a write of the station itself outside any API call (tools, tests, benches queueing a badge): one
 * IMMEDIATE transaction as the station caller, then its effects and events after the commit. No audit
 * entry: nobody called.
 */
export function writeAsStation<T>(station: StationCore, work: (ctx: CallContext) => T): T {
  const state = newState();
  const ctx = contextFor(
    station,
    STATION_CALLER,
    callTime(station),
    state,
    {},
    {
      write: refuse('writeAsStation already runs in a transaction'),
      auditFollowUp: refuse('writeAsStation has no audit entry to follow'),
    },
  );
  const result = station.db.$client.transaction(() => work(ctx)).immediate();
  flush(station, state);
  return result;
}

export class Dispatcher {
  #reader: StationCore | undefined;

  constructor(
    private readonly station: StationCore,
    private readonly handlers: Handlers,
    private readonly log: (message: string, error: unknown) => void = (m, e) => console.error(m, e),
  ) {}

  /** The station with its read-only database (built on first use: `station` is complete by then). */
  private get reader(): StationCore {
    return (this.#reader ??= readOnlyView(this.station));
  }

  async call(name: string, rawInput: unknown, caller: Caller): Promise<unknown> {
    if (!isMethodName(name)) throw new ApiError('not_found', `There is no API method called "${name}".`);
    const def: MethodDef = methods[name];
    if (!def.roles.includes(caller.role)) {
      this.auditRefusal(name, caller, 'role not allowed');
      throw new ApiError('forbidden', `The ${caller.role} role may not call ${name}.`);
    }
    if (!wellFormed(rawInput)) {
      throw new ApiError('invalid_input', 'The input contains a broken character (a lone UTF-16 surrogate).');
    }
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw invalidInput(parsed.error);

    // The clock read once: ctx.now is station time, an op's occurredAt the raw reading (./clock.ts).
    const time = callTime(this.station);
    const state = newState();
    const auditDetails: Record<string, unknown> = {};
    const handler = this.handlers[name] as (input: unknown, ctx: CallContext) => unknown;
    const input: unknown = parsed.data;
    const audited = () => this.auditEntry(name, def, input, state.actor ?? caller, time.now, auditDetails);

    let output: unknown;
    try {
      if (!def.writes) {
        const notHere = refuse(`${name} is declared writes: false and cannot write`);
        const ctx = contextFor(this.reader, caller, time, state, auditDetails, {
          write: notHere,
          auditFollowUp: notHere,
        });
        output = await handler(input, ctx);
      } else if (def.effect) {
        output = await this.runWithEffect(name, handler, input, caller, time, state, auditDetails, audited);
      } else {
        const inTransaction = refuse(`${name} already runs in its transaction; write directly`);
        const ctx = contextFor(this.station, caller, time, state, auditDetails, {
          write: inTransaction,
          auditFollowUp: inTransaction,
        });
        output = this.transaction(name, () => handler(input, ctx), audited);
        state.committed = true;
      }
    } catch (error) {
      if (state.committed) flush(this.station, state);
      throw this.asApiError(name, caller, error, state, auditDetails);
    }
    const checked = def.output.safeParse(output);
    if (!checked.success) {
      this.log(`Output of ${name} does not match its schema`, checked.error);
      throw new ApiError('internal', 'The station produced an answer it should not have.');
    }
    flush(this.station, state);
    return checked.data;
  }

  /**
   * A write with an effect (`effect: true`): the async handler reads through the read-only database,
   * writes once through `ctx.write` (this call's transaction and audit entry), then may await its effect
   * and record what came of it with `ctx.auditFollowUp`.
   */
  private async runWithEffect(
    name: MethodName,
    handler: (input: unknown, ctx: CallContext) => unknown,
    input: unknown,
    caller: Caller,
    time: CallTime,
    state: CallState,
    auditDetails: Record<string, unknown>,
    audited: () => void,
  ): Promise<unknown> {
    const inTransaction = refuse(`${name} is already writing`);
    const writer = contextFor(this.station, caller, time, state, auditDetails, {
      write: inTransaction,
      auditFollowUp: inTransaction,
    });
    const ctx = contextFor(this.reader, caller, time, state, auditDetails, {
      write: <T>(work: (ctx: CallContext) => T): T => {
        if (state.committed) throw new Error(`${name} writes once`);
        const result = this.transaction(name, () => work(writer), audited) as T;
        state.committed = true;
        return result;
      },
      auditFollowUp: (action, details) => {
        if (!state.committed) throw new Error(`${name} has not written yet: audit in its write`);
        this.inOwnTransaction(() =>
          appendAudit(this.station.db, { ...this.auditBase(caller), action, outcome: 'ok', details }),
        );
      },
    });
    const output = await handler(input, ctx);
    if (!state.committed) throw new Error(`${name} is declared writes: true but did not write`);
    return output;
  }

  /** One IMMEDIATE transaction: the handler's work, then its audit entry. */
  private transaction(name: MethodName, work: () => unknown, audited: () => void): unknown {
    return this.inOwnTransaction(() => {
      const output = work();
      if (output instanceof Promise) throw new Error(`${name} writes and must be synchronous`);
      audited();
      return output;
    });
  }

  private auditEntry(
    name: MethodName,
    def: MethodDef,
    input: unknown,
    caller: Caller,
    now: Date,
    auditDetails: Record<string, unknown>,
  ): void {
    appendAudit(this.station.db, {
      ...this.auditBase(caller),
      at: now.toISOString(),
      action: name,
      outcome: 'ok',
      details: def.auditInput === false ? { ...auditDetails } : { input: redact(input), ...auditDetails },
    });
  }

  private auditBase(caller: Caller) {
    return {
      at: stationTime(this.station).toISOString(),
      stationId: this.station.stationId,
      actorId: caller.userId,
      role: caller.role,
    };
  }

  // IMMEDIATE takes the write lock at the start, so two processes never deadlock upgrading a read lock.
  private inOwnTransaction<T>(work: () => T): T {
    return this.station.db.$client.transaction(work).immediate();
  }

  private auditRefusal(
    name: string,
    caller: Caller,
    reason: string,
    bookkeeping: Array<() => void> = [],
    details: Record<string, unknown> = {},
  ): void {
    this.inOwnTransaction(() => {
      for (const write of bookkeeping) write();
      appendAudit(this.station.db, {
        ...this.auditBase(caller),
        action: name,
        outcome: 'refused',
        // What the handler noted before refusing (a failed sign-in's login and why) may name the reason.
        details: { reason, ...details },
      });
    });
  }

  private asApiError(
    name: string,
    caller: Caller,
    error: unknown,
    state: CallState,
    details: Record<string, unknown>,
  ): ApiError {
    if (error instanceof ApiError) {
      if (REFUSALS.has(error.code) || (isMethodName(name) && methods[name].auditRefusals))
        this.auditRefusal(name, caller, error.message, state.onRefusal, details);
      return error;
    }
    this.log(`Unexpected error in ${name}`, error);
    // A write with an effect may fail after its transaction committed: its change stands.
    return state.committed
      ? new ApiError(
          'internal_saved',
          'Something went wrong at the station after the change was saved. Check the result before trying again.',
        )
      : new ApiError('internal', 'Something went wrong at the station. Nothing was changed.');
  }
}
