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
      // Not in `npm test` yet: packed from a fresh `npm ci`, electron-builder leaves serialport's scoped
      // dependencies (@serialport/*) out of app.asar and the afterPack check refuses the app; packed from an
      // older install it passes. Run it with `npm run test:packaging` until that is fixed (issue #17).
      ...(process.env.GATEHOUSE_PACKAGING_TESTS ? ['tests/packaging/**/*.test.ts'] : []),
    ],
    // Real SQLite files and child processes: give slow machines room, never a timing assertion.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
