import { expect, test, type Page } from './fixtures';
import { enrollPerson, photo, storedSetting, typeNewPin } from './app';
import { makeFakeCameraFile, withCamera } from './camera';
import { HAVE_DATASETS, NO_DATASETS } from './paths';

/**
 * Kiosk mode and the admin PIN in the built app: the PIN set on first use, the kiosk showing
 * only recognition whatever the URL says, a wrong PIN refused and the next attempt delayed,
 * and only a salted hash in the database.
 */

const PIN = '482916';

/** The kiosk is all there is: no tabs, no view but the kiosk, no camera or mode controls. */
async function expectOnlyKiosk(page: Page) {
  await expect(page.locator('visage-kiosk-view')).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  for (const view of ['enroll-view', 'people-view', 'log-view', 'settings-view', 'kiosk-panel']) await expect(page.locator(`visage-${view}`)).toHaveCount(0);
  await expect(page.getByRole('radio')).toHaveCount(0);
  await expect(page.getByRole('combobox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Admin' })).toBeVisible();
}

test.describe('kiosk mode', () => {
  test('#kiosk asks for a PIN first; no hash or reload leaves the kiosk; a wrong PIN is refused and delays the next', async ({ page }) => {
    await page.goto('/index.html#kiosk');
    // Set on first use: 4 to 12 digits, typed twice alike.
    let dialog = await typeNewPin(page, '123');
    await expect(dialog.getByRole('alert')).toHaveText('The PIN must be 4 to 12 digits.');
    await typeNewPin(page, PIN, '482917');
    await expect(dialog.getByRole('alert')).toHaveText('The two new PINs differ.');
    await typeNewPin(page, PIN);
    await expectOnlyKiosk(page);

    // Only a salted PBKDF2 hash is stored.
    const record = (await storedSetting(page, 'admin.pin')) as Record<string, unknown>;
    expect(Object.keys(record).sort()).toEqual(['algorithm', 'hash', 'iterations', 'salt']);
    expect(record['algorithm']).toBe('PBKDF2-SHA-256');
    expect(record['iterations']).toBeGreaterThanOrEqual(100_000);
    expect(Buffer.from(record['salt'] as string, 'base64')).toHaveLength(16);
    expect(Buffer.from(record['hash'] as string, 'base64')).toHaveLength(32);
    expect(JSON.stringify(record)).not.toContain(PIN);

    // Typed addresses and a reload stay in the kiosk.
    for (const hash of ['#enroll', '#settings', '#people', '#log']) {
      await page.evaluate((h) => (location.hash = h), hash);
      await expectOnlyKiosk(page);
    }
    await page.goto('/index.html#settings');
    await page.reload();
    await expectOnlyKiosk(page);

    // A wrong PIN is refused, and the next attempt, even with the right PIN, is not heard until
    // the delay has passed (2 s), also after a reload.
    await page.getByRole('button', { name: 'Admin' }).click();
    dialog = page.getByRole('dialog', { name: 'Admin PIN' });
    await dialog.getByLabel('PIN', { exact: true }).fill('000000');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Wrong PIN.');
    await expect(dialog.getByTestId('pin-wait')).toHaveText(/^Try again in [12] s\.$/);
    expect(await storedSetting(page, 'admin.pinAttempts')).toMatchObject({ failures: 1 });
    await dialog.getByLabel('PIN', { exact: true }).fill(PIN);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Too many wrong PINs: not checked.');
    await expectOnlyKiosk(page);
    await expect(dialog.getByTestId('pin-wait')).toHaveCount(0, { timeout: 5_000 });

    await dialog.getByLabel('PIN', { exact: true }).fill(PIN);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await expect(page.locator('visage-kiosk-view')).toHaveCount(0);
    await expect(page.getByRole('navigation')).toBeVisible();
    await expect(page.locator('visage-settings-view')).toBeVisible();
    expect(await storedSetting(page, 'admin.pinAttempts')).toEqual({ failures: 0, lastFailureAt: 0 });
    expect(await storedSetting(page, 'kiosk.enabled')).toBe(false);
  });

  test('changing the PIN needs the current one; each wrong PIN doubles the wait, which a reload does not reset', async ({ page }) => {
    await page.goto('/index.html#settings');
    const panel = page.locator('visage-kiosk-panel');
    await panel.getByRole('button', { name: 'Set the admin PIN' }).click();
    await typeNewPin(page, PIN);
    await expect(panel.getByRole('status')).toHaveText('The admin PIN is set.');

    await panel.getByRole('button', { name: 'Change the admin PIN' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the admin PIN' });
    const tryChange = async (current: string) => {
      await dialog.getByLabel('Current PIN').fill(current);
      await dialog.getByLabel('New PIN', { exact: true }).fill('2468');
      await dialog.getByLabel('New PIN again').fill('2468');
      await dialog.getByRole('button', { name: 'OK' }).click();
    };
    await tryChange('1111');
    await expect(dialog.getByRole('alert')).toHaveText('Wrong PIN.');
    await expect(dialog.getByTestId('pin-wait')).toHaveText(/^Try again in [12] s\.$/);
    await expect(dialog.getByTestId('pin-wait')).toHaveCount(0, { timeout: 5_000 });
    await tryChange('2222');
    await expect(dialog.getByTestId('pin-wait')).toHaveText(/^Try again in [34] s\.$/);

    // Into kiosk mode and reloaded during the 4 s wait: it still runs.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await panel.getByRole('button', { name: 'Start kiosk mode' }).click();
    await expectOnlyKiosk(page);
    await page.reload();
    await page.getByRole('button', { name: 'Admin' }).click();
    await expect(page.getByRole('dialog', { name: 'Admin PIN' }).getByTestId('pin-wait')).toBeVisible();
    expect(await storedSetting(page, 'admin.pinAttempts')).toMatchObject({ failures: 2 });

    // The PIN was not changed by the refused attempts.
    await expect(page.getByTestId('pin-wait')).toHaveCount(0, { timeout: 6_000 });
    const admin = page.getByRole('dialog', { name: 'Admin PIN' });
    await admin.getByLabel('PIN', { exact: true }).fill(PIN);
    await admin.getByRole('button', { name: 'OK' }).click();
    await expect(page.getByRole('navigation')).toBeVisible();
  });

  test.describe('with a camera', () => {
    test.skip(!HAVE_DATASETS, NO_DATASETS);
    test.describe.configure({ timeout: 150_000 });

    test('started from Settings (PIN set on first use), the kiosk names a face full screen; the PIN leaves it', async ({ baseURL }) => {
      const file = await makeFakeCameraFile(photo('two_people.jpg'));
      await withCamera(file, baseURL!, async (page) => {
        await page.goto('/index.html#enroll');
        await enrollPerson(page, 'obama', ['knn/train/obama/obama.jpg']);
        await page.getByRole('link', { name: 'Settings' }).click();
        await page.locator('visage-kiosk-panel').getByRole('button', { name: 'Start kiosk mode' }).click();
        await typeNewPin(page, PIN);
        await expectOnlyKiosk(page);
        await expect.poll(() => page.evaluate(() => document.fullscreenElement?.localName)).toBe('html');

        const recognized = page.locator('visage-kiosk-view').getByTestId('recognized');
        await expect(recognized).toContainText(/obama \d{1,3}%/, { timeout: 60_000 });
        await expect(recognized).toContainText('Unknown', { timeout: 30_000 });
        // The liveness check (on by default in kiosk mode) needs one person alone.
        await expect(page.locator('visage-kiosk-view visage-liveness-prompt [data-phase="crowd"]')).toContainText('Only one face, please');

        await page.getByRole('button', { name: 'Admin' }).click();
        const dialog = page.getByRole('dialog', { name: 'Admin PIN' });
        await dialog.getByLabel('PIN', { exact: true }).fill(PIN);
        await dialog.getByRole('button', { name: 'OK' }).click();
        await expect(page.locator('visage-settings-view')).toBeVisible();
        await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();
      });
    });
  });
});
