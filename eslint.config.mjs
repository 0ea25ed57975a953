import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.serverless/', 'coverage/', 'bench/results/', '.npm/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules (no floating promises, no unsafe any flowing through, no needless assertions)
    // on the TypeScript sources, through the project's own tsconfig.
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // An async function without await is how an interface's Promise-returning method is written
      // plainly (stores, inventories, command handlers); a floating or misused promise is what matters.
      '@typescript-eslint/require-await': 'off',
      // Rules are pure: no AWS SDK in rules/.
      'no-restricted-imports': 'off',
    },
  },
  {
    // jest's expect(mock.method) and spies pass methods unbound by design.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@aws-sdk/*'], message: 'Rules are pure: all AWS calls live in lib/.' }] },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
