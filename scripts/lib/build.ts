/**
 * Builds the app into dist/ with Vite (quietly), after checking the models are prepared; and the
 * test pages (test/lab/) into dist-test/, apart from it (vite.test.config.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export async function buildApp(): Promise<void> {
  if (!existsSync(resolve(ROOT, 'public/models/manifest.json'))) {
    throw new Error('The models are not prepared: run `npm run models` (npm install does it)');
  }
  await build({ root: ROOT, configFile: resolve(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

/** The test pages, for the tests only: served at /__lab/ beside dist/ (testPagesMount, test-pages.ts). */
export async function buildTestPages(): Promise<void> {
  await build({ configFile: resolve(ROOT, 'vite.test.config.ts'), logLevel: 'warn' });
}
