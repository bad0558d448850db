// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers of src/ and what each may not import (see "Source layout" in README.md): the
// vscode-free ones also run in the CLI, the unit tests and the panel page, and what host and page
// share must not pull either side into the other's bundle. `config` and `extension` are the
// host's own vscode modules at the top of src/.
const NO_VSCODE = { name: 'vscode', message: 'This layer is vscode-free: put VS Code code in src/features/.' };
const layer = (dir, banned, vscode = NO_VSCODE) => ({
  files: [`src/${dir}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      paths: vscode ? [vscode] : [],
      patterns: [{ regex: `^(\\.\\./)+(${banned.join('|')})(/|$)`, message: `src/${dir}/ may not import from ${banned.join(', ')} (see "Source layout" in README.md).` }],
    }],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', '.vscode-test-web/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
    },
  },
  layer('core', ['analysis', 'replay', 'features', 'webview', 'shared', 'config', 'extension']),
  layer('analysis', ['replay', 'features', 'webview', 'config', 'extension']),
  layer('replay', ['features', 'webview', 'shared', 'config', 'extension']),
  layer('shared', ['features', 'webview', 'config', 'extension']),
  layer('webview', ['features', 'config', 'extension']),
  layer('features', ['webview'], null),
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', fetch: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
