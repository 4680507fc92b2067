import { expect, test } from './fixtures';
import type {} from '../test/lab/lab-db';
import { chooseLanguage, enrollFromFiles, enrollPerson, storedRecords } from './app';
import { HAVE_DATASETS, NO_DATASETS } from './paths';

test.describe('people', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);

  test('add samples to an enrolled person from the People list', async ({ page }) => {
    await page.goto('/index.html#enroll');
    await enrollPerson(page, 'obama', ['knn/train/obama/obama.jpg']);
    await page.getByRole('link', { name: 'People', exact: true }).click();
    const people = page.locator('visage-people-view');
    await expect(people.locator('[data-samples]')).toHaveText('1 sample');

    await people.getByRole('link', { name: 'Add samples to obama' }).click();
    await expect(page.locator('visage-enroll-view').getByLabel('Name', { exact: true })).toHaveValue('obama');
    const view = await enrollFromFiles(page, 'obama', ['knn/train/obama/obama2.jpg']);
    await expect(view.locator('[data-message]')).toHaveText('Added 1 sample to obama');

    await page.getByRole('link', { name: 'People', exact: true }).click();
    await expect(people.locator('li')).toHaveCount(1);
    await expect(people.locator('[data-samples]')).toHaveText('2 samples');
  });

  test('a consent note: set in People, checked, listed, kept after a reload, edited and removed', async ({ page }) => {
    await page.goto('/__lab/lab.html');
    await page.waitForFunction(() => document.body.dataset['ready'] === 'true' && !!window.visageDb);
    await page.evaluate(async () => {
      const v = window.visageDb;
      const db = await v.openVisageDb('visage');
      await db.enrollPerson('Consenting Person', [{ embedding: v.fakeEmbedding(3), quality: 1 }]);
      db.close();
    });
    await page.goto('/index.html#people');
    const people = page.locator('visage-people-view');
    const row = people.locator('li', { hasText: 'Consenting Person' });
    await expect(row.locator('[data-consent]')).toHaveText('No consent recorded');

    await row.getByRole('button', { name: 'Consent of Consenting Person' }).click();
    const form = row.getByRole('form', { name: 'Consent of Consenting Person' });
    // Each bad field is refused with its message; nothing is stored.
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert')).toHaveText('Enter who gave the consent.');
    await form.getByLabel('Given by').fill('Consenting Person, \u202eherself');
    await form.getByLabel('Date').fill('2999-01-01');
    await form.getByLabel('How (form, e-mail, verbally…)').fill('signed paper form');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert')).toHaveText('The date cannot be in the future.');
    await form.getByLabel('Date').fill('2025-03-14');
    await form.getByLabel('How (form, e-mail, verbally…)').fill('x'.repeat(201));
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert')).toHaveText('Too long (at most 200 characters).');
    await expect(row.locator('[data-consent]')).toHaveText('No consent recorded');

    await form.getByLabel('How (form, e-mail, verbally…)').fill('signed paper form');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form).toHaveCount(0);
    // Listed, the bidi override removed; stored as typed (the date a local day).
    const listed = 'Consent: Consenting Person, herself, 3/14/2025, signed paper form';
    await expect(row.locator('[data-consent]')).toHaveText(listed);
    await page.reload();
    await expect(row.locator('[data-consent]')).toHaveText(listed);
    const stored = (await storedRecords<{ consent?: unknown }>(page, 'people')).map((p) => p.consent);
    expect(stored).toEqual([{ who: 'Consenting Person, herself', when: new Date(2025, 2, 14).getTime(), how: 'signed paper form' }]);

    // Edited (the form starts from the stored note), then removed.
    await row.getByRole('button', { name: 'Consent of Consenting Person' }).click();
    await expect(form.getByLabel('Date')).toHaveValue('2025-03-14');
    await form.getByLabel('How (form, e-mail, verbally…)').fill('e-mail of 14 March');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(row.locator('[data-consent]')).toHaveText('Consent: Consenting Person, herself, 3/14/2025, e-mail of 14 March');
    await row.getByRole('button', { name: 'Consent of Consenting Person' }).click();
    await form.getByRole('button', { name: 'Remove the note' }).click();
    await expect(row.locator('[data-consent]')).toHaveText('No consent recorded');
  });
});

test('first use: the empty People and Log views say what to do next, in the UI language', async ({ page }) => {
  await page.goto('/index.html#people');
  const people = page.locator('visage-people-view');
  await expect(people.locator('[data-empty]')).toContainText('Nobody is enrolled yet.Add people from photos or with the camera');
  await page.goto('/index.html#log');
  await expect(page.locator('visage-log-view')).toContainText('Each face the Live view names, or finds unknown, is written here');
  await page.locator('visage-app nav').getByRole('link', { name: 'Settings', exact: true }).click();
  await chooseLanguage(page, 'zh-Hans');
  await page.goto('/index.html#people');
  await people.getByRole('link', { name: '添加人员' }).click();
  await expect(page).toHaveURL(/#enroll$/);
  await expect(page.locator('visage-enroll-view')).toBeVisible();
});
