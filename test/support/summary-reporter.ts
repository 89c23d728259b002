import type { Reporter, SerializedError, TestModule, TestRunEndReason } from 'vitest/node';

/**
 * Ends the run with one plain line that any CI can read and that agrees with vitest's own
 * verdict: failed tests, plus every error outside a test (a throwing hook, a file that failed to
 * load, an unhandled error or rejection), each counted on its own.
 */
export function summarise(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError>,
  reason: TestRunEndReason,
): string {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let suiteErrors = 0;
  for (const module of testModules) {
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') passed += 1;
      else if (state === 'failed') failed += 1;
      else skipped += 1;
    }
    // Errors of a file or suite themselves: a throwing beforeAll/afterAll, a failed import.
    suiteErrors += module.errors().length;
    for (const suite of module.children.allSuites()) suiteErrors += suite.errors().length;
    if (module.state() === 'failed' && failed === 0 && suiteErrors === 0) suiteErrors += 1;
  }
  const verdict =
    reason === 'passed' && failed === 0 && suiteErrors === 0 && unhandledErrors.length === 0 ? 'PASSED' : 'FAILED';
  return (
    `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped; ` +
    `errors outside tests: ${suiteErrors} in hooks or files, ${unhandledErrors.length} unhandled; ${verdict}`
  );
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    process.stdout.write(`\n${summarise(testModules, unhandledErrors, reason)}\n`);
  }
}
