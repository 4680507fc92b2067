import { expect, test, type Page } from './fixtures';
import { chooseLanguage } from './app';

/**
 * The storage banner (src/app/storage-banner.ts) for real failures of the browser's storage: the
 * database upgraded by another tab to a newer schema than the app's, the site's quota full (Chromium's quota
 * override), the site's data cleared while the app runs. Each time the view that was writing says
 * what it lost, in the UI's language (describeError), and the one banner says what to do.
 */

const banner = (page: Page) => page.locator('visage-storage-banner [role=alert]');

/** Settings open, with the database open (the shell shows nothing before it has read it). */
async function openSettings(page: Page) {
  await page.goto('/index.html#settings');
  await expect(page.locator('visage-settings-view')).toBeVisible();
  await expect(banner(page)).toHaveCount(0);
}

/** Flips a checkbox of Settings, which writes the settings to the database. */
async function flip(page: Page, label: string) {
  const box = page.locator('visage-settings-view').getByRole('checkbox', { name: label, exact: true });
  await box.setChecked(!(await box.isChecked()), { force: true });
}

const settingsAlert = (page: Page) => page.locator('visage-settings-view [role=alert]');

test.describe('storage problems', () => {
  test('another tab upgrades the database to a newer schema: the banner says reload; a write then says why, in English and in Chinese', async ({ page, context, baseURL }) => {
    await openSettings(page);

    // Another tab of the same site (no app in it) opens the database at a newer version, as a
    // newer Visage would: the app's connection must let go at once, or that tab would wait.
    const other = await context.newPage();
    await other.goto(new URL('/manifest-link.js', baseURL).href);
    await other.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const probe = indexedDB.open('visage');
          probe.onerror = () => reject(probe.error);
          probe.onsuccess = () => {
            const version = probe.result.version;
            probe.result.close();
            const upgrade = indexedDB.open('visage', version + 1);
            upgrade.onerror = () => reject(upgrade.error);
            upgrade.onsuccess = () => {
              upgrade.result.close();
              resolve();
            };
          };
        }),
    );
    await other.close();

    // The schema is newer than this app's: reopening cannot help, only a reload (to the newer app).
    await expect(banner(page)).toHaveAttribute('data-problem', 'newer');
    await expect(banner(page)).toContainText('A newer version of Visage is open in another tab: reload this page to use it. Until then nothing can be saved here.');
    await expect(banner(page).getByRole('button', { name: 'Reload' })).toBeVisible();

    // A write now tries to open the database again, fails, and the settings say why (never the
    // error's English developer message).
    await flip(page, 'Show a banner when an unknown face appears');
    await expect(settingsAlert(page)).toHaveText(
      'A newer version of Visage (open in another tab, or used before) has updated the stored data: this page runs an older version and can no longer save. Reload the page to run the newer version.',
    );

    // In Chinese: the banner at once, and the next failure's message.
    await chooseLanguage(page, 'zh-Hans');
    await expect(banner(page)).toContainText('另一个标签页中打开着更新版本的 Visage：请重新加载此页面以使用新版本。');
    await expect(banner(page).getByRole('button', { name: '重新加载' })).toBeVisible();
    await flip(page, '出现未知人脸时播放提示音');
    await expect(settingsAlert(page)).toHaveText('更新版本的 Visage（在另一个标签页中打开着，或之前使用过）已更新存储的数据：此页面运行的是旧版本，无法再保存。请重新加载页面以运行新版本。');
    await expect(banner(page)).toHaveCount(1); // one banner, however many writes fail
  });

  test('the quota is full: the write says nothing was saved, the banner what to do; it goes once a write succeeds', async ({ page, baseURL }) => {
    await openSettings(page);
    const cdp = await page.context().newCDPSession(page);
    const origin = new URL(baseURL!).origin;
    // Less room than the database already takes: every write is refused, as on a full disk.
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
    try {
      await flip(page, 'Show a banner when an unknown face appears');
      await expect(settingsAlert(page)).toHaveText('The device storage is full: nothing was saved. Free some space and try again.');
      await expect(banner(page)).toHaveAttribute('data-problem', 'quota');
      await expect(banner(page)).toContainText('Delete some people or clear the log, or free space on the device.');
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin }); // back to the browser's own quota
    }
    await flip(page, 'Play a sound when an unknown face appears');
    await expect(banner(page)).toHaveCount(0);
  });

  test("the site's data is cleared while the app runs: the banner says it may be gone", async ({ page, baseURL }) => {
    await openSettings(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(baseURL!).origin, storageTypes: 'indexeddb' });
    await expect(banner(page)).toHaveAttribute('data-problem', 'lost');
    await expect(banner(page)).toContainText('if people are missing, import a backup');
  });
});
