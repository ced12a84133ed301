import { defineConfig } from 'vitest/config'

// Each test file runs in its own forked process: chDB allows one data directory per process.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    allowOnly: false,
    reporters: ['default'],
  },
})
