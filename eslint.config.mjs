import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importLayerConfigs } from './scripts/importLayers.mjs';

export default tseslint.config(
  {
    ignores: [
      '.scratch/**',
      'test-results/**',
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '.vscode-test/**',
      'bench/peer/**',
      'e2e-host/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['describe', 'it', 'test', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
  // Imports point down the layers of server/src; only lsp/ and server.ts import the LSP library;
  // only client/ imports vscode; client/ imports only server/src/protocol of the server.
  ...importLayerConfigs(),
);
