// Lint keeps the process boundaries of ARCHITECTURE.md true: each folder may import only what can run
// where that folder runs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';
import path from 'node:path';

// THE LAYER TABLE: one row per folder of the README's folder table. A file belongs to the row of the
// longest folder that contains it. `internal` lists the folders (or single files) of this repository it
// may import, `packages` the npm packages ('node:' stands for Node's built-in modules). Test files (*.test.ts) may
// also use test tools and tests/support, but not cross a folder boundary.
const BROWSER_SAFE = [
  'zod',
  'canonicalize',
  'papaparse',
  '@zxing/library',
  'zxing-wasm',
  'uuidv7',
  'mrz',
  'aamva-parser',
];
export const LAYERS = [
  {
    folder: 'src/shared',
    internal: ['src/shared'],
    packages: BROWSER_SAFE,
    why: 'the contract runs in every process, browsers included: nothing environment-specific.',
  },
  {
    folder: 'src/db',
    internal: ['src/db', 'src/shared', 'src/node'],
    packages: [...BROWSER_SAFE, 'node:', 'better-sqlite3', 'drizzle-orm'],
    why: 'the database layer sits below the station core and knows nothing of it.',
  },
  {
    folder: 'src/main',
    // src/preload/channels.ts: the names of the IPC channels, shared by both ends of the one IPC link.
    // Of src/db only the repositories and the opening of the file: no drizzle-orm, no schema.
    internal: [
      'src/main',
      'src/db/repos',
      'src/db/open',
      'src/shared',
      'src/node',
      'drivers',
      'src/preload/channels',
      'src/cli',
      'package.json',
    ],
    packages: [
      ...BROWSER_SAFE,
      'node:',
      'luxon',
      'pdfkit',
      'fontkit',
      'serialport',
      'fastify',
      '@fastify/static',
      '@fastify/websocket',
      'ws',
      // Screening: transliteration of every script and Double Metaphone (plain JavaScript, no native code).
      'any-ascii',
      'double-metaphone',
      // Operations (docs/operations.md): Prometheus figures and the pino logger.
      'prom-client',
      'pino',
    ],
    why: 'the station core runs under plain Node (only src/main/electron may import electron) and reaches the database through src/db/repos.',
  },
  {
    folder: 'src/main/electron',
    internal: [
      'src/main',
      'src/db',
      'src/shared',
      'src/node',
      'drivers',
      'src/preload/channels',
      'package.json',
    ],
    packages: [...BROWSER_SAFE, 'node:', 'electron', 'electron-updater'],
    why: 'the Electron shell: window, IPC, printing, updater.',
  },
  {
    folder: 'src/preload',
    internal: ['src/preload'],
    packages: ['electron'],
    why: 'the preload runs sandboxed: electron’s contextBridge and ipcRenderer, nothing else.',
  },
  {
    folder: 'src/renderer',
    internal: ['src/renderer', 'src/shared'],
    packages: [
      ...BROWSER_SAFE,
      'react',
      'react-dom',
      'react-router-dom',
      'i18next',
      'react-i18next',
      // The kiosk's on-screen keyboard and its per-language layouts (src/renderer/components/OnScreenKeyboard.tsx).
      'react-simple-keyboard',
      'simple-keyboard-layouts',
    ],
    why: 'the screen runs in a browser and talks to the station only through the typed client (src/renderer/api).',
  },
  {
    folder: 'src/console',
    // The station screen's own QR component (one QR writer), language switch (keys language.*) and
    // i18next set-up.
    internal: [
      'src/console',
      'src/shared',
      'src/renderer/components/QrCode',
      'src/renderer/components/LanguageSwitch',
      'src/renderer/i18n/setup',
    ],
    packages: [...BROWSER_SAFE, 'react', 'react-dom', 'i18next', 'react-i18next'],
    why: 'the console page runs in an administrator’s browser and talks to the sync server only through /console/api.',
  },
  {
    folder: 'src/server',
    internal: ['src/server', 'src/shared', 'src/node', 'src/cli'],
    packages: [
      ...BROWSER_SAFE,
      'node:',
      'better-sqlite3',
      'pg',
      'drizzle-orm',
      'fastify',
      '@fastify/static',
      '@fastify/websocket',
      'ws',
      'nodemailer',
      'pngjs',
      'prom-client',
      // Site-local days and hours for the console's reports.
      'luxon',
    ],
    why: 'the sync server is its own program: it shares only the contract with the station.',
  },
  {
    folder: 'src/node',
    internal: ['src/node', 'src/shared'],
    // The SQLCipher binding (aliased better-sqlite3): both programs' SQLite files are keyed in one place.
    // luxon, pdfkit, fontkit: the site's local times and the PDF reports both programs make.
    packages: [...BROWSER_SAFE, 'node:', 'better-sqlite3', 'luxon', 'pdfkit', 'fontkit'],
    why: 'what the station core and the sync server share under Node (secret hashing, sign-in throttles, SQLCipher files, site times, PDF reports): Node only, nothing of either program.',
  },
  {
    folder: 'src/cli',
    internal: ['src/cli', 'src/shared', 'package.json'],
    packages: ['node:', 'zod', 'pino'],
    why: 'what every command line shares (parsing, --help, --version, exit codes): Node only, below its programs.',
  },
  {
    folder: 'drivers',
    internal: ['drivers', 'src/shared'],
    packages: [...BROWSER_SAFE, 'node:', 'serialport', 'node-hid'],
    why: 'drivers run under plain Node and stand alone: no React, no Electron, nothing of the station core.',
  },
];
const TEST_FILE = /\.test\.tsx?$/;
const TEST_INTERNAL = ['tests/support'];

