import { defineConfig } from 'vitest/config';

/**
 * The fault survey (`npm run test:fault`): each file injects one fault into a running Compass (a
 * database restart, a saturated pool, a killed worker, a dying target, a Kubernetes API outage, a
 * connection killed mid-import, the event listener's connection killed, clients vanishing) and
 * asserts that it is reported truthfully and survived without a restart. One file at a time: the
 * faults stop processes and kill connections. `.ci/run` runs it after `npm test`.
 */
export default defineConfig({
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/fault/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
