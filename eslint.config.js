import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'data/', 'tracker/dist/', 'bench/data/', 'test-results/'],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@clickhouse/client', message: 'Only server/store/ talks to ClickHouse.' },
            { name: 'chdb', message: 'Only server/store/ talks to ClickHouse.' },
            { name: 'chdb/connection', message: 'Only server/store/ talks to ClickHouse.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/store/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
)
