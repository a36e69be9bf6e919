// A throwaway PostgreSQL cluster for the tests (./postgres-cluster.ts: initdb + pg_ctl in a temp folder on
// a free loopback port, as the unprivileged `postgres` user when the tests run as root). One cluster per test run: the first test file that
// asks starts it, every other file of the run reuses it, and vitest's global teardown
// (./postgres-global.ts) stops it and removes the folder. Each test gets a database of its own
// (`freshDatabase`), so tests never see each other's rows.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { startCluster } from './postgres-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's folder for the shared cluster (./postgres-global.ts): its lock, URL and data. */
    postgresRunDir: string;
  }
}

let shared: Promise<string> | undefined;

/**
 * The superuser URL of the run's cluster, started by the first caller. Test files run in separate processes:
 * the first to take the lock (an atomic mkdir) starts it and writes its URL; the others wait for that file.
 */
export function postgresUrl(): Promise<string> {
  shared ??= (async () => {
    const runDir = inject('postgresRunDir');
    if (!runDir)
      throw new Error(
        'No PostgreSQL run folder: tests/support/postgres-global.ts is not a globalSetup of this run.',
      );
    const urlFile = path.join(runDir, 'url');
    const failedFile = path.join(runDir, 'failed');
    let mine = false;
    try {
      mkdirSync(path.join(runDir, 'lock'));
      mine = true;
    } catch {
      // another test file is starting (or has started) it
    }
    if (mine) {
      try {
        const url = await startCluster(path.join(runDir, 'cluster'));
        writeFileSync(`${urlFile}.tmp`, url);
        renameSync(`${urlFile}.tmp`, urlFile);
      } catch (error) {
        const message = String((error as { stderr?: Buffer }).stderr ?? error);
        writeFileSync(failedFile, message);
        throw new Error(`The test PostgreSQL cluster did not start: ${message}`, { cause: error });
      }
    }
    for (let waited = 0; waited < 120_000; waited += 100) {
      if (existsSync(urlFile)) return readFileSync(urlFile, 'utf8');
      if (existsSync(failedFile))
        throw new Error(`The test PostgreSQL cluster did not start: ${readFileSync(failedFile, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('Gave up waiting for the test PostgreSQL cluster to start.');
  })();
  return shared;
}

/** Runs one statement as the superuser on the cluster's `postgres` database. */
async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: await postgresUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A new empty database on the run's cluster, for one test: its URL. */
export async function freshDatabase(): Promise<string> {
  const name = `gatehouse_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(`CREATE DATABASE ${name} STRATEGY FILE_COPY`);
  const url = new URL(await postgresUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by freshDatabase (its connections must be closed, or are ended here). */
export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
