// The transport in a browser served by the web host: `POST /api/<method>` with JSON and a bearer token,
// events over the WebSocket `/api/events` (authenticated by a message, since a browser cannot set
// headers on a WebSocket), reconnecting with backoff when the connection drops.
import { backoffDelay } from '../../shared/backoff';
import { ApiError } from '../../shared/errors';
import type { StationEvent } from '../../shared/events';
import { isErrorEnvelope, toApiError } from './errors';
import { listenerSet, type StationTransport } from './transport';

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 10_000;

export function httpTransport(origin: string = window.location.origin): StationTransport {
  let token: string | null = null;
  const events = listenerSet<[StationEvent]>();
  const reconnects = listenerSet<[]>();

  let socket: WebSocket | null = null;
  let retries = 0;
  let everOpened = false;

  const sendAuth = () => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'auth', token }));
  };

  const connect = () => {
    const url = new URL('/api/events', origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retries = 0;
      sendAuth();
      if (everOpened) reconnects.emit();
      everOpened = true;
    };
    ws.onmessage = (message) => {
      try {
        events.emit(JSON.parse(String(message.data)) as StationEvent);
      } catch (error) {
        console.error('Ignored an event that is not JSON', error);
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      setTimeout(connect, backoffDelay(retries++, { base: FIRST_RETRY_MS, max: LONGEST_RETRY_MS }));
    };
  };
  connect();

  return {
    async call(method, input) {
      let response: Response;
      try {
        response = await fetch(new URL(`/api/${method}`, origin), {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        throw new ApiError('unavailable', 'The station cannot be reached.');
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        throw new ApiError(
          response.ok ? 'internal' : 'unavailable',
          `The station answered ${response.status} without JSON.`,
        );
      }
      if (!response.ok || isErrorEnvelope(body)) throw toApiError(body);
      return body;
    },
    on: events.add,
    setSession(next) {
      token = next;
      sendAuth();
    },
    onReconnect: reconnects.add,
  };
}
