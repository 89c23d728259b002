// @ts-check
/**
 * Mutation testing of the matching engine and the shared helpers against the fast unit tests
 * (test/unit/**, through vitest.unit.config.ts: no PostgreSQL). Run with `npm run test:mutation`;
 * it is slow (tens of minutes on two cores) and deliberately not part of `npm test`.
 * Reports: reports/mutation/mutation.html and mutation.json.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */

// Read by vitest.unit.config.ts in the test runner processes, which inherit it.
process.env.STRYKER_RUN = '1';

export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  // Threads start faster than forks (the solver-pool test, which wants the main thread, is left
  // out of the mutation run: see vitest.unit.config.ts). `related` off: perTest coverage already
  // tells which tests to run for each mutant.
  vitest: { configFile: 'vitest.unit.config.ts', pool: 'threads', related: false },
  mutate: [
    'src/matching/**/*.ts',
    'src/common/**/*.ts',
    // Worker-thread code. Stryker switches mutants on through a global of the test's thread, which a
    // solver thread never sees, so mutants there could only survive; and mutants of the pool's
    // start-up (e.g. `i -= 1` in the loop that starts threads) spawn threads without end. The pool
    // is covered by test/unit/matching/solver-pool.test.ts; the worker entry is a thin shell
    // around solve-model.ts, which is mutated (it also runs on the calling thread).
    '!src/matching/solve-worker-main.ts',
    '!src/matching/solver-pool.ts',
    // Covered by the integration tests against a real PostgreSQL (the project uses no mocks of the
    // database, so no unit test can reach them): the mutation runner and keyset pagination.
    '!src/common/mutation.ts',
    '!src/common/connection.ts',
  ],
  coverageAnalysis: 'perTest',
  // Two cores, shared with other work: one test runner at a time.
  concurrency: 1,
  // A mutant times out after timeoutFactor × its tests' dry-run time + timeoutMS.
  timeoutMS: 15_000,
  timeoutFactor: 2,
  // Reuses the previous run's results for mutants whose code and tests did not change
  // (reports/stryker-incremental.json); `npm run test:mutation -- --force` tests them all again.
  incremental: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // Only what the unit tests need goes into the sandbox.
  ignorePatterns: ['.huzhu', 'dist', 'coverage', 'reports', 'test/integration', 'test/e2e', 'test/bench', '*.log'],
  thresholds: { high: 80, low: 60, break: null },
};
