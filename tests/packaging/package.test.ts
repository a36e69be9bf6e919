// Packs the Electron app for real with electron-builder (electron-builder.yml, the `dir` target) and a
// stand-in Electron given through `electronDist` — the real binary cannot be downloaded here — then
// checks what would ship, builds the .deb from it with dpkg-deb (tests/packaging/deb.ts) and checks that
// with dpkg-deb and lintian.
//
// The project is staged in a temp folder (package.json, lock, electron-builder.yml, build/, the
// afterPack check, migrations, node_modules linked), the bundles are built into it with vite, and
// better_sqlite3.node is stood in for by Node's build with a stamp for this Electron (compiling it for
// Electron needs Electron's headers, another download).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import afterPack, { asarFiles, checkPackedApp } from '../../scripts/check-packed-app.mjs';
import { buildDeb } from './deb';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ELECTRON_VERSION = (
  JSON.parse(readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'; // @electron/fuses looks for it, then the fuse wire
/** lintian tags this package may carry, and why (everything else at error or warning level fails). */
const ALLOWED_LINTIAN_TAGS: Record<string, string> = {
  'dir-or-file-in-opt': "electron-builder's layout: a self-contained app in /opt/Gatehouse",
  'binary-from-other-architecture':
    'the linux-arm and linux-arm64 prebuilds of serialport and node-hid (electron-builder packs per OS, not per architecture)',
  'unstripped-binary-or-object': 'the native bindings ship as npm and node-gyp build them',
  'shared-library-is-executable': 'better_sqlite3.node keeps the mode node-gyp gives it',
  'no-changelog': 'not a Debian-maintained package; release notes come with the update feed',
  'postrm-removes-alternative':
    "electron-builder's deb target has no prerm hook; its own default postrm does the same",
};

let stage: string;
let out: string;
let unpacked: string;
let resources: string;
let packSeconds = 0;

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`,
    );
  return result.stdout;
}

/**
 * The project's node_modules as a real folder of hard links (a copy where they cannot be made). Not a
 * symlink: electron-builder asks `npm list` for the production tree, npm resolves a symlinked
 * node_modules through its real path, and once its hidden lockfile is stale (vitest's cache in
 * node_modules/.vite is enough) it reports every transitive dependency as extraneous — electron-builder
 * then leaves @serialport/* and the rest out of app.asar.
 */
function stageNodeModules(from: string, to: string) {
  const linked = spawnSync('cp', ['-al', from, to]);
  if (linked.status !== 0) {
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  }
}

/** A stand-in for Electron's unpacked distribution: a script with a fuse wire, every fuse "enabled". */
function standInElectron(dir: string) {
  mkdirSync(dir, { recursive: true });
  const script = `#!/bin/sh\necho "stand-in Electron $*"\nexit 0\n# `;
  const wire = Buffer.concat([
    Buffer.from(script + SENTINEL),
    Buffer.from([1, 8]),
    Buffer.from('11111111\n'),
  ]);
  writeFileSync(path.join(dir, 'electron'), wire, { mode: 0o755 });
  writeFileSync(path.join(dir, 'version'), ELECTRON_VERSION);
  writeFileSync(path.join(dir, 'chrome-sandbox'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  writeFileSync(path.join(dir, 'LICENSE'), 'stand-in');
  writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<p>stand-in</p>');
  mkdirSync(path.join(dir, 'resources'));
}

beforeAll(async () => {
  stage = mkdtempSync(path.join(tmpdir(), 'gatehouse-pack-'));
  out = path.join(stage, 'release');
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml'])
    copyFileSync(path.join(ROOT, file), path.join(stage, file));
  cpSync(path.join(ROOT, 'build'), path.join(stage, 'build'), { recursive: true });
  mkdirSync(path.join(stage, 'scripts'));
  copyFileSync(
    path.join(ROOT, 'scripts/check-packed-app.mjs'),
    path.join(stage, 'scripts/check-packed-app.mjs'),
  );
  cpSync(path.join(ROOT, 'src/db/migrations'), path.join(stage, 'src/db/migrations'), { recursive: true });
  stageNodeModules(realpathSync(path.join(ROOT, 'node_modules')), path.join(stage, 'node_modules'));

  const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
  const electronConfig = ['--config', 'vite.electron.config.ts', '--logLevel', 'error'];
  run(process.execPath, [vite, 'build', ...electronConfig, '--outDir', `${stage}/dist-electron`], ROOT);
  run(
    process.execPath,
    [vite, 'build', ...electronConfig, '--mode', 'preload', '--outDir', `${stage}/dist-electron`],
    ROOT,
  );
  run(process.execPath, [vite, 'build', '--logLevel', 'error', '--outDir', `${stage}/dist/renderer`], ROOT);

  const native = path.join(stage, '.electron-native/better-sqlite3');
  mkdirSync(path.join(native, 'build/Release'), { recursive: true });
  copyFileSync(
    path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
    path.join(native, 'build/Release/better_sqlite3.node'),
  );
  writeFileSync(
    path.join(native, 'built-for.json'),
    JSON.stringify({ electron: ELECTRON_VERSION, platform: 'linux', arch: 'x64' }),
  );
  standInElectron(path.join(stage, 'electron-dist'));

  const started = Date.now();
  run(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/electron-builder/cli.js'),
      '--linux',
      'dir',
      '--x64',
      `-c.electronDist=${path.join(stage, 'electron-dist')}`,
      `-c.directories.output=${out}`,
    ],
    stage,
  );
  packSeconds = (Date.now() - started) / 1000;
  unpacked = path.join(out, 'linux-unpacked');
  resources = path.join(unpacked, 'resources');
}, 600_000);

afterAll(() => {
  if (stage) rmSync(stage, { recursive: true, force: true });
});

describe('the packed Electron app (electron-builder, dir target, stand-in Electron)', () => {
  it('has the bundles in app.asar and no TypeScript runner, compiler or bundler', () => {
    console.log(`electron-builder --dir took ${packSeconds.toFixed(1)} s`);
    const files = asarFiles(path.join(resources, 'app.asar'));
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist-electron/main.js',
        'dist-electron/preload.cjs',
        'dist/renderer/index.html',
        'node_modules/better-sqlite3/package.json',
        'node_modules/serialport/package.json',
        'node_modules/node-hid/package.json',
        'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
      ]),
    );
    const packages = new Set(files.map((f) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]));
    for (const devOnly of [
      'tsx',
      'esbuild',
      'typescript',
      'vite',
      'electron',
      'react',
      'react-dom',
      'vitest',
    ])
      expect(packages.has(devOnly), devOnly).toBe(false);
    expect([...packages].filter((p) => p?.startsWith('@esbuild/'))).toEqual([]);
    // The bundles without their source maps; no TypeScript source.
    expect(files.filter((f) => f.startsWith('dist') && /\.(map|tsx?)$/.test(f))).toEqual([]);
  });

  it('has better_sqlite3.node for Electron and the serialport and node-hid bindings outside the asar', () => {
    expect(existsSync(path.join(resources, 'native/better_sqlite3.node'))).toBe(true);
    const unpackedModules = path.join(resources, 'app.asar.unpacked/node_modules');
    expect(
      readdirSync(path.join(unpackedModules, '@serialport/bindings-cpp/prebuilds/linux-x64')).some((f) =>
        f.endsWith('.node'),
      ),
    ).toBe(true);
    expect(
      readdirSync(path.join(unpackedModules, 'node-hid/prebuilds/HID-linux-x64')).some((f) =>
        f.endsWith('.node'),
      ),
    ).toBe(true);
    // Node's build of better-sqlite3-multiple-ciphers is not shipped: the app loads resources/native instead.
    expect(existsSync(path.join(unpackedModules, 'better-sqlite3/build'))).toBe(false);
  });

  it('has every migration, the update feed, the udev rules and the autostart entry', () => {
    const migrations = (dir: string) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.sql'))
        .sort();
    expect(migrations(path.join(resources, 'migrations'))).toEqual(
      migrations(path.join(ROOT, 'src/db/migrations')),
    );
    expect(existsSync(path.join(resources, 'migrations/meta/_journal.json'))).toBe(true);
    const feed = readFileSync(path.join(resources, 'app-update.yml'), 'utf8');
    expect(feed).toMatch(/^provider: generic$/m);
    expect(feed).toMatch(/^url: https:\/\//m);
    expect(feed).toMatch(/^updaterCacheDirName: gatehouse-updater$/m);
    expect(readFileSync(path.join(resources, 'udev/70-gatehouse.rules'), 'utf8')).toBe(
      readFileSync(path.join(ROOT, 'build/udev/70-gatehouse.rules'), 'utf8'),
    );
    // The autostart entry runs the supervisor that restarts a dead main process; it and the .deb update
    // helper are shipped executable.
    expect(readFileSync(path.join(resources, 'autostart/gatehouse-kiosk.desktop'), 'utf8')).toMatch(
      /^Exec=\/opt\/Gatehouse\/resources\/autostart\/gatehouse-kiosk-run$/m,
    );
    for (const script of ['autostart/gatehouse-kiosk-run', 'update/gatehouse-deb-update'])
      expect(statSync(path.join(resources, script)).mode & 0o111).toBe(0o111);
  });

  it('has flipped the fuses of the security checklist in the executable', () => {
    const binary = readFileSync(path.join(unpacked, 'gatehouse'));
    const at = binary.indexOf(SENTINEL) + SENTINEL.length;
    const wire = binary.subarray(at + 2, at + 2 + binary[at + 1]!).toString('latin1');
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on, only
    // app.asar on, (browser V8 snapshot: not configured, the stand-in's 1 kept), file:// privileges off.
    expect(wire).toBe('01001110');
  });

  it('passes the afterPack check, which fails the build when a native binding is missing', async () => {
    const target = {
      resourcesDir: resources,
      platform: 'linux',
      arch: 'x64',
      electronVersion: ELECTRON_VERSION,
      projectDir: stage,
    };
    expect(checkPackedApp(target)).toEqual([]);
    // The same app without better_sqlite3.node and node-hid's binding, packed for another Electron:
    const broken = path.join(stage, 'broken');
    cpSync(resources, broken, { recursive: true });
    rmSync(path.join(broken, 'native/better_sqlite3.node'));
    rmSync(path.join(broken, 'app.asar.unpacked/node_modules/node-hid/prebuilds/HID-linux-x64'), {
      recursive: true,
    });
    const problems = checkPackedApp({ ...target, resourcesDir: broken, electronVersion: '99.0.0' }).join(
      '\n',
    );
    expect(problems).toMatch(/native\/better_sqlite3\.node is missing/);
    expect(problems).toMatch(/built for Electron .* linux-x64, not Electron 99\.0\.0 linux-x64/);
    expect(problems).toMatch(/node-hid has no native binding for linux-x64/);
    expect(problems).not.toMatch(/serialport/);
    // …and the hook electron-builder calls throws, which fails the build.
    const context = {
      appOutDir: path.dirname(broken),
      electronPlatformName: 'linux',
      arch: 1,
      packager: {
        getResourcesDir: () => broken,
        config: { electronVersion: ELECTRON_VERSION },
        projectDir: stage,
      },
    };
    await expect(afterPack(context)).rejects.toThrow(/would not work:\n- .*better_sqlite3\.node is missing/);
    expect(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')).toMatch(
      /^afterPack: \.\/scripts\/check-packed-app\.mjs$/m,
    );
  });
});

