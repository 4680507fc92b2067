/** Steps of the kiosk's browser tests (kiosk.spec.ts): speech recorded, the appearance set in Settings, kiosk mode started. */
import type { BrowserContext } from '@playwright/test';
import { expect, type Page } from './fixtures';
import { enrollPerson, photo, setCheckbox, storedSetting, typeNewPin } from './app';

export const PIN = '482916';

/** The kiosk is all there is: no tabs, no view but the kiosk, no camera or mode controls. */
export async function expectOnlyKiosk(page: Page) {
  await expect(page.locator('visage-kiosk-view')).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  for (const view of ['enroll-view', 'people-view', 'log-view', 'settings-view', 'kiosk-panel']) await expect(page.locator(`visage-${view}`)).toHaveCount(0);
  await expect(page.getByRole('radio')).toHaveCount(0);
  await expect(page.getByRole('combobox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Admin' })).toBeVisible();
}

/** Replaces speechSynthesis.speak in every page of `context` with a recorder (read by spoken()). */
export async function recordSpeech(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const said: Array<{ text: string; lang: string }> = [];
    (window as unknown as { spokenGreetings: typeof said }).spokenGreetings = said;
    speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void said.push({ text: u.text, lang: u.lang });
  });
}

export function spoken(page: Page): Promise<Array<{ text: string; lang: string }>> {
  return page.evaluate(() => (window as unknown as { spokenGreetings: Array<{ text: string; lang: string }> }).spokenGreetings);
}

export function partOfDay(hour: number): string {
  return hour >= 5 && hour < 12 ? 'morning' : hour >= 12 && hour < 18 ? 'afternoon' : 'evening';
}

/**
 * The kiosk's appearance in Settings: the site name, a logo (after three bad files, each refused), the
 * spoken greeting; then checks what was stored.
 */
export async function setAppearance(page: Page, o: { siteName: string; logo: boolean; spoken: boolean }): Promise<void> {
  await page.goto('/index.html#settings');
  const form = page.locator('visage-kiosk-appearance');
  await form.getByLabel('Site name').fill(o.siteName);
  await form.getByLabel('Site name').press('Enter');
  if (o.logo) {
    const logo = form.getByLabel('Logo image');
    await logo.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
    await expect(form.getByRole('alert')).toHaveText('"notes.txt" is not a PNG, JPEG, WebP or GIF image. Nothing was changed.');
    await logo.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(2_000_001) });
    await expect(form.getByRole('alert')).toHaveText('"huge.png" is larger than 2 MB. Nothing was changed.');
    await logo.setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('not really a PNG') });
    await expect(form.getByRole('alert')).toHaveText('"broken.png" could not be read as an image. Nothing was changed.');
    expect(((await storedSetting(page, 'app.settings')) as { siteLogo?: string } | undefined)?.siteLogo ?? '').toBe('');
    await logo.setInputFiles(photo('lin-manuel-miranda.png'));
    await expect(form.getByRole('status')).toHaveText('The logo was saved.');
    await expect(form.getByRole('alert')).toHaveCount(0);
  }
  // force: a Web Awesome switch's native box ignores the pointer (its label takes the click).
  await form.getByRole('switch', { name: 'Spoken greeting' }).setChecked(o.spoken, { force: true });
  await expect
    .poll(() => storedSetting(page, 'app.settings'))
    .toMatchObject({ siteName: o.siteName, spokenGreeting: o.spoken, ...(o.logo ? { siteLogo: expect.stringMatching(/^data:image\/(webp|png);base64,/) } : {}) });
  if (o.logo) expect(((await storedSetting(page, 'app.settings')) as { siteLogo: string }).siteLogo.length).toBeLessThan(150_000);
}

/** Enrols obama (two photos), turns the kiosk's liveness check off and starts kiosk mode (PIN set on first use). */
export async function startKioskWithoutLiveness(page: Page): Promise<void> {
  await page.goto('/index.html#enroll');
  await enrollPerson(page, 'obama', ['knn/train/obama/obama.jpg', 'knn/train/obama/obama2.jpg']);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await setCheckbox(page, 'Check liveness in kiosk mode', false);
  await page.locator('visage-kiosk-panel').getByRole('button', { name: 'Start kiosk mode' }).click();
  await typeNewPin(page, PIN);
  await expectOnlyKiosk(page);
}
