// Lint: typescript-eslint's recommended rules, React hooks rules, and the layers of the
// README's picture ("How it is built"):
//
//   shared ← db ← print ← service ← cli / preview / electron        renderer: types only
//
// A folder imports only the layers its arrows reach: shared/ nothing (and nothing of Node,
// it runs anywhere), db/ shared, print/ db and shared, service/ print, db and shared, the
// three hosts (cli/, preview/, electron/) service and below but not one another. Only
// electron/ imports 'electron' (it throws in plain Node where the binary is missing). The
// renderer imports values only from shared/ and Node-side code as types only.
// tests/unit/layers.test.ts lints wrong-way imports and expects these errors.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const PICTURE = 'shared ← db ← print ← service ← cli / preview / electron';

/** Each Node-side folder and the folders it may import (besides itself). */
const LAYERS = {
  shared: [],
  db: ['shared'],
  print: ['db', 'shared'],
  service: ['print', 'db', 'shared'],
  cli: ['service', 'print', 'db', 'shared'],
  preview: ['service', 'print', 'db', 'shared'],
  electron: ['service', 'print', 'db', 'shared'],
};
const FOLDERS = [...Object.keys(LAYERS), 'renderer'];

/**
 * ESLint matches an import by its text, not by where it leads, so the rules are written per
 * depth: a file d folders below the project root reaches the root with exactly d '../'.
 * `db/sync/pull.ts` (depth 2) reaches service/ by '../../service/…'; '../print/…' from
 * renderer/src/screens/ stays in the renderer. Depths up to MAX_DEPTH are covered.
 */
const MAX_DEPTH = 8;
const DEPTHS = Array.from({ length: MAX_DEPTH }, (_, i) => i + 1);
const sourcesAt = (folder, depth) => ['ts', 'tsx'].map((ext) => `${folder}/${'*/'.repeat(depth - 1)}*.${ext}`);
/** An import specifier that climbs from depth `depth` to the root and into `folder`. */
const reaches = (folder, depth) => `^(\\.\\./){${depth}}${folder}(/|$)`;
/** The same for import(): a selector of an import expression whose source reaches `folder`. */
const dynamicImportOf = (folder, depth) => `ImportExpression[source.value=/^(\\.\\.\\u002F){${depth}}${folder}(\\u002F|$)/]`;

const NODE_BUILTINS = [...new Set(builtinModules.flatMap((m) => (m.startsWith('node:') ? [m] : [m, `node:${m}`])))];
const NODE_GLOBALS = ['Buffer', 'process', 'require', 'module', '__dirname', '__filename', 'global', 'setImmediate'];
const NO_NODE = 'shared/ runs anywhere (the renderer too): no Node modules or globals.';
const ELECTRON_ONLY = { name: 'electron', message: 'Only electron/ may import electron: the CLI and tests run in plain Node.' };

const layerMessage = (folder, f) => `Layers (README, "How it is built": ${PICTURE}): ${folder}/ must not import ${f}/; `
  + `${folder}/ imports ${LAYERS[folder].length ? LAYERS[folder].map((l) => `${l}/`).join(', ') : 'no other layer'}.`;

function layerRules(folder, depth) {
  const forbidden = FOLDERS.filter((f) => f !== folder && !LAYERS[folder].includes(f));
  const isShared = folder === 'shared';
  const paths = folder === 'electron' ? [] : [ELECTRON_ONLY];
  if (isShared) paths.push(...NODE_BUILTINS.map((name) => ({ name, message: NO_NODE })));
  return {
    files: sourcesAt(folder, depth),
    rules: {
      'no-restricted-imports': ['error', {
        paths,
        patterns: [
          ...forbidden.map((f) => ({ regex: reaches(f, depth), message: layerMessage(folder, f) })),
          ...(isShared ? [{ group: ['knex', 'sqlite3'], message: NO_NODE }] : []),
        ],
      }],
      'no-restricted-syntax': ['error', ...forbidden.map((f) => ({ selector: dynamicImportOf(f, depth), message: layerMessage(folder, f) }))],
      ...(isShared ? { 'no-restricted-globals': ['error', ...NODE_GLOBALS.map((name) => ({ name, message: NO_NODE }))] } : {}),
    },
  };
}

const NODE_SIDE = ['db', 'print', 'service', 'cli', 'preview', 'electron'];
const RENDERER_MESSAGE = `Layers (README, "How it is built": ${PICTURE}): the renderer reaches the journal only through window.journal; `
  + 'it imports values only from shared/ and Node-side modules as types only.';

/** renderer/src/ (its build config, renderer/vite.config.ts, runs in Node). */
function rendererRules(depth) {
  return {
    files: ['ts', 'tsx'].map((ext) => `renderer/src/${'*/'.repeat(depth - 2)}*.${ext}`),
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer is a sandboxed page: no electron.' }],
        patterns: [
          ...NODE_SIDE.map((f) => ({ regex: reaches(f, depth), allowTypeImports: true, message: RENDERER_MESSAGE })),
          { group: ['node:*', 'knex', 'sqlite3'], allowTypeImports: true, message: RENDERER_MESSAGE },
        ],
      }],
      'no-restricted-syntax': ['error', ...NODE_SIDE.map((f) => ({ selector: dynamicImportOf(f, depth), message: RENDERER_MESSAGE }))],
    },
  };
}

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
  ...Object.keys(LAYERS).flatMap((folder) => DEPTHS.map((depth) => layerRules(folder, depth))),
  ...DEPTHS.filter((depth) => depth >= 2).map(rendererRules),
  {
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    files: ['bin/**/*.cjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
