// `npm run electron:native [-- --force]`: better-sqlite3-multiple-ciphers (SQLite3 Multiple Ciphers) compiled for the installed Electron's ABI.
//
// node_modules keeps the build for Node's ABI (what `npm test` loads). This script copies
// its sources (installed as node_modules/better-sqlite3) into .electron-native/better-sqlite3 and compiles that copy with node-gyp
// against Electron's headers; the Electron main process loads the result through the module's
// `nativeBinding` option, and electron-builder ships it as resources/native/better_sqlite3.node.
// serialport and node-hid need nothing: they load N-API prebuilds, which Node and Electron share.
//
// Electron's headers are downloaded from electronjs.org (cached in ~/.electron-gyp). Offline, point
// ELECTRON_HEADERS_DIR at an unpacked node-v<electron version>-headers.tar.gz from there.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
/**
 * The SQLite binding the station uses: package.json installs better-sqlite3-multiple-ciphers (SQLite3 Multiple Ciphers) under
 * the name better-sqlite3 (an npm alias), so drizzle-orm's better-sqlite3 driver, which requires that name, loads it.
 */
export const SQLITE_MODULE = 'better-sqlite3';
const OUT_DIR = path.join(ROOT, '.electron-native', SQLITE_MODULE);
const STAMP = path.join(OUT_DIR, 'built-for.json');
/** Keep in step with DEV_NATIVE_BINDING in src/main/electron/main.ts and extraResources in electron-builder.yml. */
export const ELECTRON_BINDING = path.join(OUT_DIR, 'build', 'Release', 'better_sqlite3.node');
const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';

const versionOf = (pkg) => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;

/** What the binding must have been built for; any difference means a rebuild. */
function target() {
  return {
    electron: versionOf('electron'),
    [SQLITE_MODULE]: versionOf(SQLITE_MODULE),
    platform: process.platform,
    arch: process.arch,
    headers: process.env.ELECTRON_HEADERS_DIR
      ? path.resolve(process.env.ELECTRON_HEADERS_DIR)
      : ELECTRON_HEADERS_URL,
  };
}

export function isBuiltForElectron() {
  if (!existsSync(ELECTRON_BINDING) || !existsSync(STAMP)) return false;
  return JSON.stringify(JSON.parse(readFileSync(STAMP, 'utf8'))) === JSON.stringify(target());
}

/** Builds (unless already built for this Electron) and returns the binding's path; throws with a plain reason. */
export function buildForElectron({ force = false, quiet = false } = {}) {
  if (!force && isBuiltForElectron()) return ELECTRON_BINDING;
  const want = target();
  const source = path.dirname(require.resolve(`${SQLITE_MODULE}/package.json`));

  // A fresh copy of the sources only: the Node build in node_modules/<module>/build is never touched.
  // It is built beside the previous build, which is replaced only once the new one succeeded.
  const work = `${OUT_DIR}.building`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  for (const entry of ['package.json', 'binding.gyp', 'src', 'deps']) {
    cpSync(path.join(source, entry), path.join(work, entry), { recursive: true });
  }

  const args = [
    require.resolve('node-gyp/bin/node-gyp.js'),
    'rebuild',
    '--release',
    `--target=${want.electron}`,
    `--arch=${want.arch}`,
    want.headers === ELECTRON_HEADERS_URL
      ? `--dist-url=${ELECTRON_HEADERS_URL}`
      : `--nodedir=${want.headers}`,
    `--devdir=${path.join(homedir(), '.electron-gyp')}`,
  ];
  // npm passes its config to scripts as npm_config_*; a nodedir or target meant for Node (this machine's
  // ~/.npmrc sets nodedir) would silently build against Node's headers instead of Electron's.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|devdir)$/i.test(key),
    ),
  );
  if (!quiet)
    console.log(
      `Building ${SQLITE_MODULE} ${want[SQLITE_MODULE]} for Electron ${want.electron} (${want.arch}) in ${path.relative(ROOT, OUT_DIR)}…`,
    );
  const result = spawnSync(process.execPath, args, {
    cwd: work,
    env,
    stdio: quiet ? 'pipe' : 'inherit',
    encoding: 'utf8',
  });
  if (result.status !== 0 || !existsSync(path.join(work, path.relative(OUT_DIR, ELECTRON_BINDING)))) {
    rmSync(work, { recursive: true, force: true });
    const detail = quiet ? `\n${(result.stderr ?? '').trim().split('\n').slice(-5).join('\n')}` : '';
    const hint =
      want.headers === ELECTRON_HEADERS_URL
        ? ` Its headers come from ${ELECTRON_HEADERS_URL}; offline, set ELECTRON_HEADERS_DIR.`
        : '';
    throw new Error(
      `${SQLITE_MODULE} could not be built for Electron ${want.electron} (node-gyp exited with ${result.status ?? result.signal}).${hint}${detail}`,
    );
  }
  writeFileSync(path.join(work, path.basename(STAMP)), `${JSON.stringify(want, null, 2)}\n`);
  rmSync(OUT_DIR, { recursive: true, force: true });
  renameSync(work, OUT_DIR);
  return ELECTRON_BINDING;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  try {
    const force = process.argv.includes('--force');
    const already = !force && isBuiltForElectron();
    const binding = buildForElectron({ force });
    console.log(
      `${already ? 'Already built' : 'Built'}: ${path.relative(ROOT, binding)} (Electron ${target().electron}).`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
