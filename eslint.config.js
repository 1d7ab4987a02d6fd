// @ts-check
/**
 * Lint and layer rules (issue #14), run by `npm run lint` and as part of `npm test`.
 *
 * Layers (ARCHITECTURE.md), enforced on value imports — `import type` may cross any line:
 * - workflows/ run in Temporal's deterministic sandbox: they import only @temporalio/workflow (and
 *   @temporalio/common), other workflow files, and the pure modules of src/domain (plus src/errors.ts and
 *   the search-attribute keys). Anything with I/O or a clock of its own would break replay.
 * - src/domain/ is pure: no database, network, file system, Temporal or HTTP framework, and none of the
 *   adapter folders (db, gateway, use-cases, calendar-connectors, transports, outbound, temporal, roles).
 * - SQL lives in src/db/: no Kysely query building (selectFrom / insertInto / updateTable / deleteFrom)
 *   and no `sql` tag anywhere else in production code. Tests may seed with SQL.
 *
 * Lines: Prettier formats at 160 columns (`.prettierrc.json`; a wide screen shows two files side by side at
 * that width, and the code base was written to it); comments, which Prettier does not wrap, at 120, so
 * prose stays readable. Checked by `max-len` below and `prettier --check` in `npm run lint`.
 *
 * Size: at most 500 code lines per production file (blank lines and comments not counted) — a file one
 * reads in one sitting and that has one job; long ones (the CalDAV and Graph connectors) are split into
 * client / mapper / errors instead of growing. Tests and fakes may run to 1,000.
 */
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const PRODUCTION = ['src/**/*.ts', 'activities/**/*.ts', 'workflows/**/*.ts', 'web/src/**/*.{ts,tsx}'];
const IO_PACKAGES =
  '^(kysely|pg|fastify|@fastify/.*|@temporalio/(client|worker|activity|testing)|undici|googleapis|@microsoft/.*|twilio|@sendgrid/.*|nodemailer|smtp-server|mailparser|mailauth|@electric-sql/.*|ioredis|redis|pino|node:(fs|net|http|https|http2|dns|child_process|os|stream|tls|dgram|worker_threads)(/.*)?)$';
const QUERY_BUILDING = 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|mergeInto)$/]';

export default tseslint.config(
  { ignores: ['node_modules/**', 'web/dist/**', '.tmp/**', 'data/**', 'coverage/**', 'test/histories/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // The code validates and strips control characters on purpose (headers, ICS, SMS, intake): the
      // rule flags exactly those regular expressions.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Code is wrapped by Prettier at 160; comments (which Prettier leaves alone) at 120. Strings, URLs
      // and regular expressions may run longer rather than be cut mid-token.
      'max-len': ['error', { code: 160, comments: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    files: ['web/public/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['web/src/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: PRODUCTION,
    rules: { 'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['test/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 1000, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^(?!@temporalio/workflow$|@temporalio/common$|\\./|\\.\\./src/domain/|\\.\\./src/errors\\.ts$|\\.\\./src/temporal/search-attributes\\.ts$)',
              allowTypeImports: true,
              message: 'Workflow code imports only @temporalio/workflow, workflow files and src/domain (deterministic, no I/O); use `import type` for types.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: IO_PACKAGES, allowTypeImports: true, message: 'src/domain is pure: no I/O packages (take data and the clock as arguments).' },
            {
              regex: '^(\\.\\./){2,}(db|gateway|calendar-connectors|transports|outbound|use-cases|agent-tools|temporal|roles|web-bundle)[/.]',
              allowTypeImports: true,
              message: 'src/domain imports no adapter code (db, gateway, use cases, connectors, transports, outbound, temporal); `import type` is fine.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'activities/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['src/db/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: QUERY_BUILDING, message: 'SQL lives in src/db/: call a repository function.' }],
    },
  },
  {
    files: ['src/**/*.ts', 'activities/**/*.ts'],
    ignores: ['src/db/**', 'src/domain/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'kysely', importNames: ['sql'], allowTypeImports: true, message: 'SQL lives in src/db/: call a repository function.' }] },
      ],
    },
  },
);
