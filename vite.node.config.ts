import { cpSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };

// The Node programs for production (`npm run build:node`): the station web host (src/main/web/cli.ts),
// the sync server (src/server/cli.ts) and the devices tool (src/main/hardware/cli.ts) compiled to
// JavaScript in dist-node/, so the browser-kiosk .deb, the server's Docker image and its systemd unit run
// plain `node` with no TypeScript runner. One JavaScript file per source file, in the sources' own layout
// (dist-node/src/server/cli.js …): the paths the code finds at run time relative to itself
// (`new URL('./db/migrations', import.meta.url)`, `../../../dist/renderer`) stay true, and the migration
// folders are copied next to the code that reads them. Node built-ins and every runtime dependency stay
// external, so native modules load from node_modules as under tsx.
const ENTRIES = ['src/main/web/cli.ts', 'src/server/cli.ts', 'src/main/hardware/cli.ts'];

/** Folders of files read at run time, not imported: copied as they are. */
const RUNTIME_FOLDERS = ['src/db/migrations', 'src/server/db/migrations', 'src/server/db/pg-migrations'];

const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(pkg.dependencies),
].map((name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/.*)?$`));

function copyRuntimeFolders(): Plugin {
  let outDir = '';
  return {
    name: 'gatehouse-runtime-folders',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      for (const folder of RUNTIME_FOLDERS) {
        if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory() || !readdirSync(folder).length)
          throw new Error(`${folder} is missing: the programs read it at run time`);
        cpSync(folder, path.join(outDir, folder), { recursive: true });
      }
    },
  };
}

/** dist-node, or where a packaging step asks (the kiosk .deb, the deploy test). */
const outDir = process.env.GATEHOUSE_NODE_OUT ?? 'dist-node';

export default defineConfig({
  plugins: [copyRuntimeFolders()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    ssr: true,
    rollupOptions: {
      input: ENTRIES,
      external,
      output: {
        format: 'es',
        preserveModules: true,
        preserveModulesRoot: '.',
        entryFileNames: '[name].js',
      },
    },
  },
});
