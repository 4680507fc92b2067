import { expect, test } from './fixtures';
import { enrollFromFiles, enrollPerson } from './app';
import { HAVE_DATASETS, NO_DATASETS } from './paths';

test.describe('people', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);

  test('add samples to an enrolled person from the People list', async ({ page }) => {
    await page.goto('/index.html#enroll');
    await enrollPerson(page, 'obama', ['knn/train/obama/obama.jpg']);
    await page.getByRole('link', { name: 'People' }).click();
    const people = page.locator('visage-people-view');
    await expect(people.locator('[data-samples]')).toHaveText('1 sample');

    await people.getByRole('link', { name: 'Add samples to obama' }).click();
    await expect(page.locator('visage-enroll-view').getByLabel('Name', { exact: true })).toHaveValue('obama');
    const view = await enrollFromFiles(page, 'obama', ['knn/train/obama/obama2.jpg']);
    await expect(view.locator('[data-message]')).toHaveText('Added 1 sample to obama');

    await page.getByRole('link', { name: 'People' }).click();
    await expect(people.locator('li')).toHaveCount(1);
    await expect(people.locator('[data-samples]')).toHaveText('2 samples');
  });
});
