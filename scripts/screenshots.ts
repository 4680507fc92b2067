/**
 * `npm run screenshots`: the README's pictures, taken from the built app in headless Chromium as a
 * person would use it. Obama and Biden are enrolled from photo files; the (fake) camera then shows
 * a photo of both. Every view (Live, Enroll, People, Log, Settings) and then the kiosk is taken on a
 * phone (390×844), a tablet (1280×800) and a desktop (1440×900), in English and Chinese, light and
 * dark: 72 pictures in docs/screens/<device>-<language>-<scheme>-<view>.jpg, and the README's
 * "Screenshots" tables (between the screenshots markers) written from the same list.
 * `--only <device|language|scheme|view>,…` takes a subset (the README's tables are written once
 * every picture is there).
 * Needs ../shared/datasets.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { enrollPerson, photo, setCheckbox, typeNewPin } from '../e2e/app.ts';
import { makeFakeCameraFile, withCamera } from '../e2e/camera.ts';
import { buildApp, ROOT } from './lib/build.ts';
import { serveStatic } from './lib/serve.ts';

const OUT = resolve(ROOT, 'docs/screens');
const README = resolve(ROOT, 'README.md');
const step = (msg: string) => console.log(`[screenshots] ${msg}`);

const DEVICES = { phone: { width: 390, height: 844 }, tablet: { width: 1280, height: 800 }, desktop: { width: 1440, height: 900 } } as const;
const LANGUAGES = { en: 'en', zh: 'zh-Hans' } as const;
const SCHEMES = ['light', 'dark'] as const;
const VIEWS = ['live', 'enroll', 'people', 'log', 'settings', 'kiosk'] as const;
type Device = keyof typeof DEVICES;
type Language = keyof typeof LANGUAGES;
type Scheme = (typeof SCHEMES)[number];
type View = (typeof VIEWS)[number];
interface Shot { device: Device; language: Language; scheme: Scheme; view: View }

const fileOf = (s: Shot) => `${s.device}-${s.language}-${s.scheme}-${s.view}.jpg`;
const NAMES = /obama|biden/;

function allShots(): Shot[] {
  const shots: Shot[] = [];
  for (const view of VIEWS)
    for (const device of Object.keys(DEVICES) as Device[])
      for (const language of Object.keys(LANGUAGES) as Language[])
        for (const scheme of SCHEMES) shots.push({ device, language, scheme, view });
  return shots;
}

/** `--only a,b`: the shots whose device, language, scheme or view is each named (all when absent). */
function chosen(shots: Shot[]): Shot[] {
  const i = process.argv.indexOf('--only');
  if (i < 0) return shots;
  const only = new Set((process.argv[i + 1] ?? '').split(','));
  const axes = [Object.keys(DEVICES), Object.keys(LANGUAGES), SCHEMES, VIEWS] as const;
  return shots.filter((s) => [s.device, s.language, s.scheme, s.view].every((v, k) => !axes[k]!.some((a) => only.has(a)) || only.has(v)));
}

/** The app in `shot`'s language and scheme (remembered like a person's choice), at its view. */
async function open(page: Page, base: string, shot: Shot): Promise<void> {
  await page.setViewportSize(DEVICES[shot.device]);
  await page.emulateMedia({ colorScheme: shot.scheme });
  await page.evaluate(([locale, theme]) => {
    localStorage.setItem('visage.locale', locale);
    localStorage.setItem('visage.theme', theme);
  }, [LANGUAGES[shot.language], shot.scheme] as const);
  await page.goto(`${base}/index.html#${shot.view === 'kiosk' ? 'live' : shot.view}`);
  await page.reload();
  const view = page.locator(shot.view === 'kiosk' ? 'visage-kiosk-view' : `visage-${shot.view}-view`);
  await view.waitFor();
  switch (shot.view) {
    case 'live':
    case 'kiosk':
      await view.getByText(NAMES).first().waitFor({ timeout: 120_000 });
      break;
    case 'enroll':
      await view.locator('input[type=file]').first().setInputFiles(photo('knn/test/kit_with_rose.jpg'));
      await view.locator('figure rect').nth(1).waitFor({ timeout: 60_000 });
      break;
    case 'people':
      await view.getByText(NAMES).first().waitFor();
      await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete));
      break;
    case 'log':
      await view.locator('tbody tr').first().waitFor({ timeout: 30_000 });
      break;
    case 'settings':
      break;
  }
  // Fonts, thumbnails and the frame-rate chip settle; then the picture.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.waitForTimeout(shot.view === 'live' || shot.view === 'kiosk' ? 2500 : 300);
}

