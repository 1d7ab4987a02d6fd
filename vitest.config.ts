import { defineConfig } from 'vitest/config';

// Test tiers by suffix (DESIGN.md §6.8): *.test.ts pure, *.db.test.ts on PGlite and PostgreSQL,
// *.temporal.test.ts on a real dev server, *.e2e.test.ts through HTTP (and later Chromium).
// One Temporal dev server and the migrated database templates are prepared once in global setup.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
