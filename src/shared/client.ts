// The typed client: `client.visits.checkIn({ visitId })` becomes `transport.call('visits.checkIn', …)`.
// The renderer, tests and benches use it the same way over IPC, HTTP or in process.
import type { InputOf, MethodName, OutputOf } from './api';
import type { EventName, StationEvent } from './events';

export interface Transport {
  call(method: string, input: unknown): Promise<unknown>;
  on?(listener: (event: StationEvent) => void): () => void;
}

type Namespace = MethodName extends `${infer NS}.${string}` ? NS : never;
type Call<M extends MethodName> =
  Record<string, never> extends InputOf<M>
    ? (input?: InputOf<M>) => Promise<OutputOf<M>>
    : (input: InputOf<M>) => Promise<OutputOf<M>>;

export type Client = {
  [NS in Namespace]: { [M in MethodName as M extends `${NS}.${infer Name}` ? Name : never]: Call<M> };
} & {
  /** Subscribe to station events; returns the unsubscribe function. */
  on(listener: (event: StationEvent) => void): () => void;
  onEvent<E extends EventName>(name: E, listener: (payload: StationEvent<E>['payload']) => void): () => void;
};

export function createClient(transport: Transport): Client {
  const on = (listener: (event: StationEvent) => void) => transport.on?.(listener) ?? (() => {});
  const onEvent = (name: EventName, listener: (payload: unknown) => void) =>
    on((e) => {
      if (e.event === name) listener(e.payload);
    });
  return new Proxy({} as Client, {
    get(_target, ns: string) {
      if (ns === 'on') return on;
      if (ns === 'onEvent') return onEvent;
      if (ns === 'then') return undefined; // not a thenable
      return new Proxy(
        {},
        { get: (_t, name: string) => (input?: unknown) => transport.call(`${ns}.${name}`, input ?? {}) },
      );
    },
  });
}
