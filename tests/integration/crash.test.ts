// Kill a writing station with SIGKILL again and again: every call that returned success must still be
// in the database when it is opened again, and the audit chain must still hold.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/main/core/audit';
import { killGroup, spawnGroup } from '../support/sync/process-group';
import { openStationFile } from '../support/station-file';

const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-crash-'));
let writer: ChildProcess | undefined;
// A timed-out run must not leave its writer running (one outlived a CI run by 40 minutes at 37 % CPU).
afterAll(async () => {
  if (writer) await killGroup(writer);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the writer until it has confirmed `killAfter` visits, then kills it; returns the confirmed ids. */
function runAndKill(killAfter: number): Promise<string[]> {
  // stdin is a pipe the writer watches: if this test process dies, the writer ends too.
  const child = spawnGroup(process.execPath, ['--import', 'tsx', 'tests/support/crash-writer.ts', dataDir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  writer = child;
  const confirmed: string[] = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('ok ')) return;
      confirmed.push(line.slice(3));
      if (confirmed.length === killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve(confirmed)
        : reject(new Error(`writer stopped by itself (${signal ?? _code})`)),
    );
  });
}

describe('a station killed with SIGKILL while writing', () => {
  it('keeps every confirmed write and an unbroken audit chain', async () => {
    const confirmed: string[] = [];
    // Kill points vary so the kill lands at different moments of a write.
    for (const killAfter of [1, 7, 23, 3, 41, 12]) confirmed.push(...(await runAndKill(killAfter)));

    const db = openStationFile(dataDir);
    const stored = new Set(db.$client.prepare('SELECT id FROM visits').pluck().all() as string[]);
    const missing = confirmed.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    // Nothing doubled: each register call wrote exactly one visit, one audit entry and two outbox ops.
    const crashVisits = db.$client
      .prepare("SELECT count(*) FROM visitors WHERE name LIKE 'Crash Visitor %'")
      .pluck()
      .get() as number;
    const outbox = db.$client
      .prepare("SELECT count(*) FROM outbox_ops WHERE type = 'visit.create'")
      .pluck()
      .get() as number;
    const audited = db.$client
      .prepare("SELECT count(*) FROM audit_entries WHERE action = 'visits.register'")
      .pluck()
      .get() as number;
    expect(crashVisits).toBeGreaterThanOrEqual(confirmed.length);
    expect(outbox).toBe(crashVisits);
    expect(audited).toBe(crashVisits);
    expect(verifyChain(db)).toMatchObject({ ok: true });
    db.$client.close();
  });
});
