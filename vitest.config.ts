import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    env: { NO_COLOR: '1' },
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
  },
});
