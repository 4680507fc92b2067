/**
 * `npm run bench`'s time to the first name: the built app opened on #live, its service worker
 * installed and its files cached by an earlier visit (as an installed app is opened every day),
 * one enrolled person on the camera; from the page's navigation start to the moment their name
 * is in the live view's list. Each run is a new tab of the same browser (the worker, the models
 * and the wasm runtimes load again from the cache). The browser keeps a profile on disk, as a
 * person's does: Chrome keeps the compiled code of a WebAssembly module there once the module has
 * run a while (its hot functions optimised), and a later opening reads it back instead of
 * compiling again; a private (incognito-like) context, as the other phases use, keeps none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type {} from '../../test/lab/lab-db.ts';
import { launchOptions } from './chromium.ts';
import { fakeCameraArgs, NAME_SHIM } from './mjpeg.ts';

/**
 * How long the first visit is used before the openings are timed: a first day's use is longer
 * still. Seen here: Chrome wrote MediaPipe's compiled module about 20 s into a visit.
 */
export const FIRST_VISIT_MS = 30_000;

export interface FirstName {
  /** Each run's time, ms from navigation start. */
  runsMs: number[];
  medianMs: number;
  /** Median ms from navigation start to each of the app's `visage:` marks (src/app/timeline.ts). */
  marksMs: Record<string, number>;
}

/** Waits (each animation frame, in the page) for one of `names` in the live list; answers performance.now() then. */
async function nameShownAt(page: Page, names: string[], timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    (wanted) => {
      // The list is inside the shell's and the live view's shadow roots.
      const find = (root: Document | ShadowRoot): Element | null => {
        const hit = root.querySelector('[data-testid="recognized"]');
        if (hit) return hit;
        for (const el of Array.from(root.querySelectorAll('*'))) {
          const inner = el.shadowRoot ? find(el.shadowRoot) : null;
          if (inner) return inner;
        }
        return null;
      };
      const text = find(document)?.textContent ?? '';
      return wanted.some((n) => text.includes(n)) ? performance.now() : false;
    },
    names,
    { polling: 'raf', timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * The phase in its own browser, with a profile on disk (removed afterwards), its camera showing
 * `cameraFile`, the app served at `baseURL`.
 */
export async function firstNameInProfile(baseURL: string, cameraFile: string, people: Array<{ name: string; embedding: number[] }>, runs = 3): Promise<FirstName> {
  const profile = mkdtempSync(join(tmpdir(), 'visage-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions, args: [...launchOptions.args, ...fakeCameraArgs(cameraFile, true)], baseURL });
  try {
    await context.addInitScript(NAME_SHIM);
    return await firstNamePhase(context.pages()[0] ?? (await context.newPage()), people, runs);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** `page`: a tab of a browser whose camera shows one of the `people`, who are enrolled first. */
export async function firstNamePhase(page: Page, people: Array<{ name: string; embedding: number[] }>, runs = 3, firstVisitMs = FIRST_VISIT_MS): Promise<FirstName> {
  await page.goto('/__lab/lab.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
  await page.evaluate(async (list) => {
    const db = await window.visageDb.openVisageDb('visage');
    for (const p of list) await db.enrollPerson(p.name, [{ embedding: p.embedding, quality: 1 }]);
    db.close();
  }, people);
  const names = people.map((p) => p.name);
  // The first visit installs the service worker, which caches the app and its models.
  await page.goto('/index.html#live');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await nameShownAt(page, names, 120_000);
  // The first visit goes on (the live view running) for a while, as a first use would.
  await page.waitForTimeout(firstVisitMs);
  await page.goto('about:blank');
  const runsMs: number[] = [];
  const marks: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    const tab = await page.context().newPage();
    await tab.goto('/index.html#live');
    runsMs.push(Math.round(await nameShownAt(tab, names, 120_000)));
    const made = await tab.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('visage:')).map((m) => [m.name.slice(7), m.startTime] as const));
    for (const [name, at] of made) (marks[name] ??= []).push(Math.round(at));
    await tab.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const marksMs = Object.fromEntries(Object.entries(marks).sort(([, a], [, b]) => median(a) - median(b)).map(([name, at]) => [name, median(at)]));
  return { runsMs, medianMs: median(runsMs), marksMs };
}
