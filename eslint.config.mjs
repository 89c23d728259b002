// Lint: typescript-eslint's recommended rules, no import cycles, and the layering the
// architecture promises: src/common, src/events and src/matching import no feature module
// (src/modules/**). Run by `npm test` (see package.json "lint").
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'reports/**',
      '.stryker-tmp/**',
      '.huzhu/**',
      'scratch/**',
      'coverage/**',
      'test/harness/fixtures/lint/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.mjs', '.js'] },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Decorated classes and `as never` casts in tests are the house style; `any` only in tests.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'no-empty': ['error', { allowEmptyCatch: false }],
      // A handler may read a variable that is assigned once, after the handler is made.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['src/common/**/*.ts', 'src/events/**/*.ts', 'src/matching/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/modules/**'],
              message: 'src/common, src/events and src/matching import no feature module (see ARCHITECTURE: layering).',
            },
          ],
        },
      ],
    },
  },
);
