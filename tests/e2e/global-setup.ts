// The browser tests drive the built renderer; say so plainly when it has not been built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function globalSetup() {
  const index = fileURLToPath(new URL('../../dist/renderer/index.html', import.meta.url));
  if (!existsSync(index)) {
    throw new Error(
      'The renderer has not been built: run `npx vite build` (npm test does it) before `playwright test`.',
    );
  }
}
