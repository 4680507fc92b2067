import { expect, test } from './fixtures';
import { storedSetting } from './app';
import type {} from '../test/lab/lab-db';
import { DEFAULT_MATCH_THRESHOLD, THRESHOLD_PER_DECADE, thresholdForGallery } from '../src/ml/matcher';

/**
 * The open-set threshold follows the gallery's size (issue 9): Settings shows the rule's value
 * for the people enrolled, and a fixed threshold can still be chosen.
 */
test('Settings: the threshold follows the number of people enrolled, or a fixed one when chosen', async ({ page }) => {
  // 100 people in the app's database (one synthetic template each).
  await page.goto('/__lab/lab.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true' && !!window.visageDb);
  await page.evaluate(async () => {
    const db = await window.visageDb.openVisageDb('visage');
    await Promise.all(Array.from({ length: 100 }, (_, i) => db.enrollPerson(`person ${i}`, [{ embedding: window.visageDb.fakeEmbedding(i + 1), quality: 1 }])));
    db.close();
  });

  await page.goto('/index.html#settings');
  const view = page.locator('visage-settings-view');
  const auto = view.getByRole('checkbox', { name: 'Choose the threshold from the number of people (recommended)' });
  const threshold = view.getByLabel('Similarity threshold', { exact: true });
  await expect(auto).toBeChecked();
  // 0.27 + 0.075 × log10(100) = 0.42
  expect(thresholdForGallery(100)).toBeCloseTo(0.27 + 2 * THRESHOLD_PER_DECADE, 12);
  await expect(threshold).toHaveValue(thresholdForGallery(100).toFixed(3));
  await expect(threshold).toBeDisabled();
  await expect(view).toContainText('For 100 people enrolled.');

  // A fixed threshold instead, remembered.
  await auto.uncheck({ force: true });
  await expect(threshold).toBeEnabled();
  await expect(threshold).toHaveValue(String(DEFAULT_MATCH_THRESHOLD));
  await threshold.fill('0.5');
  await threshold.press('Tab');
  // Each change is saved at once, but asynchronously: reload only once it is in the database.
  await expect.poll(() => storedSetting(page, 'app.settings').then((s) => (s as { threshold?: unknown } | undefined)?.threshold)).toBe(0.5);
  await page.reload();
  await expect(auto).not.toBeChecked();
  await expect(threshold).toHaveValue('0.5');
});


test('Settings: a fixed threshold saved for an earlier face model gives way to the rule', async ({ page }) => {
  await page.goto('/__lab/lab.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true' && !!window.visageDb);
  // As the app saved its settings before the model changed: no model id beside the threshold.
  await page.evaluate(async () => {
    const db = await window.visageDb.openVisageDb('visage');
    await db.setSetting('app.settings', { autoThreshold: false, threshold: 0.5, logRetentionDays: 12 });
    db.close();
  });
  await page.goto('/index.html#settings');
  const view = page.locator('visage-settings-view');
  await expect(view.getByRole('checkbox', { name: 'Choose the threshold from the number of people (recommended)' })).toBeChecked();
  // The other settings are kept.
  await expect(view.getByLabel('Keep entries of known people for (days)')).toHaveValue('12');
});
