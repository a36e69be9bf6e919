// What every handler is given: the station core, who is calling, and the per-call tools (events sent
// after commit, outbox ops, extra audit details).
import type { EventEmitter } from 'node:events';
import type { Db } from '../../db/open';
import type { KindOf, MethodName, OutputOf, ParsedInputOf } from '../../shared/api';
import type { EventName, EventPayload } from '../../shared/events';
import type { StationKey } from './keys';
import type { StationKeys } from './data-keys';
import type { Caller } from './caller';
import type { SessionStore } from './sessions';
import type { SignInGuard } from '../../node/sign-in-guard';
import type { GateRelay, Hardware } from './hardware';
import type { SyncControl } from './sync';
import type { StationClock } from './clock';
import type { KioskExitSignal } from './kiosk-exit';

export { STATION_CALLER, VISITOR_CALLER, type Caller } from './caller';

/** What the station is before its services exist: they are built from it (src/main/station.ts). */
export interface StationBase {
  /** The station database, read and write (for write handlers, inside their transaction). */
  db: Db;
  /**
   * A read-only connection to the same file: read handlers (`writes: false`) see it as `ctx.station.db`,
   * so a read method cannot write (src/main/core/dispatcher.ts says why a connection, not a pragma).
   */
  reader: Db;
  stationId: string;
  version: string;
  startedAt: Date;
  /**
   * The station's own (raw) clock, as the machine reads it: what an op's `occurredAt` records, and what
   * sessions and sync timing use. Handlers judge time by `ctx.now`, station time (./clock.ts).
   */
  now(): Date;
  /** The offset from the sync server that turns the raw clock into station time (./clock.ts). */
  clock: StationClock;
  sessions: SessionStore;
  /** Throttles and locks of staff sign-in (src/node/sign-in-guard.ts). */
  signInGuard: SignInGuard;
  /** This station's pass-signing key (the private key never leaves this process). */
  passKey: StationKey;
  /** The keys kept outside the database: ID-number digests, the data key (src/main/core/data-keys.ts). */
  keys: StationKeys;
  /** Emits StationEvent objects ('event') after the transaction that caused them has committed. */
  events: EventEmitter;
  /** Staff asked to leave kiosk mode (station.exitKiosk); the Electron shell and the web host act on it. */
  kioskExit: KioskExitSignal;
}

/** The running station as every handler sees it: its base and its services, built once in startStation. */
export interface StationCore extends StationBase {
  /** Scanners, relays and the badge print queue of this station (src/main/hardware). */
  hardware: Hardware;
  /** The sync client and its status (src/main/sync/station.ts). */
  sync: SyncControl;
  /** Another relay driver in place of the hardware manager's (src/main/gate/relay.ts); null: the manager's. */
  gateRelay: GateRelay | null;
  /** PDFs rendered after a commit and not yet written (src/main/kiosk/renders.ts). */
  renders: Set<Promise<void>>;
}

export interface CallContext {
  station: StationCore;
  caller: Caller;
  /**
   * The time of this call, fixed for its whole run: station time, the raw clock corrected by the offset
   * estimated from the sync server (./clock.ts). Validity, expiry and every time a change records use it.
   */
  now: Date;
  nowIso: string;
  /** The station's raw clock at this call (an op's `occurredAt`: the server sees the skew from it). */
  clockIso: string;
  /** Queues an event to send once the call has committed. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** Adds to the details of this call's audit entry (ids of what changed, reasons). */
  auditDetails: Record<string, unknown>;
  /** Runs after the call's transaction has committed (in-memory effects that must follow the data). */
  afterCommit(effect: () => void): void;
  /**
   * Database bookkeeping that must survive a refusal the handler is about to throw (a failed sign-in
   * counts towards lockout): it runs in the transaction that records the refusal. Register it from a
   * writing context (a write handler, or inside `ctx.write`): a read context's database cannot write.
   */
  onRefusal(write: () => void): void;
  /**
   * The one database write of a method declared with `effect: true` (its handler is async): runs `work`
   * in one IMMEDIATE transaction with the method's audit entry and commits, giving it a context whose
   * `station.db` can write (outside `work` the handler only reads). Throws for any other method.
   */
  write<T>(work: (ctx: CallContext) => T): T;
  /**
   * After the write of an `effect: true` method has committed: records what its effect did (a relay
   * that did not pulse) as an audit entry of its own, in its own transaction.
   */
  auditFollowUp(action: string, details: Record<string, unknown>): void;
  /**
   * The anonymous caller proved to be this staff member (a sign-in): the call's audit entry names them as
   * its actor, not the visitor at the screen.
   */
  actingAs(user: { id: string; role: Caller['role'] }): void;
}

/**
 * A handler's type follows its declaration: a read may be async; a write is synchronous (its work runs
 * inside the dispatcher's transaction, which cannot span an await); a write with an effect is async.
 */
export type Handler<M extends MethodName> = (
  input: ParsedInputOf<M>,
  ctx: CallContext,
) => {
  read: OutputOf<M> | Promise<OutputOf<M>>;
  write: OutputOf<M>;
  effect: Promise<OutputOf<M>>;
}[KindOf<M>];

export type Handlers = { [M in MethodName]: Handler<M> };

/** Declares the handlers of one area; the compiler checks each against its method's schemas. */
export function defineHandlers<K extends MethodName>(handlers: { [M in K]: Handler<M> }): {
  [M in K]: Handler<M>;
} {
  return handlers;
}
