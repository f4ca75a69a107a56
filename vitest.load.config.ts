import { defineConfig } from 'vitest/config';

/**
 * Timing-sensitive suites (`npm run test:load`): latency ratios and timer accuracy, one file at a
 * time so no other test file competes for the 2 cores while they measure. `.ci/run` runs them after
 * `npm test`.
 */
export default defineConfig({
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/load/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
