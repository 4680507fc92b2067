/**
 * The test object every browser test uses: it watches the test's browser context and fails the
 * test if a request left the app's origin (no CDN, fonts, analytics or model hosts) or the
 * Content-Security-Policy blocked anything, so the whole suite checks that no byte leaves the
 * device. Camera scenes (their own browser) do the same in e2e/camera.ts.
 */
import { test as base, expect } from '@playwright/test';
import { watchContext } from './requests';

export const test = base.extend<{ sameOriginOnly: void }>({
  sameOriginOnly: [
    async ({ context, baseURL }, use) => {
      const check = watchContext(context, new URL(baseURL ?? 'http://127.0.0.1').origin);
      await use();
      check();
    },
    { auto: true },
  ],
});

export { expect };
export type { Locator, Page } from '@playwright/test';
