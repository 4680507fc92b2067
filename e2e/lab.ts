/** Opens the lab page (the real pipeline behind window.visage) in a test's page. */
import type { Page } from '@playwright/test';
import type {} from '../test/lab/lab';

export type InitOptions = Parameters<Window['visage']['init']>[0];

export async function openLab(page: Page, options: InitOptions = {}) {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto('/__lab/lab.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
  const info = await page.evaluate((o) => window.visage.init(o), options);
  return { info, errors };
}

export const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
