import { expect, test, type Page } from './fixtures';
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { launchOptions } from '../scripts/lib/chromium';
import { enrollPerson, leaveKiosk, photo, typeNewPin } from './app';
import { makeFakeCameraFile, withCamera } from './camera';
import { HAVE_DATASETS, NO_DATASETS } from './paths';
import { foreignRequests, watchContext } from './requests';

/**
 * The installed app (issue 4): installable, working with no network once loaded, updated only
 * when the user says so, and never reaching beyond its origin.
 */

const PIN = '482916';

/** Waits until the service worker has precached the app and is active. */
async function serviceWorkerReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

interface AppManifest {
  name: string;
  start_url: string;
  display: string;
  icons: Array<{ sizes: string; purpose?: string; type: string }>;
}

/** What Chromium makes of the page's manifest, and whether it would install the app. */
async function installability(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  const { url, errors, data } = await cdp.send('Page.getAppManifest');
  await cdp.detach();
  return { installabilityErrors, url, errors, manifest: JSON.parse(data ?? '{}') as AppManifest };
}

test.describe('installed app', () => {
  test('Chromium finds no installability errors, for the app and for the kiosk app', async ({ baseURL }) => {
    // A profile on disk: Chromium installs no app from an incognito (Playwright's default) context.
    const profile = mkdtempSync(resolve(tmpdir(), 'visage-install-'));
    const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
    try {
      const check = watchContext(context, new URL(baseURL!).origin);
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto('/');
      await serviceWorkerReady(page);
      const app = await installability(page);
      expect(app.installabilityErrors).toEqual([]);
      expect(app.errors).toEqual([]);
      expect(app.url).toMatch(/\/manifest\.webmanifest$/);
      expect(app.manifest).toMatchObject({ name: 'Visage — face recognition', display: 'standalone' });
      const icons = app.manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'} ${i.type}`);
      expect(icons).toEqual(expect.arrayContaining(['192x192 any image/png', '512x512 any image/png', '512x512 maskable image/png']));

      await page.goto('/index.html#kiosk');
      const kiosk = await installability(page);
      expect(kiosk.installabilityErrors).toEqual([]);
      expect(kiosk.errors).toEqual([]);
      expect(kiosk.url).toMatch(/\/kiosk\.webmanifest$/);
      expect(kiosk.manifest).toMatchObject({ display: 'fullscreen', start_url: './#kiosk' });
      check();
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  test('a new version is offered, applied only on the click, and not while an enrolment is under way', async ({ page, request }) => {
    test.skip(!HAVE_DATASETS, NO_DATASETS);
    await page.goto('/');
    await serviceWorkerReady(page);
    await page.reload(); // now controlled by the installed worker
    const first = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    expect(first).toMatch(/\/sw\.js$/);
    await request.get('/__e2e/sw-version?bump');
    try {
      // An enrolment under way: a photo read, not yet saved.
      await page.getByRole('link', { name: 'Enroll', exact: true }).click();
      const view = page.locator('visage-enroll-view');
      await view.locator('input[type=file]').first().setInputFiles([photo('knn/train/obama/obama.jpg')]);
      await expect(view.locator('figure rect')).toHaveCount(1, { timeout: 120_000 });
      await page.evaluate(() => ((window as { stillHere?: boolean }).stillHere = true));

      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      const banner = page.locator('visage-update-banner');
      await expect(banner.getByRole('status')).toContainText('Update available', { timeout: 60_000 });
      const reload = banner.getByRole('button', { name: 'Reload' });
      await expect(reload).toBeDisabled();
      await expect(banner).toContainText('Finish or cancel the enrolment first');
      // The new version waits: nothing reloaded the page, the photo is still there.
      expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state))).toBe('installed');
      expect(await page.evaluate(() => (window as { stillHere?: boolean }).stillHere)).toBe(true);
      await expect(view.locator('figure rect')).toHaveCount(1);

      // Saved: the update may go ahead, and does so on the click.
      await view.getByLabel('Name', { exact: true }).fill('obama');
      await view.getByRole('button', { name: 'Enroll', exact: true }).click();
      await expect(view.locator('[data-message]')).toContainText('obama');
      await expect(reload).toBeEnabled();
      await Promise.all([page.waitForEvent('load'), reload.click()]);
      await expect(page.locator('visage-app')).toBeVisible();
      expect(await page.evaluate(() => (window as { stillHere?: boolean }).stillHere)).toBeUndefined();
      const after = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.getRegistration();
        return { waiting: r?.waiting ?? null, controlled: navigator.serviceWorker.controller !== null };
      });
      expect(after).toEqual({ waiting: null, controlled: true });
      await expect(banner.getByRole('status')).toHaveCount(0);
      await page.getByRole('link', { name: 'People', exact: true }).click();
      await expect(page.locator('visage-people-view').getByRole('button', { name: 'Delete obama' })).toBeVisible();
    } finally {
      await request.get('/__e2e/sw-version?reset');
    }
  });

  test('no update banner in kiosk mode: the update waits until the admin has left it with the PIN', async ({ page, request }) => {
    await page.goto('/index.html#settings');
    await serviceWorkerReady(page);
    await page.reload(); // now controlled by the installed worker
    await request.get('/__e2e/sw-version?bump');
    try {
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
      const banner = page.locator('visage-update-banner');
      await expect(banner.getByRole('status')).toContainText('Update available', { timeout: 60_000 });

      // Kiosk mode started: the banner goes (anyone at the kiosk could press Reload or Later).
      await page.locator('visage-kiosk-panel').getByRole('button', { name: 'Start kiosk mode' }).click();
      await typeNewPin(page, PIN);
      await expect(page.locator('visage-kiosk-view')).toBeVisible();
      await expect(banner.getByRole('status')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Reload' })).toHaveCount(0);

      // Reloaded in kiosk mode, the new version still waits; once the admin leaves, it is offered.
      await page.reload();
      await expect(page.locator('visage-kiosk-view')).toBeVisible();
      expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state))).toBe('installed');
      await leaveKiosk(page, PIN);
      await expect(banner.getByRole('status')).toContainText('Update available', { timeout: 60_000 });
      await expect(banner.getByRole('button', { name: 'Reload' })).toBeEnabled();
    } finally {
      await request.get('/__e2e/sw-version?reset');
    }
  });

  test('with no network after one visit: starts, enrols from a photo, recognizes from the camera, writes the log', async ({ baseURL }) => {
    test.skip(!HAVE_DATASETS, NO_DATASETS);
    test.setTimeout(240_000);
    const file = await makeFakeCameraFile(photo('two_people.jpg'));
    await withCamera(file, baseURL!, async (page, { context }) => {
      await page.goto('/');
      await serviceWorkerReady(page);
      await context.setOffline(true);
      await page.reload();
      await expect(page.locator('visage-app')).toBeVisible();
      const state = await page.evaluate(async () => ({
        online: navigator.onLine,
        controlled: navigator.serviceWorker.controller !== null,
        isolated: crossOriginIsolated,
        // Not part of the app, so not precached: proves the network is really gone.
        uncached: await fetch('./__lab/lab.html').then((r) => r.status, () => 'failed'),
      }));
      expect(state).toEqual({ online: false, controlled: true, isolated: true, uncached: 'failed' });

      await page.getByRole('link', { name: 'Enroll', exact: true }).click();
      await enrollPerson(page, 'obama', ['knn/train/obama/obama.jpg']);
      await page.getByRole('link', { name: 'Live', exact: true }).click();
      const list = page.locator('visage-live-view').getByTestId('recognized');
      await expect(list).toContainText('obama', { timeout: 90_000 });
      await expect(list).toContainText('Unknown', { timeout: 30_000 });
      await page.getByRole('link', { name: 'Log', exact: true }).click();
      await expect(page.locator('visage-log-view tbody tr', { hasText: 'obama' }).first()).toBeVisible({ timeout: 30_000 });
    });
  });

  test('Settings show the storage used and whether it is persistent', async ({ page }) => {
    await page.goto('/#settings');
    const panel = page.locator('visage-storage-panel');
    await expect(panel.locator('[data-usage]')).toContainText(/\d+(\.\d)? ?(byte|kB|MB|GB)/);
    await expect(panel.locator('[data-persisted]')).toHaveAttribute('data-persisted', /^(persisted|notPersisted)$/);
  });
});

test.describe('privacy', () => {
  test('the watch catches a request to another origin, and the CSP blocks one from the app', async ({ baseURL }) => {
    // A browser of its own: this test provokes what the suite's watch forbids.
    const browser = await chromium.launch(launchOptions);
    try {
      const context = await browser.newContext({ baseURL });
      const origin = new URL(baseURL!).origin;
      const check = watchContext(context, origin);
      const urls: string[] = [];
      context.on('request', (r) => urls.push(r.url()));
      const page = await context.newPage();
      await page.goto('/');
      const blocked = await page.evaluate(
        () =>
          new Promise<string>((done) => {
            addEventListener('securitypolicyviolation', (e) => done(e.effectiveDirective), { once: true });
            fetch('http://localhost:1/track').catch(() => undefined);
          }),
      );
      expect(blocked).toBe('connect-src');
      // Without the CSP (a blank page) the request goes out, and the watch lists it.
      const blank = await context.newPage();
      await blank.evaluate(() => fetch('http://localhost:1/track').catch(() => undefined));
      expect(foreignRequests(urls, origin)).toEqual(['http://localhost:1/track']);
      expect(check).toThrow(/requests that left/);
    } finally {
      await browser.close();
    }
  });
});
