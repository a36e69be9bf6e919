// electron-builder's afterPack hook (electron-builder.yml): fails the build when the packed app could not
// run or ships what it must not. electron-builder itself only warns when an extraResources file is
// missing, and happily packs dev tools that a dependency list put in the wrong section.
//
// It checks, in the unpacked app (before any installer is made):
// - resources/native/better_sqlite3.node is there and was built (scripts/electron-native.mjs) for this
//   Electron version, platform and architecture;
// - the N-API prebuilds of serialport and node-hid for the target platform and architecture are in
//   app.asar.unpacked (a .node file cannot be loaded from inside an asar);
// - the migrations are there, and app.asar holds the main bundle, the preload and the screen;
// - app.asar holds no TypeScript runner or compiler (tsx, esbuild, typescript, vite).
import { existsSync, readdirSync, readFileSync, openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';

/** Packages that must never ship: the production build is bundled, nothing is compiled at run time. */
export const FORBIDDEN_PACKAGES = ['tsx', 'esbuild', '@esbuild', 'typescript', 'vite', 'electron'];

/** Every file path inside an asar archive ("dist-electron/main.js", "node_modules/ws/index.js", …). */
export function asarFiles(file) {
  // An asar starts with two Chromium pickles: [4][header pickle size], then [payload size][json size][json].
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    const json = Buffer.alloc(head.readUInt32LE(12));
    readSync(fd, json, 0, json.length, 16);
    const files = [];
    const walk = (node, prefix) => {
      for (const [name, entry] of Object.entries(node.files ?? {})) {
        const rel = prefix ? `${prefix}/${name}` : name;
        if (entry.files) walk(entry, rel);
        else files.push(rel);
      }
    };
    walk(JSON.parse(json.toString('utf8')), '');
    return files;
  } finally {
    closeSync(fd);
  }
}

const nodeFilesIn = (dir) =>
  existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.node')) : [];

/**
 * What is wrong with a packed app, as sentences (empty when nothing is).
 * @param {{ resourcesDir: string, platform: string, arch: string, electronVersion: string, projectDir: string }} target
 */
export function checkPackedApp({ resourcesDir, platform, arch, electronVersion, projectDir }) {
  const problems = [];
  const binding = path.join(resourcesDir, 'native', 'better_sqlite3.node');
  if (!existsSync(binding)) {
    problems.push(
      `${binding} is missing: better-sqlite3 was not built for Electron (run \`npm run electron:native\`).`,
    );
  }
  const stampFile = path.join(projectDir, '.electron-native', 'better-sqlite3', 'built-for.json');
  const stamp = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : undefined;
  if (!stamp || stamp.electron !== electronVersion || stamp.platform !== platform || stamp.arch !== arch) {
    problems.push(
      `better_sqlite3.node was built for ${stamp ? `Electron ${stamp.electron} ${stamp.platform}-${stamp.arch}` : 'an unknown target'}, not Electron ${electronVersion} ${platform}-${arch} (run \`npm run electron:native -- --force\` on a ${platform}-${arch} machine).`,
    );
  }

  const unpacked = path.join(resourcesDir, 'app.asar.unpacked', 'node_modules');
  const prebuilds = {
    serialport: path.join(unpacked, '@serialport', 'bindings-cpp', 'prebuilds', `${platform}-${arch}`),
    'node-hid': path.join(unpacked, 'node-hid', 'prebuilds', `HID-${platform}-${arch}`),
  };
  for (const [name, dir] of Object.entries(prebuilds)) {
    if (nodeFilesIn(dir).length === 0)
      problems.push(`${name} has no native binding for ${platform}-${arch} in ${dir}.`);
  }

  if (!existsSync(path.join(resourcesDir, 'migrations', 'meta', '_journal.json')))
    problems.push(`The database migrations are missing from ${path.join(resourcesDir, 'migrations')}.`);

  const asar = path.join(resourcesDir, 'app.asar');
  if (!existsSync(asar)) return [...problems, `${asar} is missing.`];
  const files = asarFiles(asar);
  for (const needed of ['dist-electron/main.js', 'dist-electron/preload.cjs', 'dist/renderer/index.html']) {
    if (!files.includes(needed)) problems.push(`app.asar has no ${needed}: run \`npm run build\` first.`);
  }
  const shipped = new Set(
    files
      .map((f) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1])
      .filter((name) => name !== undefined),
  );
  const forbidden = [...shipped].filter((name) =>
    FORBIDDEN_PACKAGES.some((bad) => name === bad || name.startsWith(`${bad}/`)),
  );
  if (forbidden.length)
    problems.push(
      `app.asar ships ${forbidden.join(', ')}: dev-time tools belong in devDependencies (the main process is bundled).`,
    );
  return problems;
}

/** The afterPack hook. `context` is electron-builder's AfterPackContext. */
export default async function afterPack(context) {
  const { packager, appOutDir, electronPlatformName } = context;
  const archNames = ['ia32', 'x64', 'armv7l', 'arm64', 'universal']; // builder-util's Arch enum, in order
  const problems = checkPackedApp({
    resourcesDir: packager.getResourcesDir(appOutDir),
    platform: electronPlatformName,
    arch: archNames[context.arch] ?? String(context.arch),
    electronVersion: packager.config.electronVersion ?? packager.info.framework.version,
    projectDir: packager.projectDir ?? packager.info.projectDir,
  });
  if (problems.length)
    throw new Error(`The packed app in ${appOutDir} would not work:\n- ${problems.join('\n- ')}`);
}
