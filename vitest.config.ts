import { configDefaults, defineConfig } from 'vitest/config';

// Test tiers by file suffix (DESIGN.md §6.8), one vitest project each, each with only the global setup it needs:
//   unit      *.test.ts           pure: no global setup at all (`npm run test:unit`, seconds)
//   db        *.db.test.ts        PGlite and PostgreSQL templates, plus the Temporal dev server (the gateway
//                                 suites connect a Temporal client; /healthz pings it)
//   temporal  *.temporal.test.ts  database templates and the Temporal dev server
//   e2e       *.e2e.test.ts       the built product: web build, database templates, Temporal (CLI and HTTP,
//                                 Chromium under test/web/, the bundle-size budget of the build)
// `vitest run` runs every project; `--project <name>` one. A resource asked for by several projects (the dev
// server, the templates, the web build) is prepared once per run (test/support/global-setup/shared.ts).
const SETUP = {
  web: 'test/support/global-setup/web.ts',
  databases: 'test/support/global-setup/databases.ts',
  temporal: 'test/support/global-setup/temporal.ts',
};
const TIER_SUFFIXES = ['db', 'temporal', 'e2e'] as const;
const tier = (suffix: (typeof TIER_SUFFIXES)[number]) => `test/**/*.${suffix}.test.ts`;

const common = { pool: 'forks', testTimeout: 30_000, hookTimeout: 120_000 } as const;

export default defineConfig({
  test: {
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        test: {
          ...common,
          name: 'unit',
          // Pure tests share a worker process between files: each worker imports the libraries once (googleapis,
          // twilio, ESLint, the Temporal worker) instead of once per file, which halves the tier's time. A
          // test that changes global state (a spy, an env var, a global) restores it itself.
          isolate: false,
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...TIER_SUFFIXES.map(tier)],
        },
      },
      { test: { ...common, name: 'db', include: [tier('db')], globalSetup: [SETUP.databases, SETUP.temporal] } },
      { test: { ...common, name: 'temporal', include: [tier('temporal')], globalSetup: [SETUP.databases, SETUP.temporal] } },
      { test: { ...common, name: 'e2e', include: [tier('e2e')], globalSetup: [SETUP.web, SETUP.databases, SETUP.temporal] } },
    ],
  },
});
