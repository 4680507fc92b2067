// ESLint (run first by `npm test`): typescript-eslint's recommended rules (not type-checked, to stay
// fast; `npm run build` type-checks) and eslint-plugin-lit's for template bindings, over the app, the
// scripts, the browser tests and any test folder; no file in src/ or scripts/ over 300 lines.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import lit from 'eslint-plugin-lit';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'dist-test/', 'node_modules/', 'public/', '.cache/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  lit.configs['flat/recommended'],
  {
    rules: {
      // Typed EventTarget listeners are declared by merging an interface into the class (the DOM's own pattern).
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
      // A `let` that a cleanup closure reads before its one assignment cannot be a `const`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // A `_`-prefixed name marks a binding kept for its place (a parameter, a destructured field left out), as tsc allows.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**', 'scripts/**'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },
  // The plain-JavaScript pages that run in Chromium beside the app (bench peer, test harness).
  { files: ['**/*.js'], ignores: ['eslint.config.js'], languageOptions: { globals: globals.browser } },
  { files: ['eslint.config.js'], languageOptions: { globals: globals.node } },
);
