import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'drivers/**/*.test.ts',
      'tests/unit/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/sync/**/*.test.ts',
      'tests/notify/**/*.test.ts',
      'tests/security/**/*.test.ts',
      'tests/chaos/**/*.test.ts',
      // Packs the app with electron-builder: `npm test` runs it once, through `npm run test:packaging`,
      // and not again 400 days ahead (a file's date inside a package says nothing about our code).
      ...(process.env.GATEHOUSE_PACKAGING_TESTS ? ['tests/packaging/**/*.test.ts'] : []),
    ],
    // Real SQLite files and child processes: give slow machines room, never a timing assertion.
    // The run's PostgreSQL cluster, started by the first test that needs it (tests/support/postgres.ts), and
    // the test programs that run as child processes, compiled once (tests/support/programs.ts).
    globalSetup: ['tests/support/postgres-global.ts', 'tests/support/programs-global.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
