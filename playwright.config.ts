import { defineConfig } from '@playwright/test';
import { launchOptions } from './scripts/lib/chromium';

// E2E_PORT lets two checkouts run their tests side by side.
const PORT = Number(process.env["E2E_PORT"] ?? 4173);

// Browser tests against the built app (npm test builds it first), served by e2e/serve.ts (vite preview)
// with the shared datasets and test-only vendor files mounted beside it.
export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['./e2e/summary-reporter.ts']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    launchOptions,
    trace: 'off',
  },
  webServer: {
    command: `npx tsx e2e/serve.ts --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/index.html`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
