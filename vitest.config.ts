import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts', 'src/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration suites create their own databases; running files in parallel on
    // a 2-core machine is fine, but keep it bounded.
    maxWorkers: 2,
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
