/**
 * Accessibility (issue 18): every view of the built app, in English and in Simplified Chinese,
 * light and dark (the system's colour scheme), checked by axe-core (WCAG 2.1 A and AA rules) with
 * people enrolled and a log to show; no
 * violation of serious or critical impact may remain. The camera is not granted here (the live
 * view shows its message); the kiosk is checked at its PIN prompt.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import type {} from '../test/lab/lab-db';
import { chooseOption, dialogNamed } from './app';

const VIEWS = ['live', 'enroll', 'people', 'log', 'settings'] as const;

/** Two people with a picture each and two log entries (one unknown face), in the app's database. */
async function seed(page: Page): Promise<void> {
  await page.goto('/__lab/lab.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true' && !!window.visageDb);
  await page.evaluate(async () => {
    const v = window.visageDb;
    const db = await v.openVisageDb('visage');
    const ada = await db.enrollPerson('Ada Example', [{ embedding: v.fakeEmbedding(1), quality: 0.9, thumbnail: v.fakeThumbnail('ada') }]);
    await db.enrollPerson('Bo Example', [{ embedding: v.fakeEmbedding(2), quality: 0.9, thumbnail: v.fakeThumbnail('bo') }]);
    await db.addLogEntry({ personId: ada.id, name: 'Ada Example', similarity: 0.7 });
    await db.addLogEntry({ personId: null, name: null, similarity: 0.1 });
    db.close();
  });
}

/** The serious and critical violations on the page as it is, one line each (rule, impact, where). */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
}

/** The page's text colour: the dark scheme's is light. */
const textColour = (page: Page) => page.evaluate(() => getComputedStyle(document.body).color);

for (const [locale, colorScheme] of [['en', 'light'], ['zh-Hans', 'light'], ['en', 'dark'], ['zh-Hans', 'dark']] as const) {
  test(`accessibility (${locale}, ${colorScheme}): no serious or critical axe violation in any view or the kiosk`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme });
    await page.addInitScript((l) => localStorage.setItem('visage.locale', l), locale);
    await seed(page);
    const found: Record<string, string[]> = {};
    for (const view of VIEWS) {
      await page.goto(`/index.html#${view}`);
      await expect(page.locator(`visage-${view}-view`)).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', locale);
      expect(await textColour(page)).toBe(colorScheme === 'dark' ? 'rgb(255, 255, 255)' : 'rgb(0, 0, 0)');
      // Each view has read what it shows (the people listed, the log's entries).
      if (view === 'people') await expect(page.locator('visage-people-view [data-samples]')).toHaveCount(2);
      if (view === 'log') await expect(page.locator('visage-log-view tbody tr')).toHaveCount(2);
      found[view] = await seriousViolations(page);
    }
    // The kiosk: its PIN prompt (set on first use), then the kiosk itself.
    await page.goto('/index.html#kiosk');
    await expect(page.getByRole('dialog')).toBeVisible();
    found['kiosk PIN'] = await seriousViolations(page);
    const pin = locale === 'en' ? { title: 'Set an admin PIN', pin: 'New PIN', again: 'New PIN again', ok: 'OK' } : { title: '设置管理员 PIN', pin: '新 PIN', again: '再次输入新 PIN', ok: '确定' };
    const dialog = dialogNamed(page, pin.title);
    await dialog.getByLabel(pin.pin, { exact: true }).fill('482916');
    await dialog.getByLabel(pin.again, { exact: true }).fill('482916');
    await dialog.getByRole('button', { name: pin.ok }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.locator('visage-kiosk-view')).toBeVisible();
    found['kiosk'] = await seriousViolations(page);
    expect(found).toEqual(Object.fromEntries([...VIEWS, 'kiosk PIN', 'kiosk'].map((v) => [v, []])));
  });
}

test('Settings: the appearance follows the system, or is chosen (light or dark) and remembered', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/index.html#settings');
  const settings = page.locator('visage-settings-view');
  const appearance = settings.getByRole('combobox', { name: 'Appearance' });
  await expect(appearance).toHaveValue('As the system');
  expect(await textColour(page)).toBe('rgb(0, 0, 0)');
  await chooseOption(settings, 'Appearance', 'Dark');
  await expect.poll(() => textColour(page)).toBe('rgb(255, 255, 255)');
  await page.reload();
  await expect(appearance).toHaveValue('Dark');
  expect(await textColour(page)).toBe('rgb(255, 255, 255)');
  // Light, whatever the system says.
  await page.emulateMedia({ colorScheme: 'dark' });
  await chooseOption(settings, 'Appearance', 'Light');
  await expect.poll(() => textColour(page)).toBe('rgb(0, 0, 0)');
});
