import { expect, test, type Page } from './fixtures';
import { dialogNamed, storedSetting, typeNewPin } from './app';

/**
 * Kiosk mode under faults: the admin PIN's rate limit holds across tabs, and the app fails
 * closed (an error screen, never the admin tabs) when its database cannot be opened.
 */

const PIN = '482916';

/** Opens the Admin PIN dialog of a kiosk page and types `pin` (not yet submitted). */
async function typeAdminPin(page: Page, pin: string) {
  await page.getByRole('button', { name: 'Admin' }).click();
  const dialog = dialogNamed(page, 'Admin PIN');
  await dialog.getByLabel('PIN', { exact: true }).fill(pin);
  return dialog;
}

/** Nothing of the admin UI: no tabs, no admin view, no kiosk panel. */
async function expectNoAdmin(page: Page) {
  await expect(page.getByRole('navigation')).toHaveCount(0);
  for (const view of ['enroll-view', 'people-view', 'log-view', 'settings-view', 'kiosk-panel']) await expect(page.locator(`visage-${view}`)).toHaveCount(0);
}

/** The start error screen and nothing else: no admin UI, no camera view, no way to the PIN. */
async function expectOnlyStartError(page: Page) {
  await expect(page.getByTestId('start-error')).toBeVisible();
  await expectNoAdmin(page);
  for (const view of ['live-view', 'kiosk-view']) await expect(page.locator(`visage-${view}`)).toHaveCount(0);
  // One button only, "Try again" (its text is slotted into the button, so it is checked by name).
  await expect(page.getByRole('button')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Try again', exact: true })).toBeVisible();
}

test('two tabs guessing wrong PINs together get no more guesses than one tab', async ({ page, context }) => {
  await page.goto('/index.html#kiosk');
  await typeNewPin(page, PIN);
  await expect(page.locator('visage-kiosk-view')).toBeVisible();
  const other = await context.newPage();
  await other.goto('/index.html');
  await expect(other.locator('visage-kiosk-view')).toBeVisible();

  // Both tabs submit a wrong PIN at once: the other tab presses OK on a message from this one,
  // which presses its own OK as it sends it (a message, not a timer: a background tab's timers
  // are throttled). One guess is heard (and counted), the other refused unheard, exactly as a
  // second guess in one tab would be within the wait.
  const dialogs = [await typeAdminPin(page, '111111'), await typeAdminPin(other, '222222')];
  const [ok, otherOk] = dialogs.map((d) => d.getByRole('button', { name: 'OK' }));
  await otherOk!.evaluate((button: HTMLElement) => {
    new BroadcastChannel('e2e-go').onmessage = () => button.click();
  });
  await ok!.evaluate((button: HTMLElement) => {
    new BroadcastChannel('e2e-go').postMessage('go');
    button.click();
  });
  const answers = dialogs.map((d) => d.getByRole('alert'));
  for (const answer of answers) await expect(answer).toHaveText(/^(Wrong PIN\.|Too many wrong PINs: not checked\.)$/);
  expect((await Promise.all(answers.map((a) => a.textContent()))).sort()).toEqual(['Too many wrong PINs: not checked.', 'Wrong PIN.']);
  expect(await storedSetting(page, 'admin.pinAttempts')).toMatchObject({ failures: 1 });
  for (const p of [page, other]) await expect(p.locator('visage-kiosk-view')).toBeVisible();
});

test('when the database cannot be opened the app stays locked: an error screen, never the tabs, whether kiosk mode was on or off', async ({ page }) => {
  // indexedDB.open refuses (as in some private modes) while window.failIdb is true: on every load.
  await page.addInitScript(() => {
    const w = window as { failIdb?: boolean };
    w.failIdb = true;
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
      if (w.failIdb) throw new DOMException('Refused by the test.', 'UnknownError');
      return open.apply(this, args);
    };
  });
  const screen = page.getByTestId('start-error');
  const allowStorage = () => page.evaluate(() => ((window as { failIdb?: boolean }).failIdb = false));

  // Never opened: whether kiosk mode is on cannot be known, so the app is locked.
  await page.goto('/index.html#settings');
  await expect(screen).toBeVisible();
  await expect(screen.getByRole('heading')).toHaveText('Visage cannot open its stored data');
  await expect(screen).toContainText('This browser does not let Visage store data here');
  await expectOnlyStartError(page);
  await page.evaluate(() => localStorage.setItem('visage.locale', 'zh-Hans'));
  await page.reload();
  await expect(screen.getByRole('heading')).toHaveText('Visage 无法打开其存储的数据');
  await expect(screen.getByRole('button', { name: '重试' })).toBeVisible();
  await page.evaluate(() => localStorage.setItem('visage.locale', 'en'));
  await page.reload();

  // Storage back: "Try again" reads kiosk mode's state, off, so the admin UI shows.
  await allowStorage();
  await screen.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('visage-settings-view')).toBeVisible();
  await expect(screen).toHaveCount(0);

  // Kiosk mode on, then storage refused again: the error screen, not the tabs, not the PIN dialog.
  await page.locator('visage-kiosk-panel').getByRole('button', { name: 'Start kiosk mode' }).click();
  await typeNewPin(page, PIN);
  await expect(page.locator('visage-kiosk-view')).toBeVisible();
  await page.reload();
  await expectOnlyStartError(page);
  await page.evaluate(() => (location.hash = '#people'));
  await expectOnlyStartError(page);

  // Storage back: kiosk mode again, still locked.
  await allowStorage();
  await screen.getByRole('button', { name: 'Try again' }).click();
  await expect(page.locator('visage-kiosk-view')).toBeVisible();
  await expectNoAdmin(page);
  expect(await storedSetting(page, 'kiosk.enabled')).toBe(true);
});
