// The sync server's storage backends, for tests that run the same checks against each
// (`describe.each(STORE_BACKENDS)`): the embedded SQLite store in a temp folder, and the PostgreSQL store
// in a fresh database of the run's throwaway cluster (../postgres.ts). `create` makes the data; stores
// are opened on it (again after a restart, or several at once as server instances would on PostgreSQL),
// and it can be changed by hand, backed up and restored the way an operator would.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgSyncStore } from '../../../src/server/pg-store';
import { SERVER_DATABASE_FILE, SqliteSyncStore } from '../../../src/server/sqlite-store';
import type { SyncStore } from '../../../src/server/store';
import { postgresBin } from '../postgres-cluster';
import { dropDatabase, freshDatabase } from '../postgres';

export interface StoreData {
  /** Opens a store on the data (closed by `remove`, or earlier by the test). */
  open(): Promise<SyncStore>;
  /** Runs one SQL statement on the data by hand (`$1`, `$2`… for parameters), as an operator might. */
  execute(statement: string, params?: unknown[]): Promise<void>;
  /** Takes a backup while the server runs: SQLite `VACUUM INTO`, PostgreSQL `pg_dump -Fc`. */
  backup(): Promise<void>;
  /** Puts the backup back, with every store closed: the file copied over, or `pg_restore` into a new database. */
  restore(): Promise<void>;
  /** Closes the stores still open and removes the data. */
  remove(): Promise<void>;
}

export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  create(): Promise<StoreData>;
}

/** Closes what is left open by the time the data is removed (closing twice is harmless). */
function tracked(open: () => Promise<SyncStore>) {
  const stores: SyncStore[] = [];
  return {
    open: async () => {
      const store = await open();
      stores.push(store);
      return store;
    },
    closeAll: async () => {
      for (const store of stores.splice(0)) await store.close();
    },
  };
}

export const sqliteBackend: StoreBackend = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-store-'));
    const dataDir = path.join(dir, 'server');
    const file = path.join(dataDir, SERVER_DATABASE_FILE);
    const backupFile = path.join(dir, 'backup.sqlite');
    const stores = tracked(async () => SqliteSyncStore.open(dataDir));
    const withFile = <T>(work: (db: Database.Database) => T): T => {
      const db = new Database(file);
      try {
        return work(db);
      } finally {
        db.close();
      }
    };
    return {
      open: stores.open,
      async execute(statement, params = []) {
        withFile((db) => db.prepare(statement.replace(/\$\d+/g, '?')).run(...params));
      },
      async backup() {
        withFile((db) => db.exec(`VACUUM INTO '${backupFile}'`));
      },
      async restore() {
        rmSync(`${file}-wal`, { force: true });
        rmSync(`${file}-shm`, { force: true });
        copyFileSync(backupFile, file);
      },
      async remove() {
        await stores.closeAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const postgresBackend: StoreBackend = {
  name: 'postgres',
  async create() {
    const url = await freshDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-store-'));
    const dump = path.join(dir, 'backup.dump');
    const stores = tracked(() => PgSyncStore.open(url));
    // pg_dump and pg_restore as a client, over TCP: no need to be the postgres user for that.
    const tool = (name: string, args: string[]) =>
      execFileSync(path.join(postgresBin(), name), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    return {
      open: stores.open,
      async execute(statement, params = []) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(statement, params);
        } finally {
          await client.end();
        }
      },
      async backup() {
        tool('pg_dump', ['-Fc', '-f', dump, '-d', url]);
      },
      async restore() {
        await dropDatabase(url);
        const maintenance = new URL(url);
        maintenance.pathname = '/postgres';
        const client = new pg.Client({ connectionString: maintenance.toString() });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${new URL(url).pathname.slice(1)}`);
        } finally {
          await client.end();
        }
        tool('pg_restore', ['-d', url, dump]);
      },
      async remove() {
        await stores.closeAll();
        await dropDatabase(url);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export const STORE_BACKENDS: StoreBackend[] = [sqliteBackend, postgresBackend];
