/** Steps through the app's UI that several tests (and the screenshots script) take. */
import { expect, type Locator, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { DATASETS } from './paths';

/** A file of ../shared/datasets/photos. */
export const photo = (p: string) => resolve(DATASETS, 'photos', p);

/**
 * In the Enroll view (open already): chooses the photo files (paths under photos/), waits for
 * their faces, types the name and presses Enroll. Returns the view.
 */
export async function enrollFromFiles(page: Page, name: string, files: string[]) {
  const view = page.locator('visage-enroll-view');
  await view.locator('input[type=file]').first().setInputFiles(files.map(photo));
  await expect(view.locator('figure rect')).toHaveCount(files.length, { timeout: 120_000 });
  await view.getByLabel('Name', { exact: true }).fill(name);
  await view.getByRole('button', { name: 'Enroll', exact: true }).click();
  return view;
}

/** Enrols `name` and waits for the view to confirm it. */
export async function enrollPerson(page: Page, name: string, files: string[]): Promise<void> {
  const view = await enrollFromFiles(page, name, files);
  await expect(view.locator('[data-message]')).toContainText(name, { timeout: 30_000 });
}

/**
 * The open dialog named `name`, with what it holds: a Web Awesome dialog slots its content, which a
 * locator scoped to the <dialog> inside it (the element of role dialog) does not reach.
 */
export function dialogNamed(page: Page, name: string): Locator {
  return page.locator('wa-dialog').filter({ has: page.getByRole('dialog', { name, exact: true }) });
}

/**
 * Chooses the option named `option` in the select (a Web Awesome one: a combobox that opens a
 * list) labelled `label` inside `scope`.
 */
export async function chooseOption(scope: Locator, label: string | RegExp, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  const choice = scope.getByRole('option', { name: option, exact: true });
  await choice.click();
  // Closed for good (its closing animation over): a select opened again while it closes stays shut.
  await expect(choice).toBeHidden();
}

/** In Settings (open already): switches the UI language. */
export async function chooseLanguage(page: Page, locale: 'en' | 'zh-Hans'): Promise<void> {
  await chooseOption(page.locator('visage-settings-view'), /^(Language|语言)$/, locale === 'en' ? 'English' : '简体中文');
}

/** In the open "Set an admin PIN" dialog: types `pin` and `again`, presses OK. */
export async function typeNewPin(page: Page, pin: string, again = pin) {
  const dialog = dialogNamed(page, 'Set an admin PIN');
  await dialog.getByLabel('New PIN', { exact: true }).fill(pin);
  await dialog.getByLabel('New PIN again').fill(again);
  await dialog.getByRole('button', { name: 'OK' }).click();
  return dialog;
}

/** Leaves kiosk mode with the admin PIN (back to Settings). */
export async function leaveKiosk(page: Page, pin: string): Promise<void> {
  await page.getByRole('button', { name: 'Admin' }).click();
  const dialog = dialogNamed(page, 'Admin PIN');
  await dialog.getByLabel('PIN', { exact: true }).fill(pin);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(page.locator('visage-settings-view')).toBeVisible();
}

/** In Settings (open already): sets the checkbox labelled `label`. */
export async function setCheckbox(page: Page, label: string, checked: boolean): Promise<void> {
  const box = page.locator('visage-settings-view').getByRole('checkbox', { name: label, exact: true });
  // force: a Web Awesome checkbox's native box ignores the pointer (its label takes the click).
  await box.setChecked(checked, { force: true });
  await expect(box).toBeChecked({ checked });
}

/** A setting as stored in the app's database, read with plain IndexedDB. */
export function storedSetting(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('visage');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('settings').objectStore('settings').get(key);
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            db.close();
            resolve((req.result as { value?: unknown } | undefined)?.value);
          };
        };
      }),
    key,
  );
}

/** Every record of one store of the app's database (`keys`: only their keys), read with plain IndexedDB. */
export function storedRecords<T = unknown>(page: Page, store: string, keys = false): Promise<T[]> {
  return page.evaluate(
    ({ store, keys }) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('visage');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const os = db.transaction(store).objectStore(store);
          const req = (keys ? os.getAllKeys() : os.getAll()) as IDBRequest<unknown[]>;
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            db.close();
            resolve(req.result as T[]);
          };
        };
      }),
    { store, keys },
  );
}
