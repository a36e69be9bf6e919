// The sync server's deployment files (deploy/server, docs/operations.md): the systemd unit passes
// `systemd-analyze verify`, and its ExecStart — the server compiled by the Node build, run by plain node —
// starts the server the config file describes; the Dockerfile's build context holds every file the server
// imports (its import graph from src/server/cli.ts), none of them excluded by .dockerignore, so the image
// compiles and runs what the repository runs.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { viteBuild } from '../../scripts/vite-build.mjs';
import { serverCli } from '../../src/server/cli';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEPLOY = path.join(ROOT, 'deploy/server');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** `Key=Value` lines of a unit file, by key (repeated keys keep every value). */
function unitFields(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) fields.set(match[1]!, [...(fields.get(match[1]!) ?? []), match[2]!]);
  }
  return fields;
}

describe('the systemd unit of the sync server', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('passes systemd-analyze verify', () => {
    const result = spawnSync('systemd-analyze', ['verify', path.join(DEPLOY, 'gatehouse-server.service')], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('runs the server as its own user, restarts it on failure, and reads the example config', () => {
    const unit = unitFields(read('deploy/server/gatehouse-server.service'));
    expect(unit.get('User')).toEqual(['gatehouse']);
    expect(unit.get('Restart')).toEqual(['on-failure']);
    expect(unit.get('RestartPreventExitStatus')).toEqual(['2']); // a wrong config: restarting won't help
    expect(unit.get('ExecStart')?.[0]).toBe('/usr/bin/node /opt/gatehouse/dist-node/src/server/cli.js serve');
    const config = unit
      .get('Environment')!
      .find((e) => e.startsWith('GATEHOUSE_CONFIG='))!
      .split('=')[1]!;
    expect(config).toBe('/etc/gatehouse/gatehouse.json');
    // The example config the Dockerfile installs there is one the server accepts.
    vi.stubEnv('GATEHOUSE_CONFIG', path.join(DEPLOY, 'gatehouse.example.json'));
    expect(serverCli.parse(['serve'])).toMatchObject({
      command: 'serve',
      port: 4320,
      dataDir: '/var/lib/gatehouse-server',
      logLevel: 'info',
    });
    expect(unit.get('ReadWritePaths')).toEqual(['/var/lib/gatehouse-server']);
  });
});

describe('the compiled server the unit and the image run', () => {
  // Inside the checkout, so the compiled files find node_modules and package.json's "type": "module".
  mkdirSync(path.join(ROOT, 'release'), { recursive: true });
  const out = mkdtempSync(path.join(ROOT, 'release', 'node-build-'));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-compiled-server-'));
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is plain JavaScript that starts with node alone, migrates its database and answers', async () => {
    viteBuild(ROOT, ['--config', 'vite.node.config.ts'], {
      env: { ...process.env, GATEHOUSE_NODE_OUT: out },
    });
    // What the unit's ExecStart runs, from this build instead of /opt/gatehouse/dist-node.
    const child = spawn(process.execPath, [path.join(out, 'src/server/cli.js'), 'serve'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_PORT: '0' },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const url = /Server listening at (http:\S+?)"/.exec(line)?.[1];
          if (url) resolve(url);
        });
        void exited.then(() => reject(new Error('the compiled server exited before it listened')));
      });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(existsSync(path.join(dataDir, 'gatehouse-server.sqlite'))).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

/** Every repository file `entry` imports, transitively (relative imports and the JSON it reads). */
function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith('.ts')) return;
    const source = read(file);
    for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const base = path.join(path.dirname(file), spec!);
      const target = [base, `${base}.ts`, path.join(base, 'index.ts')].find(
        (candidate) => existsSync(path.join(ROOT, candidate)) && !candidate.endsWith('/'),
      );
      if (!target) throw new Error(`${file} imports ${spec}, which is not in the repository`);
      if (!target.endsWith('.test.ts')) visit(path.normalize(target));
    }
  };
  visit(entry);
  return seen;
}

describe('the Dockerfile of the sync server', () => {
  const dockerfile = read('deploy/server/Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.trim().split(/\s+/));
  // Files from the build context (a COPY --from takes them from the build stage instead).
  const copies = instructions
    .filter(([op, first]) => op === 'COPY' && !first!.startsWith('--from='))
    .map((words) => words.slice(1, -1));
  const ignored = read('.dockerignore')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'));
  const inContext = (file: string) =>
    !ignored.some((pattern) => file === pattern || file.startsWith(`${pattern}/`)) &&
    copies.some((sources) => sources.some((source) => file === source || file.startsWith(`${source}/`)));

  it('copies sources that exist and are in the build context', () => {
    expect(copies.length).toBeGreaterThan(0);
    for (const source of copies.flat()) {
      expect(existsSync(path.join(ROOT, source)), source).toBe(true);
      expect(inContext(source), source).toBe(true);
    }
  });

  it('gives the image every file the server imports, and runs it as a user that is not root', () => {
    const cmd = instructions
      .find(([op]) => op === 'CMD')!
      .slice(1)
      .join(' ');
    const entry = JSON.parse(cmd) as string[];
    expect(entry).toEqual(['node', 'dist-node/src/server/cli.js', 'serve']);
    // Built (server and console page), then the dev dependencies dropped in the same layer.
    expect(dockerfile).toMatch(/^RUN npm run build:node && [^\n]*\\\n\s*&& npm prune --omit=dev/m);
    const files = [...importGraph('src/server/cli.ts'), 'vite.node.config.ts'];
    expect(files).toContain('src/server/app.ts');
    expect(files.filter((file) => !inContext(file))).toEqual([]);
    expect(instructions.find(([op]) => op === 'USER')?.[1]).toBe('gatehouse');
    expect(instructions.some(([op]) => op === 'HEALTHCHECK')).toBe(true);
    // Migrations are read at run time, not imported: the server's folder holds them.
    const migrations = execFileSync('git', ['ls-files', 'src/server'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f.endsWith('.sql'));
    expect(migrations.every(inContext)).toBe(true);
  });
});
