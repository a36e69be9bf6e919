// Browser tests. 'chromium' drives Debian's Chromium (through playwright-core's browser API) against a
// fresh in-process station and web host per test (tests/e2e/fixtures.ts). 'electron' drives the real
// app where its binary exists (tests/electron). Both need the renderer built: `npx vite build`.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: false,
  // Two shared cores: one browser at a time keeps the machine usable for everyone.
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testDir: 'tests/e2e',
      use: {
        browserName: 'chromium',
        headless: true,
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
          ],
        },
      },
    },
    {
      name: 'electron',
      testDir: 'tests/electron',
    },
  ],
});
