/**
 * The test pages (test/lab/: the lab page and its hooks): where their build goes (dist-test/,
 * vite.test.config.ts), where the test servers mount it (/__lab/, beside the app: same origin),
 * and the check that the app's build (dist/) holds nothing of them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Mount } from './serve.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The test pages' URL prefix on the test servers: the lab page is /__lab/lab.html. */
export const TEST_PAGES_PREFIX = '/__lab/';
/** Their build (git-ignored). */
export const TEST_PAGES_DIR = resolve(ROOT, 'dist-test');
export const testPagesMount: Mount = { prefix: TEST_PAGES_PREFIX, dir: TEST_PAGES_DIR };

/** A file of the test pages, by its name (lab.html, assets/lab-….js). */
const TEST_FILE = /(^|\/)lab[.-][^/]*$/;
/** What only the test pages' code says: its globals, the lab's title, its URL prefix. */
const TEST_TEXT = ['visageDb', 'visageBench', 'Visage lab', TEST_PAGES_PREFIX];
/** The files whose text is read (not the models' weights, images or wasm binaries). */
const TEXT_FILES = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.map', '.txt']);

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

/**
 * What of the test pages a build folder holds: one line per finding (`path: why`), none for a
 * clean build. The app's dist/ must give none; dist-test/ gives some (the check still sees them).
 */
export function findTestCode(dir: string): string[] {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: nothing was built there`);
  const found: string[] = [];
  for (const path of files(dir)) {
    const name = relative(dir, path).split('\\').join('/');
    if (TEST_FILE.test(name)) found.push(`${name}: a test page's file`);
    if (!TEXT_FILES.has(extname(name).toLowerCase())) continue;
    const text = readFileSync(path, 'utf8');
    for (const marker of TEST_TEXT) if (text.includes(marker)) found.push(`${name}: contains "${marker}"`);
  }
  return found;
}
