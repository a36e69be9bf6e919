// The sync server's storage backends, for tests that run the same checks against each
// (`describe.each(STORE_BACKENDS)`): the embedded SQLite store in a temp folder, and the PostgreSQL store
// in a fresh database of the run's throwaway cluster (../postgres.ts). `create` makes the data; stores
// are opened on it (again after a restart, or several at once as server instances would on PostgreSQL),
// and it can be changed by hand, backed up and restored the way an operator would.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgSyncStore } from '../../../src/server/pg-store';
import { SERVER_DATABASE_FILE, SqliteSyncStore } from '../../../src/server/sqlite-store';
import type { StationRecord, SyncStore } from '../../../src/server/store';
import { newId } from '../../../src/shared/ids';
import {
  clusterParent,
  postgresBin,
  restoreToPoint,
  startCluster,
  stopCluster,
  takeBaseBackup,
} from '../postgres-cluster';
import { dropDatabase, freshDatabase } from '../postgres';

export interface StoreData {
  /** Opens a store on the data (closed by `remove`, or earlier by the test). */
  open(): Promise<SyncStore>;
  /** Runs one SQL statement on the data by hand (`$1`, `$2`… for parameters), as an operator might. */
  execute(statement: string, params?: unknown[]): Promise<void>;
  /** Every row of every table as JSON text, to look for what must not be kept anywhere. */
  allRows(): Promise<string>;
  /** Takes a backup while the server runs: SQLite `VACUUM INTO`, PostgreSQL `pg_dump -Fc`. */
  backup(): Promise<void>;
  /** Puts the backup back, with every store closed: the file copied over, or `pg_restore` into a new database. */
  restore(): Promise<void>;
  /** Closes the stores still open and removes the data. */
  remove(): Promise<void>;
}

export interface StoreBackend {
  name: 'sqlite' | 'postgres' | 'postgres restored to a point in time';
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
      async allRows() {
        return withFile((db) =>
          (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[])
            .map((table) => JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all()))
            .join('\n'),
        );
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

/** Runs one statement on a PostgreSQL database with a connection of its own; answers its rows. */
async function pgQuery<R extends pg.QueryResultRow>(url: string, statement: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(statement, params)).rows;
  } finally {
    await client.end();
  }
}

/** What both PostgreSQL backends do alike: statements by hand and every row as text. */
function pgByHand(url: string): Pick<StoreData, 'execute' | 'allRows'> {
  return {
    async execute(statement, params = []) {
      await pgQuery(url, statement, params);
    },
    async allRows() {
      const tables = await pgQuery<{ name: string }>(
        url,
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      const texts: string[] = [];
      for (const { name } of tables)
        texts.push(
          (
            await pgQuery<{ rows: string | null }>(url, `SELECT json_agg(t)::text AS rows FROM "${name}" t`)
          )[0]?.rows ?? '',
        );
      return texts.join('\n');
    },
  };
}

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
      ...pgByHand(url),
      async backup() {
        tool('pg_dump', ['-Fc', '-f', dump, '-d', url]);
      },
      async restore() {
        await dropDatabase(url);
        const maintenance = new URL(url);
        maintenance.pathname = '/postgres';
        await pgQuery(maintenance.toString(), `CREATE DATABASE ${new URL(url).pathname.slice(1)}`);
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

/**
 * PostgreSQL with continuous archiving, in a cluster of its own: a base backup when the data is made,
 * `backup` a named restore point (its WAL segment archived before it answers), `restore` a point-in-time
 * recovery to the last such point (docs/postgresql.md#backups-and-restore).
 */
export const postgresPointInTimeBackend: StoreBackend = {
  name: 'postgres restored to a point in time',
  async create() {
    const parent = clusterParent('gatehouse-pitr-');
    const dir = path.join(parent, 'cluster');
    const url = await startCluster(dir, { archive: true });
    takeBaseBackup(dir, url);
    const stores = tracked(() => PgSyncStore.open(url));
    let point: string | undefined;
    return {
      open: stores.open,
      ...pgByHand(url),
      async backup() {
        point = `gatehouse-backup-${Date.now()}`;
        await pgQuery(url, 'SELECT pg_create_restore_point($1)', [point]);
        const [switched] = await pgQuery<{ segment: string }>(
          url,
          'SELECT pg_walfile_name(pg_switch_wal()) AS segment',
        );
        const segment = switched!.segment;
        const archived = path.join(dir, 'archive', segment);
        for (let waited = 0; !existsSync(archived); waited += 50) {
          if (waited > 30_000) throw new Error(`WAL segment ${segment} was not archived in 30 s`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
      async restore() {
        if (!point) throw new Error('No restore point: call backup() first.');
        await restoreToPoint(dir, url, point);
      },
      async remove() {
        await stores.closeAll();
        stopCluster(dir);
        rmSync(parent, { recursive: true, force: true });
      },
    };
  },
};

export const STORE_BACKENDS: StoreBackend[] = [sqliteBackend, postgresBackend];

/** A new site and a desk enrolled on it, at `now` (the code made then, claimed a minute later). */
export async function deskOfNewSite(store: SyncStore, name: string, now: Date): Promise<StationRecord> {
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const siteId = newId();
  await store.createSite({ id: siteId, name, timezone: 'Europe/London', defaultLanguage: 'en' }, at(0));
  const codeHash = newId();
  await store.createEnrollmentCode({
    id: newId(),
    codeHash,
    siteId,
    role: 'desk',
    now: at(0),
    expiresAt: at(60),
  });
  const claim = await store.claimEnrollment({
    codeHash,
    stationId: newId(),
    name: `Desk of ${name}`,
    credentialHash: `cred-${newId()}`,
    publicKey: null,
    keyId: null,
    now: at(1),
  });
  if (!claim.ok) throw new Error(claim.reason);
  return claim.station;
}
