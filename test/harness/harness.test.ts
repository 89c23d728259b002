import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface ChildRun {
  code: number | null;
  output: string;
}

/** The README's test command, run as CI runs it, on one of the deliberately broken fixtures. */
function npmTest(fixture: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['test'], {
      cwd: root,
      env: { ...process.env, HUZHU_TEST_FIXTURE: `test/harness/fixtures/${fixture}`, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function summaryLine(output: string): string {
  const line = output.split('\n').find((text) => text.startsWith('Tests: '));
  if (!line) throw new Error(`no summary line in:\n${output}`);
  return line;
}

// Each child runs the whole of `npm test` (tsc, incremental after the first, then vitest on one
// file), one after another: generous timeouts, since the machine may be busy with other files.
describe('npm test, on files that must fail it', { timeout: 300_000 }, () => {
  it('exits 0 and says PASSED for a passing file (so the other verdicts mean something)', async () => {
    const run = await npmTest('passing.fixture.ts');
    expect(summaryLine(run.output)).toBe(
      'Tests: 1 passed, 0 failed, 0 skipped; errors outside tests: 0 in hooks or files, 0 unhandled; PASSED',
    );
    expect(run.code).toBe(0);
  });

  it('exits non-zero when a test fails, and counts it', async () => {
    const run = await npmTest('failing-test.fixture.ts');
    expect(summaryLine(run.output)).toBe(
      'Tests: 1 passed, 1 failed, 0 skipped; errors outside tests: 0 in hooks or files, 0 unhandled; FAILED',
    );
    expect(run.code).not.toBe(0);
  });

  it('exits non-zero when afterAll throws, and counts the hook', async () => {
    const run = await npmTest('throwing-after-all.fixture.ts');
    expect(summaryLine(run.output)).toBe(
      'Tests: 1 passed, 0 failed, 0 skipped; errors outside tests: 1 in hooks or files, 0 unhandled; FAILED',
    );
    expect(run.code).not.toBe(0);
  });

  it('exits non-zero when beforeAll throws, and counts the hook', async () => {
    const run = await npmTest('throwing-before-all.fixture.ts');
    expect(summaryLine(run.output)).toMatch(
      /^Tests: 0 passed, 0 failed, 1 skipped; errors outside tests: 1 in hooks or files, 0 unhandled; FAILED$/,
    );
    expect(run.code).not.toBe(0);
  });

  it('exits non-zero on an unhandled rejection, and counts it', async () => {
    const run = await npmTest('unhandled-rejection.fixture.ts');
    expect(summaryLine(run.output)).toBe(
      'Tests: 1 passed, 0 failed, 0 skipped; errors outside tests: 0 in hooks or files, 1 unhandled; FAILED',
    );
    expect(run.code).not.toBe(0);
  });
});
