import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One graphql module instance: graphql ships both .mjs and .js, and mixing them breaks instanceof checks.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/security/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
