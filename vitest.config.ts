import { defineConfig } from 'vitest/config';

// Tests import workspace packages by name; the `source` export condition points them at `src/`,
// so a unit test never runs against a stale `dist/`. End-to-end tests spawn the built CLI instead.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
