// Lint keeps the process boundaries of ARCHITECTURE.md true: each folder may import only what can run
// where that folder runs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const electronOnlyInShell = {
  name: 'electron',
  message: 'Only src/main/electron may import electron; everything else must run under plain Node.',
};
// Node's built-in modules, with or without the node: prefix, for code that runs in a browser or sandbox.
const NO_NODE = 'No Node built-ins here: this code runs in a browser, a sandbox or every process.';
const nodeBuiltinPaths = builtinModules.map((name) => ({ name, message: NO_NODE }));
const nodeBuiltins = { group: ['node:*'], message: NO_NODE };
const noReactOrElectron = [
  { name: 'electron', message: 'Drivers run under plain Node: no Electron.' },
  { name: 'react', message: 'Drivers have no UI: no React.' },
  { name: 'react-dom', message: 'Drivers have no UI: no React.' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'dist-electron',
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
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }],
    },
  },
  {
    files: ['src/main/electron/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The preload runs sandboxed: it may use electron's contextBridge/ipcRenderer and nothing of ours.
    files: ['src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { paths: nodeBuiltinPaths, patterns: [nodeBuiltins] }] },
  },
  {
    // The contract is shared by every process: nothing environment-specific.
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronOnlyInShell,
            { name: 'react', message: 'src/shared is environment-free.' },
            ...nodeBuiltinPaths,
          ],
          patterns: [
            nodeBuiltins,
            {
              group: [
                '**/main/**',
                '**/renderer/**',
                '**/db/**',
                '**/server/**',
                '**/preload/**',
                '**/drivers/**',
              ],
              message: 'src/shared imports only src/shared.',
            },
            {
              group: [
                'better-sqlite3',
                'drizzle-orm',
                'drizzle-orm/*',
                'fastify',
                'ws',
                'serialport',
                'node-hid',
              ],
              message: 'src/shared is environment-free.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell, ...nodeBuiltinPaths],
          patterns: [
            nodeBuiltins,
            {
              group: ['**/main/**', '**/db/**', '**/server/**', '**/drivers/**', '**/preload/**'],
              message: 'The renderer talks to the station only through the typed client (src/renderer/api).',
            },
            {
              group: [
                'better-sqlite3',
                'drizzle-orm',
                'drizzle-orm/*',
                'fastify',
                'serialport',
                'node-hid',
                'pdfkit',
              ],
              message: 'No Node-only packages in the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['drivers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: noReactOrElectron,
          patterns: [{ group: ['**/renderer/**', '**/main/electron/**'], message: 'Drivers stand alone.' }],
        },
      ],
    },
  },
);
