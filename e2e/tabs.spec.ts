import { expect, test, type Page } from './fixtures';
import { chooseOption, leaveKiosk, storedSetting, typeNewPin } from './app';

/**
 * Two tabs of one browser (one database): a setting saved in one tab shows in the other's
 * Settings view and live view without a reload, and kiosk mode entered in one tab takes the
 * other into the kiosk too (and out again).
 */

const PIN = '482916';

function settingsOf(page: Page) {
  const view = page.locator('visage-settings-view');
  return {
    mode: view.getByRole('combobox', { name: 'Mode', exact: true }),
    auto: view.getByRole('checkbox', { name: 'Choose the threshold from the number of people (recommended)' }),
    threshold: view.getByLabel('Similarity threshold', { exact: true }),
    view,
    banner: view.getByRole('checkbox', { name: 'Show a banner when an unknown face appears' }),
  };
}

test('a setting saved in one tab shows in the other without a reload; so does kiosk mode', async ({ page, context }) => {
  await page.goto('/index.html#settings');
  const other = await context.newPage();
  await other.goto('/index.html#settings');
  const a = settingsOf(page);
  const b = settingsOf(other);
  await expect(b.mode).toHaveValue('Recognize');
  await expect(b.auto).toBeChecked();

  // The mode, the threshold rule and a fixed threshold, each saved in A, each shown in B.
  await chooseOption(a.view, 'Mode', 'Detect only');
  await expect(b.mode).toHaveValue('Detect only');
  await a.auto.uncheck({ force: true });
  await expect(b.auto).not.toBeChecked();
  await expect(b.threshold).toBeEnabled();
  await a.threshold.fill('0.47');
  await a.threshold.press('Tab');
  await expect(b.threshold).toHaveValue('0.47');
  await a.banner.uncheck({ force: true });
  await expect(b.banner).not.toBeChecked();
  expect(await storedSetting(other, 'app.settings')).toMatchObject({ mode: 'detect', autoThreshold: false, threshold: 0.47, warnBanner: false });

  // B's live view follows the mode too (its radios; no camera is needed for them).
  await other.evaluate(() => (location.hash = '#live'));
  const detect = other.locator('visage-live-view').getByRole('radio', { name: 'Detect only' });
  const recognize = other.locator('visage-live-view').getByRole('radio', { name: 'Recognize' });
  await expect(detect).toBeChecked();
  await chooseOption(a.view, 'Mode', 'Recognize');
  await expect(recognize).toBeChecked();
  // And the other way: the live view's mode switch in B shows in A's Settings.
  await detect.check();
  await expect(a.mode).toHaveValue('Detect only');

  // Kiosk mode started in A (the PIN set on first use) takes B into the kiosk; leaving it in A brings B back.
  await page.locator('visage-kiosk-panel').getByRole('button', { name: 'Start kiosk mode' }).click();
  await typeNewPin(page, PIN);
  await expect(page.locator('visage-kiosk-view')).toBeVisible();
  await expect(other.locator('visage-kiosk-view')).toBeVisible();
  await expect(other.getByRole('navigation')).toHaveCount(0);
  await leaveKiosk(page, PIN);
  await expect(other.locator('visage-kiosk-view')).toHaveCount(0);
  await expect(other.getByRole('navigation')).toBeVisible();
  await expect(other.locator('visage-live-view')).toBeVisible();
});

test('another tab deletes the database: this tab opens it afresh, and its next write is saved', async ({ page, context, baseURL }) => {
  await page.goto('/index.html#settings');
  const box = page.locator('visage-settings-view').getByRole('checkbox', { name: 'Show a banner when an unknown face appears', exact: true });
  await expect(box).toBeChecked();

  // Another page of the site (no app in it) deletes the database; the app's connection lets go.
  const other = await context.newPage();
  await other.goto(new URL('/manifest-link.js', baseURL).href);
  await other.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const del = indexedDB.deleteDatabase('visage');
        del.onsuccess = () => resolve();
        del.onerror = () => reject(del.error);
      }),
  );
  // The other page hears of each committed write (the app's change notices).
  await other.evaluate(() => {
    const channel = new BroadcastChannel('visage-db');
    channel.onmessage = (e: MessageEvent<{ type?: string; db?: string }>) => {
      if (e.data.type === 'settings') (window as { heard?: string }).heard = e.data.db;
    };
  });

  // The next write opens the database again (created afresh) and is saved: no error, no banner.
  await box.uncheck({ force: true });
  await expect.poll(() => other.evaluate(() => (window as { heard?: string }).heard ?? null)).toBe('visage');
  expect(await storedSetting(other, 'app.settings')).toMatchObject({ warnBanner: false });
  await expect(page.locator('visage-settings-view [role=alert]')).toHaveCount(0);
  await expect(page.locator('visage-storage-banner [role=alert]')).toHaveCount(0);
});
