import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.test-data/', '.bench-data/', 'web/dist/', 'dist/', '.ctr/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // A function longer than a screen hides its steps; tests (describe blocks) and migrations (one
    // schema change each, read top to bottom) are exempt.
    files: ['src/**/*.ts', 'web/src/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.js', 'bin/**/*.js'],
    ignores: ['src/db/migrations/**'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/cli/**', 'bench/**', 'src/main.ts', 'test/**', 'scripts/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // plain Node scripts (no TypeScript to know the globals)
    files: ['scripts/**/*.js', 'bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
