/**
 * The test object every browser test uses: it records every request the test's pages make and
 * fails the test if one leaves the app's origin (no CDN, fonts, analytics or model hosts), so
 * the whole suite checks that no byte leaves the device. Camera scenes (their own browser) do
 * the same in e2e/camera.ts.
 */
import { test as base, expect } from '@playwright/test';
import { recordRequests } from './requests';

export const test = base.extend<{ sameOriginOnly: void }>({
  sameOriginOnly: [
    async ({ context, baseURL }, use) => {
      const check = recordRequests(context, new URL(baseURL ?? 'http://127.0.0.1').origin);
      await use();
      check();
    },
    { auto: true },
  ],
});

export { expect };
export type { Locator, Page } from '@playwright/test';
