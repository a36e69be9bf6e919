// Helpers for driver tests and benches: temp dirs and waiting on events (never on fixed sleeps).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEmitter } from 'node:events';

export function tempDir(prefix = 'gatehouse-drivers-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Resolve with the arguments of the first `event` for which `accept` is true. */
export function nextEvent<T extends unknown[]>(
  emitter: EventEmitter,
  event: string,
  accept: (...args: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const listener = (...args: unknown[]) => {
      if (!accept(...(args as T))) return;
      emitter.off(event, listener);
      resolve(args as T);
    };
    emitter.on(event, listener);
  });
}

/** Poll a condition driven by I/O the test cannot subscribe to; the test timeout bounds it. */
export async function until(condition: () => boolean, stepMs = 10): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, stepMs));
}
