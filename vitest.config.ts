import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS and ESM copies; Node (and so type-graphql) loads the CJS one, so our
    // own imports must too, or the schema mixes two "graphql" realms.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // HUZHU_TEST_FIXTURE runs one of the harness's own deliberately broken files (test/harness/),
    // which the normal run never includes: the harness test uses it to prove that `npm test` fails.
    include: process.env.HUZHU_TEST_FIXTURE ? [process.env.HUZHU_TEST_FIXTURE] : ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Two cores: two files at a time, each with its own database on one shared PostgreSQL.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
