// Builds the .deb from electron-builder's unpacked Linux app with Debian's own dpkg-deb, laid out as
// electron-builder's deb target (fpm, FpmTarget.js) lays it out: the app in /opt/<productName>, the
// desktop entry and hicolor icons under /usr/share, the extra `deb.fpm` SOURCE=DEST files of
// electron-builder.yml, and afterInstall/afterRemove as postinst/postrm with electron-builder's macros
// filled in. electron-builder itself cannot build the .deb here: it downloads fpm first.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export interface DebOptions {
  /** The project electron-builder packed (package.json, electron-builder.yml, build/). */
  projectDir: string;
  /** electron-builder's `linux-unpacked` folder. */
  unpackedDir: string;
  /** Where the package tree is assembled; must not exist yet. */
  workDir: string;
  outFile: string;
}

/** A list under `key:` inside the top-level `section:` of electron-builder.yml (`    - item` lines). */
export function yamlList(yml: string, section: string, key: string): string[] {
  const block = new RegExp(`^${section}:\\n((?:[ #].*\\n|\\n)*)`, 'm').exec(yml)?.[1] ?? '';
  const list = new RegExp(`^  ${key}:\\n((?:    (?:- .*|#.*)\\n)*)`, 'm').exec(block)?.[1] ?? '';
  return [...list.matchAll(/^ {4}- (.*)$/gm)].map((m) => m[1]!.trim().replace(/^'(.*)'$/, '$1'));
}

/** A scalar `  key: value` inside the top-level `section:`. */
export function yamlValue(yml: string, section: string, key: string): string | undefined {
  const block = new RegExp(`^${section}:\\n((?:[ #].*\\n|\\n)*)`, 'm').exec(yml)?.[1] ?? '';
  return new RegExp(`^  ${key}: (.*)$`, 'm').exec(block)?.[1]?.trim();
}

export function buildDeb({ projectDir, unpackedDir, workDir, outFile }: DebOptions): void {
  const pkg = JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as {
    name: string;
    productName: string;
    version: string;
    description: string;
    homepage: string;
  };
  const yml = readFileSync(path.join(projectDir, 'electron-builder.yml'), 'utf8');
  const executable = yamlValue(yml, 'linux', 'executableName') ?? pkg.name;
  const maintainer = yamlValue(yml, 'linux', 'maintainer')!;
  const synopsis = yamlValue(yml, 'linux', 'synopsis')!;
  const productDir = pkg.productName; // electron-builder's sanitizedProductName for a plain name
  const root = workDir;

  // The app, as electron-builder's `${appOutDir}/=/opt/${sanitizedProductName}`.
  cpSync(unpackedDir, path.join(root, 'opt', productDir), { recursive: true, verbatimSymlinks: true });
  // Icons: build/icons/<size>x<size>.png → /usr/share/icons/hicolor/<size>x<size>/apps/<executable>.png
  const iconsDir = path.join(projectDir, 'build', yamlValue(yml, 'linux', 'icon') ?? 'icons');
  for (const icon of readdirSync(iconsDir)) {
    const to = path.join(root, 'usr/share/icons/hicolor', path.basename(icon, '.png'), 'apps');
    mkdirSync(to, { recursive: true });
    copyFileSync(path.join(iconsDir, icon), path.join(to, `${executable}.png`));
  }
  // The desktop entry electron-builder writes (LinuxTargetHelper.computeDesktopEntry), with our extras.
  mkdirSync(path.join(root, 'usr/share/applications'), { recursive: true });
  const category = yamlValue(yml, 'linux', 'category') ?? 'Utility';
  writeFileSync(
    path.join(root, 'usr/share/applications', `${executable}.desktop`),
    [
      '[Desktop Entry]',
      `Name=${pkg.productName}`,
      `Exec=/opt/${productDir}/${executable} %U`,
      'Terminal=false',
      'Type=Application',
      `Icon=${executable}`,
      `StartupWMClass=${executable}`,
      'Keywords=visitor;check-in;reception;kiosk;',
      'StartupNotify=false',
      `Comment=${synopsis}`,
      `Categories=${category};`,
      '',
    ].join('\n'),
  );
  // deb.fpm's SOURCE=DEST mappings (udev rules, autostart entry, copyright).
  const conffiles: string[] = [];
  for (const mapping of yamlList(yml, 'deb', 'fpm')) {
    const [source, dest] = mapping.split('=') as [string, string];
    mkdirSync(path.join(root, path.dirname(dest)), { recursive: true });
    copyFileSync(path.join(projectDir, source), path.join(root, dest));
    chmodSync(path.join(root, dest), 0o644);
    if (dest.startsWith('/etc/')) conffiles.push(dest); // fpm marks /etc files as conffiles for .deb
  }

  // Control files: the maintainer scripts with electron-builder's macros filled in.
  const debian = path.join(root, 'DEBIAN');
  mkdirSync(debian, { recursive: true });
  const macros: Record<string, string> = { executable, sanitizedProductName: productDir };
  for (const [key, file] of [
    ['afterInstall', 'postinst'],
    ['afterRemove', 'postrm'],
  ] as const) {
    const source = yamlValue(yml, 'deb', key)!;
    const text = readFileSync(path.join(projectDir, source), 'utf8').replace(
      /\$\{([a-zA-Z]+)\}/g,
      (_, name: string) => {
        if (!(name in macros)) throw new Error(`Macro ${name} is not defined (${source})`);
        return macros[name]!;
      },
    );
    writeFileSync(path.join(debian, file), text, { mode: 0o755 });
  }
  if (conffiles.length) writeFileSync(path.join(debian, 'conffiles'), `${conffiles.join('\n')}\n`);
  const installedKb = Math.ceil(du(root) / 1024);
  // linux.description, a folded (>-) block.
  const folded = /^linux:\n(?:.*\n)*? {2}description: >-\n((?: {4}.*\n)+)/m.exec(yml)?.[1];
  const body = (folded ?? pkg.description).replace(/\s+/g, ' ').trim();
  writeFileSync(
    path.join(debian, 'control'),
    [
      `Package: ${pkg.name}`,
      `Version: ${pkg.version}`,
      `Architecture: amd64`,
      `Maintainer: ${maintainer}`,
      `Installed-Size: ${installedKb}`,
      `Depends: ${yamlList(yml, 'deb', 'depends').join(', ')}`,
      `Section: ${yamlValue(yml, 'deb', 'packageCategory') ?? 'misc'}`,
      `Priority: ${yamlValue(yml, 'deb', 'priority') ?? 'optional'}`,
      `Homepage: ${pkg.homepage}`,
      `Description: ${synopsis}`,
      ...wrap(body).map((line) => ` ${line}`),
      '',
    ].join('\n'),
  );
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '-z1', '--build', root, outFile], {
    stdio: 'pipe',
  });
}

function du(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  return total;
}

function wrap(text: string, width = 78): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
