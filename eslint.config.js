import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'test-results/', 'playwright-report/', 'build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Process boundary: the renderer talks to the core only through the contract's types.
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/main/core/*', '!**/main/core/contract', '!**/main/core/contract.js'], message: 'The renderer imports only types from main/core/contract.ts.' },
        { group: ['**/workers/*', 'node:*'], message: 'The renderer has no Node access.' },
      ] }],
    },
  },
  {
    files: ['main/core/**/*.ts', 'workers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'main/core and workers stay plain Node; Electron lives in main/electron.' }] }],
    },
  },
);
