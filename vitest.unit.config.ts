import { createRequire } from 'node:module';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Test files that run the whole engine (a solver pool, HiGHS) or import the whole schema, and
 * after them those that take seconds (many solves, or solver threads).
 */
const LATER = [
  ['test/unit/matching/engine.test.ts', 'test/unit/matching/engine-prepare.test.ts', 'test/unit/schema-sdl.test.ts'],
  ['test/unit/matching/optimality.test.ts', 'test/unit/matching/solver-pool.test.ts'],
];

/**
 * Quick files first, slower ones later. The mutation run stops a mutant's tests at the first
 * failure, so this order lets most mutants die in a second instead of after the slow files.
 */
class QuickFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) =>
      1 + LATER.findIndex((paths) => paths.some((path) => file.moduleId.endsWith(path)));
    return [...files].sort(
      (a, b) => rank(a) - rank(b) || (a.moduleId < b.moduleId ? -1 : a.moduleId > b.moduleId ? 1 : 0),
    );
  }
}

/**
 * The fast unit tests only (test/unit/**): no PostgreSQL, no globalSetup. Used by the mutation
 * run (`npm run test:mutation`, stryker.config.mjs); `npm test` still runs everything through
 * vitest.config.ts.
 */
export default defineConfig({
  resolve: {
    // As in vitest.config.ts: graphql 16 ships CJS and ESM copies, and type-graphql loads the CJS one.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/unit/**/*.test.ts'],
    // The mutation run leaves out the solver-pool test (STRYKER_RUN is set in stryker.config.mjs): the
    // pool is not mutated, and what that test checks happens on solver threads, where mutants are off.
    exclude: process.env.STRYKER_RUN ? ['test/unit/matching/solver-pool.test.ts'] : [],
    testTimeout: 60_000,
    sequence: { sequencer: QuickFirst },
  },
});
