// ESLint flat config. The one architectural rule that matters most: only src/extension/
// may import 'vscode' (DESIGN.md: pure layers never import it), and the kernel imports no
// Node built-in so it can run in a worker or a browser.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Bare module names only (a pattern would also match relative paths such as './events').
const pureMessage = 'Pure layers import no Node built-in (they must run in a worker or a browser).';
const nodeBuiltins = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'util', 'events', 'readline', 'url', 'http', 'net', 'stream', 'zlib', 'perf_hooks', 'process', 'buffer', 'assert', 'tty']
  .map((name) => ({ name, message: pureMessage }));

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-e2e-tools/**', '.vscode-test/**', 'lab-output/**', 'e2e-out/**', 'screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: "Only src/extension/ may import 'vscode'." }] }],
    },
  },
  {
    files: ['src/extension/**/*.ts', 'test/integration/**/*.ts', 'test/integration/**/*.js'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/kernel/**/*.ts', 'src/module/**/*.ts', 'src/programs/**/*.ts', 'src/shared/**/*.ts', 'src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: "Only src/extension/ may import 'vscode'." }, ...nodeBuiltins],
        patterns: [{ group: ['node:*'], message: pureMessage }],
      }],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
