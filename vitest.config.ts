import { defineConfig } from 'vitest/config';

// Unit tests: pure TypeScript (math, parsers, converters) run in Node.
// Everything that needs a browser, a model or a camera lives in e2e/ and runs in Chromium.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
