import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../src/main/core/context';
import { VisitFiles } from '../../src/main/kiosk/files';
import { SERVER_DATABASE_FILE, SqliteSyncStore } from '../../src/server/sqlite-store';
import { afterCommitRender, kioskRendersSettled } from '../../src/main/kiosk/renders';
import { openDatabase } from '../../src/db/open';

const KEY = Buffer.alloc(32, 7);
const modeOf = (file: string) => statSync(file).mode & 0o777;

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-private-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('station files are owner-only (a copied or shared disk account cannot read them)', () => {
  it('creates the database, its WAL and shared-memory files 0600', () => {
    const file = join(dataDir, 'station.db');
    const db = openDatabase(file);
    db.$client.exec('CREATE TABLE probe (x); INSERT INTO probe VALUES (1);');
    for (const suffix of ['', '-wal', '-shm']) expect(modeOf(file + suffix), suffix || 'db').toBe(0o600);
    db.$client.close();
  });

  it('narrows a database created world-readable before this rule when it is opened', () => {
    const file = join(dataDir, 'station.db');
    openDatabase(file).$client.close();
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '', { mode: 0o644 });
    chmodSync(`${file}-wal`, 0o644);
    const db = openDatabase(file);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    db.$client.close();
  });

  it('writes a visit folder 0700 and its photos, signatures and PDFs 0600', () => {
    const files = new VisitFiles(dataDir, 'visit-1', KEY);
    const relative = files.write('photo.png', Buffer.from('not really a png'));
    expect(modeOf(join(dataDir, 'visits'))).toBe(0o700);
    expect(modeOf(join(dataDir, 'visits', 'visit-1'))).toBe(0o700);
    expect(modeOf(join(dataDir, relative))).toBe(0o600);
  });

  it('writes a rendered PDF (signed copy, badge) 0600 in a 0700 folder', async () => {
    const station = { renders: new Set<Promise<void>>() };
    const ctx = { station, afterCommit: (run: () => void) => run() } as unknown as CallContext;
    const pdf = join(dataDir, 'visits', 'visit-2', 'badge.pdf');
    const files = new VisitFiles(dataDir, 'visit-2', KEY);
    afterCommitRender(ctx, files, join('visits', 'visit-2', 'badge.pdf'), () =>
      Promise.resolve(Buffer.from('%PDF-1.4')),
    );
    await kioskRendersSettled(station as unknown as CallContext['station']);
    expect(modeOf(join(dataDir, 'visits', 'visit-2'))).toBe(0o700);
    expect(modeOf(pdf)).toBe(0o600);
  });

  it("creates the sync server's database and its WAL 0600 in a 0700 folder", () => {
    const folder = join(dataDir, 'server');
    const store = SqliteSyncStore.open(folder);
    const file = join(folder, SERVER_DATABASE_FILE);
    expect(modeOf(folder)).toBe(0o700);
    for (const suffix of ['', '-wal']) expect(modeOf(file + suffix), suffix || 'db').toBe(0o600);
    store.db.$client.close();
  });
});
