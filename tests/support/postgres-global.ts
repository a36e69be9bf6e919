// vitest globalSetup: a folder for the run's shared PostgreSQL cluster (./postgres.ts). Nothing starts
// here, so a run without PostgreSQL tests costs nothing; the first test file that needs the cluster starts
// it, and the teardown stops it (if it was started) and removes the folder.
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { clusterParent, stopCluster } from './postgres-cluster';

export default function setup(project: TestProject): () => void {
  const runDir = clusterParent('gatehouse-pg-run-');
  project.provide('postgresRunDir', runDir);
  return () => {
    stopCluster(path.join(runDir, 'cluster'));
    rmSync(runDir, { recursive: true, force: true });
  };
}