describe('the .deb (assembled from the packed app with dpkg-deb, as electron-builder lays it out)', () => {
  let deb: string;
  beforeAll(() => {
    deb = path.join(out, 'gatehouse.deb');
    buildDeb({ projectDir: stage, unpackedDir: unpacked, workDir: path.join(out, 'deb-root'), outFile: deb });
  }, 300_000);

  it('has the control fields electron-builder needs from package.json', () => {
    const info = execFileSync('dpkg-deb', ['--info', deb], { encoding: 'utf8' });
    expect(info).toMatch(/^ Package: gatehouse$/m);
    expect(info).toMatch(/^ Version: 0\.\d+\.\d+/m);
    expect(info).toMatch(/^ Homepage: https:\/\//m);
    expect(info).toMatch(/^ Maintainer: .+ <.+@.+>$/m);
    expect(info).toMatch(/^ Depends: .*udev/m);
    expect(info).toMatch(/ postinst +#!\/bin\/sh$/m);
    expect(info).toMatch(/ postrm +#!\/bin\/sh$/m);
    expect(info).toMatch(/ conffiles +$/m);
  });

  it('installs the app, desktop entry, icons, udev rules and autostart entry', () => {
    const contents = execFileSync('dpkg-deb', ['--contents', deb], { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const file of [
      './opt/Gatehouse/gatehouse',
      './opt/Gatehouse/resources/app.asar',
      './opt/Gatehouse/resources/native/better_sqlite3.node',
      './opt/Gatehouse/resources/app-update.yml',
      './usr/share/applications/gatehouse.desktop',
      './usr/share/icons/hicolor/512x512/apps/gatehouse.png',
      './usr/share/icons/hicolor/48x48/apps/gatehouse.png',
      './usr/lib/udev/rules.d/70-gatehouse.rules',
      './etc/xdg/autostart/gatehouse-kiosk.desktop',
      './usr/share/doc/gatehouse/copyright',
      './opt/Gatehouse/resources/autostart/gatehouse-kiosk-run',
      './opt/Gatehouse/resources/update/gatehouse-deb-update',
    ])
      expect(contents).toContain(` ${file}\n`);
    expect(contents).toMatch(/^-rw-r--r-- root\/root .* \.\/usr\/lib\/udev\/rules\.d\/70-gatehouse\.rules$/m);
    const postinst = readFileSync(path.join(out, 'deb-root/DEBIAN/postinst'), 'utf8');
    expect(postinst).toContain(
      "update-alternatives --install '/usr/bin/gatehouse' 'gatehouse' \"$APP_DIR/gatehouse\"",
    );
    expect(postinst).toContain("APP_DIR='/opt/Gatehouse'");
    expect(postinst).toContain('groupadd --system gatehouse');
    expect(postinst).toContain(
      '"%gatehouse ALL=(root) NOPASSWD: $APP_DIR/resources/update/gatehouse-deb-update"',
    );
    expect(contents).toMatch(
      /^-rwxr-xr-x root\/root .* \.\/opt\/Gatehouse\/resources\/update\/gatehouse-deb-update$/m,
    );
    expect(execFileSync('sh', ['-n', path.join(out, 'deb-root/DEBIAN/postinst')]).toString()).toBe('');
    expect(execFileSync('sh', ['-n', path.join(out, 'deb-root/DEBIAN/postrm')]).toString()).toBe('');
  });

  it('has no lintian error or warning other than the documented ones', () => {
    const result = spawnSync(
      'lintian',
      ['--tag-display-limit', '0', '--suppress-tags', Object.keys(ALLOWED_LINTIAN_TAGS).join(','), deb],
      {
        encoding: 'utf8',
        timeout: 300_000,
        maxBuffer: 64 << 20,
      },
    );
    const findings = `${result.stdout}${result.stderr}`.split('\n').filter((line) => /^[EW]: /.test(line));
    expect(findings).toEqual([]);
  });
});
