import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// The Electron side, in two builds (`npm run build:electron` runs both):
// - main (default mode): src/main/electron/main.ts → dist-electron/main.js, ESM like the rest of the
//   project ("type": "module"). electron, Node built-ins and every runtime dependency stay external, so
//   the native modules (better-sqlite3-multiple-ciphers, serialport, node-hid) load from node_modules as under Node.
// - preload (--mode preload): src/preload/index.ts → dist-electron/preload.cjs, CommonJS because a
//   sandboxed preload cannot load ES modules; its only require is 'electron'.
const external = [
  'electron',
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(pkg.dependencies),
].map((name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/.*)?$`));

export default defineConfig(({ mode }) =>
  mode === 'preload'
    ? {
        build: {
          outDir: 'dist-electron',
          emptyOutDir: false,
          target: 'node22',
          minify: false,
          sourcemap: true,
          lib: { entry: 'src/preload/index.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
          rollupOptions: { external: ['electron'] },
        },
      }
    : {
        build: {
          outDir: 'dist-electron',
          emptyOutDir: true,
          target: 'node22',
          minify: false,
          sourcemap: true,
          ssr: 'src/main/electron/main.ts',
          rollupOptions: { external, output: { format: 'es', entryFileNames: 'main.js' } },
        },
      },
);
