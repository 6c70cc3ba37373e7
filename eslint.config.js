// Lint: typescript-eslint's recommended rules, React hooks rules, and the layer rules
// of the README: code the CLI and tests load never imports 'electron' (it throws in
// plain Node where the binary is missing); the renderer never imports Node-side code
// except as types.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeLayers = ['shared/**/*.ts', 'db/**/*.ts', 'service/**/*.ts', 'cli/**/*.ts', 'preview/**/*.ts', 'print/**/*.ts', 'print/**/*.tsx'];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/e2e/artifacts/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: nodeLayers,
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/ may import electron: the CLI and tests run in plain Node.' }] }],
    },
  },
  {
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/db/**', '**/service/**', '**/cli/**', '**/electron/**', '**/preview/**', 'node:*', 'knex', 'sqlite3'], allowTypeImports: true, message: 'The renderer reaches the journal only through window.journal; import Node-side modules as types only.' }],
      }],
    },
  },
  {
    files: ['bin/**/*.cjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
