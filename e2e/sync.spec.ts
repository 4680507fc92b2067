import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { expect, test, type Locator, type Page } from './fixtures';
import { chooseOption, dialogNamed, enrollPerson, photo, typeNewPin } from './app';
import { makeFakeCameraFile } from './camera';
import { HAVE_DATASETS, NO_DATASETS } from './paths';
import { watchContext } from './requests';
import { closedServerUrl, startGarbageServer, startSite, type Site } from './sync-server';
import { launchOptions } from '../scripts/lib/chromium';
import { fakeCameraArgs, NAME_SHIM } from '../scripts/lib/mjpeg';

/**
 * Issue 19 in the browser: two devices (two browser contexts, one of them with a camera) share a
 * site through a real CouchDB-protocol server on 127.0.0.1, started here. Each device's requests
 * may go to the app's origin and to that one server, and the CSP (which the service worker widens
 * to exactly the configured server) must never block anything.
 */

const PIN = '482916';

interface Device {
  context: BrowserContext;
  page: Page;
  check: () => void;
}

/** A device: a fresh context whose page is controlled by the installed service worker. */
async function openDevice(browser: Browser, baseURL: string, servers: string[], camera = false): Promise<Device> {
  const context = await browser.newContext({ baseURL, ...(camera ? { permissions: ['camera'] } : {}) });
  if (camera) await context.addInitScript(NAME_SHIM);
  const check = watchContext(context, new URL(baseURL).origin, servers);
  const page = await context.newPage();
  await page.goto('/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  return { context, page, check };
}

const go = (page: Page, view: 'Settings' | 'People' | 'Live' | 'Enroll' | 'Log') => page.getByRole('link', { name: view, exact: true }).click();
const syncPanel = (page: Page) => page.locator('visage-sync-panel');

async function fillConnection(form: Locator, site: Pick<Site, 'url' | 'database' | 'username' | 'password'>, device?: string): Promise<void> {
  await form.getByLabel('Server address').fill(site.url);
  await form.getByLabel('Database (site) name').fill(site.database);
  await form.getByLabel('User name').fill(site.username);
  await form.getByLabel('Password', { exact: true }).fill(site.password);
  if (device) await form.getByLabel('Name of this device').fill(device);
}

/** Waits for a round that succeeded after the page (re)loaded (a failure shows the panel's alert). */
async function synced(page: Page): Promise<void> {
  const panel = syncPanel(page);
  const state = async () => {
    const status = (await panel.getByRole('status').allTextContents()).join(' ');
    return /Last sync: (?!never)/.test(status) ? 'synced' : (await panel.getByRole('alert').allTextContents()).join(' ') || 'waiting';
  };
  // The page may reload under the poll (the service worker now allows the server): ask again.
  await expect.poll(() => state().catch(() => 'reloading'), { timeout: 60_000 }).toBe('synced');
}

async function createSite(page: Page, site: Site, device: string): Promise<void> {
  await go(page, 'Settings');
  await syncPanel(page).getByRole('button', { name: 'Create a new site' }).click();
  await fillConnection(syncPanel(page), site, device);
  await syncPanel(page).getByRole('button', { name: 'Connect' }).click();
}

async function joinSite(page: Page, site: Site, device: string, code: string, passphrase: string): Promise<void> {
  await go(page, 'Settings');
  const panel = syncPanel(page);
  await panel.getByRole('button', { name: 'Join with a pairing code' }).click();
  await fillConnection(panel, site, device);
  await panel.getByLabel('Pairing code').fill(code);
  await panel.getByLabel('One-time passphrase').fill(passphrase);
  await panel.getByRole('button', { name: 'Join', exact: true }).click();
}

/** On a device of the site: sets the admin PIN, then "Add a device" shows the code and passphrase. */
async function addDevice(page: Page): Promise<{ code: string; passphrase: string }> {
  await go(page, 'Settings');
  const panel = syncPanel(page);
  await panel.getByRole('button', { name: 'Add a device' }).click();
  await expect(panel.getByRole('alert')).toContainText('Set an admin PIN first');
  await page.getByRole('button', { name: 'Set the admin PIN' }).click();
  await expect(await typeNewPin(page, PIN)).toBeHidden();
  await panel.getByRole('button', { name: 'Add a device' }).click();
  const dialog = dialogNamed(page, 'Admin PIN');
  await dialog.getByLabel('PIN', { exact: true }).fill(PIN);
  await dialog.getByRole('button', { name: 'OK' }).click();
  const code = await panel.getByLabel('Pairing code').inputValue();
  const passphrase = await panel.getByLabel('One-time passphrase').inputValue();
  expect(code).toMatch(/^visage-pair1\./);
  return { code, passphrase };
}

async function rename(page: Page, from: string, to: string): Promise<void> {
  await go(page, 'People');
  const people = page.locator('visage-people-view');
  await people.getByRole('button', { name: `Rename ${from}` }).click();
  await people.getByLabel(`New name for ${from}`).fill(to);
  await people.getByRole('button', { name: 'Save' }).click();
  await expect(people.getByText(to, { exact: true })).toBeVisible();
}

async function expectPeople(page: Page, names: string[], absent: string[]): Promise<void> {
  await go(page, 'People');
  const people = page.locator('visage-people-view');
  for (const name of names) await expect(people.getByText(name, { exact: true })).toBeVisible({ timeout: 60_000 });
  for (const name of absent) await expect(people.getByText(name, { exact: true })).toHaveCount(0, { timeout: 60_000 });
}

/**
 * The server holds only envelopes: ids, revisions, the format version and ciphertext. Secrets are
 * looked for in the envelopes' clear parts and in the ciphertext's decoded bytes, never in its base64
 * text (where a short word turns up by chance: "Joe" about once in 260,000 characters); each secret
 * is at least 5 bytes, so a chance match in random bytes is below one in 10^6 for these galleries.
 */
function expectOnlyCiphertext(docs: Array<Record<string, unknown>>, secrets: string[]): void {
  expect(docs.length).toBeGreaterThan(0);
  const all = [...secrets, 'embedding', 'thumbnail', 'personId', 'image/jpeg'];
  for (const secret of all) expect(Buffer.byteLength(secret), secret).toBeGreaterThanOrEqual(5);
  const clear: unknown[] = [];
  for (const doc of docs) {
    const keys = Object.keys(doc).sort();
    if (doc['_deleted']) expect(keys).toEqual(['_deleted', '_id', '_rev']);
    else expect(keys).toEqual(['_id', '_rev', 'ct', 'iv', 'v']);
    expect(String(doc['_id'])).toMatch(/^(p|t|l):[0-9a-f-]{36}$|^s:site$/);
    const { ct, iv, ...rest } = doc;
    clear.push(rest);
    if (doc['_deleted']) continue;
    for (const field of [ct, iv]) expect(String(field)).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    const bytes = Buffer.from(String(ct), 'base64');
    for (const secret of all) expect(bytes.includes(Buffer.from(secret)), `${secret} in ${String(doc['_id'])}`).toBe(false);
  }
  const text = JSON.stringify(clear);
  for (const secret of all) expect(text).not.toContain(secret);
}

test.describe('sync between two devices', () => {
  test.skip(!HAVE_DATASETS, NO_DATASETS);

  test('pair B with A; enrolled on A, named on B; offline edits on both meet by the rule; the server sees only ciphertext', async ({ baseURL }) => {
    test.setTimeout(420_000);
    const site = await startSite(new URL(baseURL!).origin);
    const cameraBrowser = await chromium.launch({ ...launchOptions, args: [...launchOptions.args, ...fakeCameraArgs(await makeFakeCameraFile(photo('obama.jpg')), false)] });
    try {
      // Both devices have a camera (the same clip): each writes its own log entries.
      const a = await openDevice(cameraBrowser, baseURL!, [site.origin], true);
      await createSite(a.page, site, 'Front desk');
      await synced(a.page);
      const pairing = await addDevice(a.page);

      const b = await openDevice(cameraBrowser, baseURL!, [site.origin], true);
      await joinSite(b.page, site, 'Phone', pairing.code, pairing.passphrase);
      await synced(b.page);

      await go(a.page, 'Enroll');
      await enrollPerson(a.page, 'obama', ['knn/train/obama/obama.jpg', 'knn/train/obama/obama2.jpg']);
      await enrollPerson(a.page, 'biden', ['knn/train/biden/biden.jpg']);
      await expectPeople(b.page, ['obama', 'biden'], []);
      await go(b.page, 'Live');
      await expect(b.page.locator('visage-live-view').getByTestId('recognized')).toContainText('obama', { timeout: 90_000 });
      expectOnlyCiphertext(await site.rawDocs(), ['obama', 'biden']);

      // A sees obama too: B's log then holds both devices' entries, each with its device's name,
      // and the device filter narrows it to A's.
      await go(a.page, 'Live');
      await expect(a.page.locator('visage-live-view').getByTestId('recognized')).toContainText('obama', { timeout: 90_000 });
      await go(a.page, 'People');
      await go(b.page, 'Log');
      const logB = b.page.locator('visage-log-view');
      const rowsB = logB.getByRole('row').filter({ has: b.page.getByRole('cell') });
      await expect(rowsB.filter({ hasText: 'Front desk' }).first()).toBeVisible({ timeout: 60_000 });
      await expect(rowsB.filter({ hasText: 'Phone (this device)' }).first()).toBeVisible();
      await expect(logB.getByRole('columnheader', { name: 'Device' })).toBeVisible();
      await chooseOption(logB, 'Device', 'Front desk');
      await expect(rowsB.filter({ hasText: 'Phone (this device)' })).toHaveCount(0);
      await expect(rowsB.first()).toContainText('Front desk');
      // (Not every row need say 'Front desk': an entry keeps the name its device had when it was
      // written, and A's camera may log an unknown face before A is named.)
      await chooseOption(logB, 'Device', 'All devices');
      await expect(rowsB.filter({ hasText: 'Phone (this device)' }).first()).toBeVisible();
      // The device names travel inside the ciphertext too.
      expectOnlyCiphertext(await site.rawDocs(), ['obama', 'biden', 'Front desk']);

      // Offline on both: B deletes obama, then A renames him (a deletion beats a later rename);
      // A renames biden, then B does (the later change wins).
      await a.context.setOffline(true);
      await b.context.setOffline(true);
      await go(b.page, 'People');
      const peopleB = b.page.locator('visage-people-view');
      await peopleB.getByRole('button', { name: 'Delete obama' }).click();
      await peopleB.locator('wa-dialog [data-confirm]').click();
      await expect(peopleB.getByText('obama', { exact: true })).toHaveCount(0);
      await rename(a.page, 'obama', 'Barack A');
      await rename(a.page, 'biden', 'Joe A');
      await rename(b.page, 'biden', 'Joe B');
      await a.context.setOffline(false);
      await b.context.setOffline(false);
      for (const d of [a, b]) await expectPeople(d.page, ['Joe B'], ['Joe A', 'Barack A', 'obama']);

      const docs = await site.rawDocs();
      expectOnlyCiphertext(docs, ['obama', 'biden', 'Barack A', 'Joe A', 'Joe B']);
      a.check();
      b.check();
    } finally {
      await cameraBrowser.close();
      await site.stop();
    }
  });

  test('wrong credentials, a server down, a server answering junk, a device with another key: clear messages, nothing lost', async ({ browser, baseURL }) => {
    test.setTimeout(300_000);
    const appOrigin = new URL(baseURL!).origin;
    const site = await startSite(appOrigin);
    const junk = await startGarbageServer(appOrigin);
    const down = await closedServerUrl();
    try {
      const a = await openDevice(browser, baseURL!, [site.origin, junk.url, down]);
      await go(a.page, 'Enroll');
      await enrollPerson(a.page, 'obama', ['knn/train/obama/obama.jpg']);
      await createSite(a.page, site, 'Front desk');
      await synced(a.page);
      const panel = syncPanel(a.page);
      const alert = panel.getByRole('alert');

      const change = async (server: string, password = site.password) => {
        await go(a.page, 'Settings');
        await panel.getByRole('button', { name: 'Change the connection' }).click();
        await fillConnection(panel, { ...site, url: server, password });
        await panel.getByRole('button', { name: 'Save' }).click();
      };

      await change(site.url, 'not the password');
      await expect(alert).toHaveText('Sync stopped: the server refused the user name or password.', { timeout: 30_000 });
      await change(down);
      await expect(alert).toContainText('Sync stopped: the server cannot be reached', { timeout: 30_000 });
      await change(junk.url);
      await expect(alert).toContainText(/Sync stopped: the server (failed to answer properly|cannot be reached)/, { timeout: 30_000 });
      await expectPeople(a.page, ['obama'], []);

      // Another site key on the same database: refused before anything is sent.
      await change(site.url);
      await synced(a.page);
      await panel.getByRole('button', { name: 'Turn sync off' }).click();
      await panel.locator('wa-dialog [data-confirm]').click();
      await createSite(a.page, site, 'Front desk');
      await expect(alert).toContainText('this device’s site key does not open this site’s data', { timeout: 30_000 });
      await expectPeople(a.page, ['obama'], []);
      expectOnlyCiphertext(await site.rawDocs(), ['obama']);
      a.check();
    } finally {
      await junk.stop();
      await site.stop();
    }
  });
});
