// The browser-kiosk package (deploy/kiosk, scripts/kiosk-deb.mjs, docs/operations.md): built with
// dpkg-deb, inspected with dpkg-deb --info/--contents, its units checked by systemd-analyze, then
// unpacked and — there is no systemd here — its service's ExecStart run by hand on the unpacked tree:
// the station answers on the port of its config file, keeps its data where the unit says, and its
// /metrics refuses strangers.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { buildKioskDeb } from '../../scripts/kiosk-deb.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Below the checkout, so the payload can hard-link node_modules instead of copying it.
mkdirSync(path.join(ROOT, 'release'), { recursive: true }); // absent from a clean clone
const work = mkdtempSync(path.join(ROOT, 'release', 'kiosk-deb-test-'));
const out = path.join(work, 'gatehouse-kiosk.deb');
const varDir = mkdtempSync(path.join(tmpdir(), 'gatehouse-kiosk-var-'));
// Outside the checkout: Node must find every module in the package, not in the checkout's node_modules.
const unpacked = path.join(varDir, 'root');
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(varDir, { recursive: true, force: true });
});

/** `Key=Value` lines of a unit file. */
const fields = (text: string) =>
  new Map([...text.matchAll(/^([A-Za-z]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const));

describe('the browser-kiosk .deb', () => {
  it('is built with dpkg-deb and holds the station service, the kiosk session and the app', () => {
    buildKioskDeb({ projectDir: ROOT, workDir: path.join(work, 'root'), outFile: out });
    const info = execFileSync('dpkg-deb', ['--info', out], { encoding: 'utf8' });
    expect(info).toMatch(/^ Package: gatehouse-kiosk$/m);
    expect(info).toMatch(/^ Depends: .*\bnodejs \(>= 20\).*\bchromium\b/m);
    expect(info).toMatch(/postinst/);
    const contents = execFileSync('dpkg-deb', ['--contents', out], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    for (const file of [
      './lib/systemd/system/gatehouse-station.service',
      './usr/bin/gatehouse-kiosk-session',
      './usr/share/xsessions/gatehouse-kiosk.desktop',
      './etc/gatehouse/station.json',
      './etc/chromium/policies/managed/gatehouse-kiosk.json',
      './opt/gatehouse-kiosk/src/main/web/cli.js',
      './opt/gatehouse-kiosk/src/db/migrations/meta/_journal.json',
      './opt/gatehouse-kiosk/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    ])
      expect(contents, file).toContain(` ${file}\n`);
    // Compiled: no TypeScript source and no TypeScript runner ship.
    expect(contents).not.toMatch(/\.\/opt\/gatehouse-kiosk\/(src|drivers)\/\S*\.ts\n/);
    expect(contents).not.toMatch(/node_modules\/(tsx|esbuild|typescript)\//);
    expect(contents).toMatch(/^-rwxr-xr-x root\/root .* \.\/usr\/bin\/gatehouse-kiosk-session$/m);
    expect(contents).not.toMatch(/node_modules\/(electron|vitest|playwright-core)\//);
  });

  it('has a service that runs as its own user, restarts always and keeps its data in /var/lib/gatehouse', () => {
    execFileSync('dpkg-deb', ['-x', out, unpacked]);
    const unitFile = path.join(unpacked, 'lib/systemd/system/gatehouse-station.service');
    const verify = spawnSync('systemd-analyze', ['verify', unitFile], { encoding: 'utf8' });
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
    const unit = fields(readFileSync(unitFile, 'utf8'));
    expect(unit.get('User')).toBe('gatehouse');
    expect(unit.get('Restart')).toBe('always');
    expect(unit.get('StateDirectory')).toBe('gatehouse');
    const config = JSON.parse(readFileSync(path.join(unpacked, 'etc/gatehouse/station.json'), 'utf8'));
    expect(config.station).toMatchObject({ host: '127.0.0.1', 'data-dir': '/var/lib/gatehouse' });
    // The session shows exactly that station in Chromium's kiosk mode, and starts it again on exit.
    const session = readFileSync(path.join(unpacked, 'usr/bin/gatehouse-kiosk-session'), 'utf8');
    expect(session).toMatch(/GATEHOUSE_KIOSK_BROWSER:-\/usr\/bin\/chromium}/);
    expect(session).toMatch(/"\$BROWSER" --kiosk/);
    expect(session).toContain(`http://127.0.0.1:${config.station.port}/`);
    expect(session).toMatch(/while true; do/);
    const policy = JSON.parse(
      readFileSync(path.join(unpacked, 'etc/chromium/policies/managed/gatehouse-kiosk.json'), 'utf8'),
    );
    expect(policy.DeveloperToolsAvailability).toBe(2);
  });

  it('starts the station by its ExecStart from the unpacked tree, and the station answers', async () => {
    const unit = fields(
      readFileSync(path.join(unpacked, 'lib/systemd/system/gatehouse-station.service'), 'utf8'),
    );
    // The unit's command with its absolute paths moved into the unpacked tree (no systemd, no root here).
    const [node, ...args] = unit
      .get('ExecStart')!
      .split(' ')
      .map((word) => (/^\/(opt|etc)\//.test(word) ? path.join(unpacked, word) : word));
    expect(node).toBe('/usr/bin/node');
    const dataDir = path.join(varDir, 'lib/gatehouse');
    const child = spawn(node!, [...args, '--demo', '--kind', 'kiosk'], {
      cwd: path.join(unpacked, unit.get('WorkingDirectory')!),
      stdio: ['ignore', 'pipe', 'inherit'],
      // What systemd would give: the state directory; a free port instead of 4310 (env wins over the file).
      env: {
        PATH: process.env.PATH,
        GATEHOUSE_DATA_DIR: dataDir,
        GATEHOUSE_PORT: '0',
        NODE_ENV: 'production',
      },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const base = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on('line', (line) => {
          const url = /ready at (http:\S+)\/$/.exec(line)?.[1];
          if (url) resolve(url);
        });
        void exited.then(() => reject(new Error('the packaged station exited before it was ready')));
      });
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, configured: true });
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      expect(existsSync(path.join(dataDir, 'gatehouse.sqlite'))).toBe(true);
      expect(existsSync(path.join(dataDir, 'metrics-token'))).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