const packageOf = (spec) =>
  spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])
    ? 'node:'
    : spec.startsWith('@')
      ? spec.split('/').slice(0, 2).join('/')
      : spec.split('/')[0];
const within = (file, entry) =>
  file === entry || file.replace(/\.tsx?$/, '') === entry || file.startsWith(`${entry}/`);
const rowOf = (file) =>
  LAYERS.filter((row) => within(file, row.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];

/** gatehouse/layers: every import of a file must be allowed by its row of LAYERS. */
const layersRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const cwd = context.cwd;
    const file = path.relative(cwd, context.filename).split(path.sep).join('/');
    const row = rowOf(file);
    if (!row) return {};
    const isTest = TEST_FILE.test(file);
    const { internal, packages } = row;
    const check = (node) => {
      const spec = node?.value;
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const target = path
          .relative(cwd, path.resolve(path.dirname(context.filename), spec))
          .split(path.sep)
          .join('/');
        const allowed = [...internal, ...(isTest ? TEST_INTERNAL : [])];
        if (!allowed.some((entry) => within(target, entry))) {
          context.report({
            node,
            message: `${row.folder} may import only ${row.internal.join(', ')}, not ${target}: ${row.why}`,
          });
        }
        return;
      }
      const pkg = packageOf(spec);
      if (isTest || packages.includes(pkg)) return;
      context.report({
        node,
        message:
          pkg === 'node:'
            ? `No Node built-ins in ${row.folder} ('${spec}'): ${row.why}`
            : `${row.folder} may not use the package '${pkg}' (allowed: ${row.packages.join(', ')}): ${row.why}`,
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source),
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-electron',
      'dist-node',
      'release',
      'test-results',
      'playwright-report',
      '.electron-native',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { gatehouse: { rules: { layers: layersRule } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'gatehouse/layers': 'error',
    },
  },
  {
    // Outside the folders of the table (tests, bench, scripts) only the one rule that matters everywhere.
    ignores: LAYERS.map((row) => `${row.folder}/**`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only src/main/electron may import electron; everything else must run under plain Node.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**', 'src/console/**'],
    languageOptions: { globals: { ...globals.browser } },
    // A hook after an early return crashes a screen only on the render that takes the other branch.
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error' },
  },
);