/** The README's tables: one per language and scheme, a row per view, a column per device. */
function readmeTables(): string {
  const lines: string[] = [];
  for (const language of Object.keys(LANGUAGES) as Language[])
    for (const scheme of SCHEMES) {
      lines.push(`**${language === 'en' ? 'English' : 'Chinese'}, ${scheme}**`, '', '| | phone | tablet | desktop |', '| --- | --- | --- | --- |');
      for (const view of VIEWS) {
        const cells = (Object.keys(DEVICES) as Device[]).map((device) => {
          const f = `docs/screens/${fileOf({ device, language, scheme, view })}`;
          return `<a href="${f}"><img src="${f}" width="${device === 'phone' ? 90 : 220}" alt="${view}, ${device}, ${language}, ${scheme}"></a>`;
        });
        lines.push(`| ${view} | ${cells.join(' | ')} |`);
      }
      lines.push('');
    }
  return lines.join('\n');
}

function writeReadme(): void {
  const text = readFileSync(README, 'utf8');
  const start = '<!-- screenshots:start -->';
  const end = '<!-- screenshots:end -->';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} block`);
  writeFileSync(README, `${text.slice(0, a + start.length)}\n${readmeTables()}\n${text.slice(b)}`);
}

async function main(): Promise<void> {
  const shots = chosen(allShots());
  step('building the app…');
  await buildApp();
  const server = await serveStatic([{ prefix: '/', dir: resolve(ROOT, 'dist') }]);
  mkdirSync(OUT, { recursive: true });
  try {
    const camera = await makeFakeCameraFile(photo('two_people.jpg'));
    await withCamera(camera, server.url, async (page) => {
      await page.setViewportSize(DEVICES.desktop);
      await page.goto(`${server.url}/index.html#enroll`);
      step('enrolling obama and biden from photo files…');
      await enrollPerson(page, 'obama', ['knn/train/obama/obama.jpg', 'knn/train/obama/obama2.jpg']);
      await enrollPerson(page, 'biden', ['knn/train/biden/biden.jpg', 'knn/train/biden/biden2.jpg']);
      // The camera's two faces named once: the log has its entries whichever pictures are taken.
      await page.goto(`${server.url}/index.html#live`);
      await page.locator('visage-live-view').getByText(NAMES).first().waitFor({ timeout: 120_000 });
      // A still photo fails the kiosk's liveness check by design: off for these pictures.
      await page.goto(`${server.url}/index.html#settings`);
      await setCheckbox(page, 'Check liveness in kiosk mode', false);
      const siteName = page.locator('visage-kiosk-appearance').getByLabel('Site name');
      await siteName.fill('Riverside School');
      await siteName.press('Enter');
      for (const shot of shots.filter((s) => s.view !== 'kiosk')) {
        step(fileOf(shot));
        await open(page, server.url, shot);
        await page.screenshot({ path: resolve(OUT, fileOf(shot)), type: 'jpeg', quality: 80 });
      }
      const kiosk = shots.filter((s) => s.view === 'kiosk');
      if (kiosk.length) {
        await open(page, server.url, { device: 'desktop', language: 'en', scheme: 'light', view: 'settings' });
        await page.locator('visage-kiosk-panel').getByRole('button', { name: 'Start kiosk mode' }).click();
        await typeNewPin(page, '482916');
        for (const shot of kiosk) {
          step(fileOf(shot));
          await open(page, server.url, shot);
          await page.screenshot({ path: resolve(OUT, fileOf(shot)), type: 'jpeg', quality: 80 });
        }
      }
    });
    if (allShots().every((shot) => existsSync(resolve(OUT, fileOf(shot))))) writeReadme();
    step(`wrote ${shots.length} pictures in docs/screens/`);
  } finally {
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(`screenshots: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
