// The one way a screen loads and acts: useLive loads data and keeps it current (station events, a
// reconnect, optionally a poll), useAction runs a call keeping `busy` and the last error. Both keep the
// error as an ApiError, which <ErrorAlert> shows translated; `reload` and a second `run` are the retry.
import { useCallback, useEffect, useRef, useState, type SetStateAction } from 'react';
import type { ApiError } from '../../shared/errors';
import type { EventName, StationEvent } from '../../shared/events';
import { toApiError } from './errors';
import { useStation } from './StationProvider';

export interface LiveOptions {
  /** Of the `events`, only those this accepts mean the data changed. */
  when?: (event: StationEvent) => boolean;
  /** Also loads again this often (for what no event announces), in ms. */
  pollMs?: number;
  /** false: nothing is loaded (yet) and the data stays null. Default true. */
  enabled?: boolean;
  /**
   * The data is only ever what the current `load` returned: null while a changed `load` (another
   * invite, another visitor) runs, instead of the previous answer.
   */
  resetOnChange?: boolean;
}

/**
 * Loads with `load`, and loads again when any of `events` arrives, the event stream reconnects, or the
 * poll comes round. An answer that arrives after a newer load started is dropped.
 */
export function useLive<T>(load: () => Promise<T>, events: EventName[] = [], options: LiveOptions = {}) {
  const { client, onReconnect } = useStation();
  const { pollMs, enabled = true, resetOnChange = false } = options;
  const [loaded, setLoaded] = useState<{ by: () => Promise<T>; value: T } | null>(null);
  const data = loaded && (!resetOnChange || loaded.by === load) ? loaded.value : null;
  const currentLoad = useRef(load);
  currentLoad.current = load;
  const setData = useCallback((next: SetStateAction<T | null>) => {
    setLoaded((prev) => {
      const value = next instanceof Function ? next(prev?.value ?? null) : next;
      return value === null ? null : { by: currentLoad.current, value };
    });
  }, []);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(enabled);
  const latest = useRef(0);
  const when = useRef(options.when);
  when.current = options.when;

  const reload = useCallback(() => {
    if (!enabled) return;
    const ticket = ++latest.current;
    setLoading(true);
    load().then(
      (value) => {
        if (ticket !== latest.current) return;
        setLoaded({ by: load, value });
        setError(null);
        setLoading(false);
      },
      (reason: unknown) => {
        if (ticket !== latest.current) return;
        setError(toApiError(reason));
        setLoading(false);
      },
    );
  }, [load, enabled]);

  useEffect(reload, [reload]);
  const eventKey = events.join(',');
  useEffect(() => {
    if (!eventKey) return;
    const names = eventKey.split(',') as EventName[];
    return client.on((e) => {
      if (names.includes(e.event) && (when.current?.(e) ?? true)) reload();
    });
  }, [client, eventKey, reload]);
  useEffect(() => onReconnect(reload), [onReconnect, reload]);
  useEffect(() => {
    if (!pollMs || !enabled) return;
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [pollMs, enabled, reload]);

  return { data, error, loading, reload, setData };
}

/** Runs an action, keeping `busy` and the last error for the screen to show. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (reason) {
      setError(toApiError(reason));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

export interface TypeAheadOptions {
  /** Fewer characters than this (after trimming) search nothing. Default 3. */
  minLength?: number;
  /** Searches once typing pauses this long, in ms. Default 150. */
  delayMs?: number;
}

/**
 * Results for what someone is typing: searched when typing pauses, with enough characters; the answer
 * to an older query is dropped; a failed search clears the results (never leaves the previous ones
 * standing) and keeps its error for <ErrorAlert>.
 */
export function useTypeAhead<T>(
  query: string,
  search: (query: string) => Promise<T[]>,
  { minLength = 3, delayMs = 150 }: TypeAheadOptions = {},
) {
  const [found, setFound] = useState<{ hits: T[]; error: ApiError | null }>({ hits: [], error: null });
  const currentSearch = useRef(search);
  currentSearch.current = search;
  useEffect(() => {
    setFound({ hits: [], error: null });
    if (query.trim().length < minLength) return;
    let stale = false;
    const timer = setTimeout(() => {
      currentSearch.current(query).then(
        (hits) => !stale && setFound({ hits, error: null }),
        (reason: unknown) => !stale && setFound({ hits: [], error: toApiError(reason) }),
      );
    }, delayMs);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [query, minLength, delayMs]);
  return found;
}
