// Builds the browser-kiosk package (docs/operations.md): a .deb with the station web host as the systemd
// service gatehouse-station (its own user, data in /var/lib/gatehouse, restarted always) and a kiosk
// session that runs Debian's Chromium in --kiosk mode on it. Built with dpkg-deb from this checkout:
// the station compiled to JavaScript by the Node build (vite.node.config.ts, in the sources' layout), the
// built screen (dist/renderer, when built) and the production node_modules — no TypeScript runner.
//   node scripts/kiosk-deb.mjs [OUT.deb]     (default release/gatehouse-kiosk_<version>_<arch>.deb)
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { viteBuild } from './vite-build.mjs';

const APP = 'opt/gatehouse-kiosk';

/** The top-level node_modules folders the station needs: the production dependencies. */
function runtimeModules(projectDir) {
  const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: projectDir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const top = new Set();
  for (const line of listed.split('\n')) {
    const rel = path.relative(path.join(projectDir, 'node_modules'), line.trim());
    if (!line.trim() || rel.startsWith('..') || rel === '') continue;
    const parts = rel.split(path.sep);
    top.add(parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return [...top].sort();
}

/** The Node programs compiled into `outDir` (vite.node.config.ts), as `npm run build:node` does. */
function buildNodePrograms(projectDir, outDir) {
  viteBuild(projectDir, ['--config', 'vite.node.config.ts'], {
    what: 'the Node programs',
    env: { ...process.env, GATEHOUSE_NODE_OUT: outDir },
  });
}

/** Hard links where the file system allows it (fast, no extra space), a copy elsewhere. */
function copyTree(from, to) {
  mkdirSync(path.dirname(to), { recursive: true });
  try {
    execFileSync('cp', ['-al', from, to]);
  } catch {
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  }
}

export function buildKioskDeb({ projectDir, workDir, outFile }) {
  const pkg = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
  const deploy = path.join(projectDir, 'deploy/kiosk');
  const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
  rmSync(workDir, { recursive: true, force: true });
  const root = workDir;
  const put = (from, to, mode = 0o644) => {
    mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
    copyFileSync(from, path.join(root, to));
    chmodSync(path.join(root, to), mode);
  };

  // package.json says "type": "module", which the compiled files need.
  put(path.join(projectDir, 'package.json'), `${APP}/package.json`);
  const compiled = path.join(path.dirname(root), `${path.basename(root)}-node`);
  buildNodePrograms(projectDir, compiled);
  cpSync(compiled, path.join(root, APP), { recursive: true });
  rmSync(compiled, { recursive: true, force: true });
  const renderer = path.join(projectDir, 'dist/renderer');
  if (existsSync(renderer)) copyTree(renderer, path.join(root, APP, 'dist/renderer'));
  for (const name of runtimeModules(projectDir))
    copyTree(path.join(projectDir, 'node_modules', name), path.join(root, APP, 'node_modules', name));

  put(path.join(deploy, 'gatehouse-station.service'), 'lib/systemd/system/gatehouse-station.service');
  put(path.join(deploy, 'station.json'), 'etc/gatehouse/station.json');
  put(path.join(deploy, 'gatehouse-kiosk-session'), 'usr/bin/gatehouse-kiosk-session', 0o755);
  put(path.join(deploy, 'gatehouse-kiosk.desktop'), 'usr/share/xsessions/gatehouse-kiosk.desktop');
  put(path.join(deploy, 'chromium-policy.json'), 'etc/chromium/policies/managed/gatehouse-kiosk.json');
  put(path.join(deploy, 'postinst'), 'DEBIAN/postinst', 0o755);
  put(path.join(deploy, 'prerm'), 'DEBIAN/prerm', 0o755);
  writeFileSync(
    path.join(root, 'DEBIAN/conffiles'),
    ['/etc/gatehouse/station.json', '/etc/chromium/policies/managed/gatehouse-kiosk.json', ''].join('\n'),
  );
  writeFileSync(
    path.join(root, 'DEBIAN/control'),
    [
      'Package: gatehouse-kiosk',
      `Version: ${pkg.version}`,
      `Architecture: ${arch}`,
      `Maintainer: ${pkg.author.name} <${pkg.author.email}>`,
      'Depends: nodejs (>= 20), chromium, adduser, wget',
      'Section: misc',
      'Priority: optional',
      `Homepage: ${pkg.homepage}`,
      'Description: Gatehouse visitor station for a browser kiosk',
      ' The Gatehouse station web host as the systemd service gatehouse-station (data in',
      ' /var/lib/gatehouse) and the kiosk session gatehouse-kiosk, which shows it in Chromium.',
      '',
    ].join('\n'),
  );
  mkdirSync(path.dirname(outFile), { recursive: true });
  // Uncompressed: the payload is mostly node_modules, and building fast matters more than size here.
  execFileSync('dpkg-deb', ['--root-owner-group', '-Znone', '--build', root, outFile], { stdio: 'pipe' });
  return outFile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const pkg = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8'));
  const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
  const outFile = path.resolve(process.argv[2] ?? `release/gatehouse-kiosk_${pkg.version}_${arch}.deb`);
  buildKioskDeb({ projectDir, workDir: path.join(projectDir, 'release/kiosk-deb-root'), outFile });
  console.log(outFile);
}
