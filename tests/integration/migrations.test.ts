import Database from 'better-sqlite3';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase } from '../../src/db/open';

const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
  entries: { idx: number; tag: string }[];
};

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tablesOf(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') ORDER BY name")
    .pluck()
    .all() as string[];
  db.close();
  return names;
}

/** A migrations folder holding only the first `count` migrations, as an older release shipped them. */
function olderMigrations(count: number): string {
  const folder = path.join(dir, `migrations-${count}`);
  mkdirSync(path.join(folder, 'meta'), { recursive: true });
  const entries = journal.entries.slice(0, count);
  for (const e of entries)
    cpSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(folder, `${e.tag}.sql`));
  writeFileSync(path.join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}

describe('database migrations', () => {
  it('bring an empty database to the current schema', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-migrate-'));
    const file = path.join(dir, 'station.sqlite');
    const db = openDatabase(file);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    db.$client.close();

    const names = tablesOf(file);
    for (const table of [
      'sites',
      'zones',
      'stations',
      'staff_users',
      'hosts',
      'visitor_types',
      'visitor_type_documents',
      'visitors',
      'visits',
      'passes',
      'watchlist_entries',
      'incidents',
      'notifications',
      'print_jobs',
      'gate_events',
      'audit_entries',
      'outbox_ops',
      'sync_cursors',
      'settings',
    ]) {
      expect(names).toContain(table);
    }
    expect(names).toContain('audit_entries_no_update');
  });

  it('upgrade a database left at the previous migration and keep its data', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-migrate-'));
    const file = path.join(dir, 'station.sqlite');
    const previous = openDatabase(file, { migrationsFolder: olderMigrations(journal.entries.length - 1) });
    previous.$client
      .prepare(
        "INSERT INTO sites (id, name, timezone, default_language, created_at, updated_at) VALUES ('s1', 'Old site', 'UTC', 'en', 'x', 'x')",
      )
      .run();
    previous.$client.close();

    const current = openDatabase(file);
    expect(current.$client.prepare('SELECT name FROM sites').pluck().all()).toEqual(['Old site']);
    const applied = current.$client.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get();
    expect(applied).toBe(journal.entries.length);
    current.$client.close();
  });

  it('copy the signatures recorded in audit entries into signed_documents (0011)', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-migrate-'));
    const file = path.join(dir, 'station.sqlite');
    const before = journal.entries.findIndex((e) => e.tag === '0011_signed_documents');
    const previous = openDatabase(file, { migrationsFolder: olderMigrations(before) });
    const details = {
      visitId: 'v1',
      visitorId: 'p1',
      signedDocuments: [
        {
          documentId: 'd1',
          key: 'nda',
          version: 2,
          language: 'es',
          signedAt: 'x',
          method: 'typed',
          typedName: 'Ada',
          pdfPath: 'visits/v1/nda-v2.signed.pdf',
        },
      ],
    };
    previous.$client
      .prepare(
        "INSERT INTO audit_entries (seq, id, at, station_id, role, action, outcome, details, prev_hash, hash) VALUES (1, 'a', 'x', 's', 'visitor', 'kiosk.checkIn', 'ok', ?, 'p', 'h')",
      )
      .run(JSON.stringify(details));
    previous.$client.close();

    const current = openDatabase(file);
    expect(
      current.$client
        .prepare(
          'SELECT visit_id, visitor_id, document_id, key, version, method, typed_name FROM signed_documents',
        )
        .all(),
    ).toEqual([
      {
        visit_id: 'v1',
        visitor_id: 'p1',
        document_id: 'd1',
        key: 'nda',
        version: 2,
        method: 'typed',
        typed_name: 'Ada',
      },
    ]);
    current.$client.close();
  });

  it('make the audit log append-only', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-migrate-'));
    const db = openDatabase(path.join(dir, 'station.sqlite'));
    db.$client
      .prepare(
        "INSERT INTO audit_entries (seq, id, at, station_id, role, action, outcome, details, prev_hash, hash) VALUES (1, 'a', 'x', 's', 'station', 'test', 'ok', '{}', 'p', 'h')",
      )
      .run();
    expect(() => db.$client.prepare("UPDATE audit_entries SET action = 'forged'").run()).toThrow(
      /append-only/,
    );
    expect(() => db.$client.prepare('DELETE FROM audit_entries').run()).toThrow(/append-only/);
    db.$client.close();
  });
});
