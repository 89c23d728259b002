import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lint step (`npm run lint`, part of `npm test`) must be able to fail: it refuses an import
 * cycle and a feature module imported by src/common, src/events or src/matching. The planted
 * files live in test/harness/fixtures/lint, which the normal run ignores.
 */
const root = path.resolve(import.meta.dirname, '../..');

async function lint(files: string[]): Promise<string[]> {
  const eslint = new ESLint({ cwd: root, ignore: false });
  const results = await eslint.lintFiles(files);
  return results.flatMap((result) =>
    result.messages.map((message) => `${path.relative(root, result.filePath)}: ${message.ruleId}`),
  );
}

describe('the lint step', () => {
  it('refuses a planted import cycle', async () => {
    const messages = await lint(['test/harness/fixtures/lint/cycle-a.ts', 'test/harness/fixtures/lint/cycle-b.ts']);
    expect(messages).toEqual([
      'test/harness/fixtures/lint/cycle-a.ts: import-x/no-cycle',
      'test/harness/fixtures/lint/cycle-b.ts: import-x/no-cycle',
    ]);
  });

  it('refuses a feature module imported from src/common, src/events or src/matching, and nowhere else', async () => {
    const eslint = new ESLint({ cwd: root });
    const code = "import { Need } from '../modules/need/need.entity.ts';\n\nexport const planted = Need;\n";
    for (const file of ['src/common/planted.ts', 'src/events/planted.ts', 'src/matching/planted.ts']) {
      const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
      expect(
        result.messages.map((m) => m.ruleId),
        file,
      ).toEqual(['no-restricted-imports']);
    }
    const [allowed] = await eslint.lintText(code, { filePath: path.join(root, 'src/jobs/planted.ts') });
    expect(allowed.messages).toEqual([]);
  });
});
