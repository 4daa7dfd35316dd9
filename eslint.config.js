import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.bench-data/**', 'server/db/migrations/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      // Import cycles are caught by server/architecture.test.ts (part of `npm test`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Modules meet through index.ts only (server/architecture.test.ts checks the same in `npm test`).
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(?!\\.\\./)[^/]+/(?!index$).+', message: "Import another module through its index.ts, not its internals." }] }],
    },
  },
  {
    // Outside server/modules the rule above would misfire on ordinary relative paths.
    files: ['web/**', 'contracts/**', 'server/platform/**', 'server/test/**', 'server/demo/**', 'server/*.ts', 'server/modules/registry.ts', 'bench/**', 'e2e/**', 'scripts/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
