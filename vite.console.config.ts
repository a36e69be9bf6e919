import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console page the sync server serves at /console/ (src/console, docs/console.md): built into
// dist/console next to the station's renderer, with the same React tooling.
export default defineConfig({
  root: 'src/console',
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    sourcemap: true,
  },
});
