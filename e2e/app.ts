/** Steps through the app's UI that several tests (and the screenshots script) take. */
import { expect, type Page } from '@playwright/test';
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
