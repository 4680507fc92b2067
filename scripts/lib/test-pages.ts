/**
 * The test pages (test/lab/: the lab page and its hooks): where their build goes (dist-test/,
 * vite.test.config.ts) and where the test servers mount it (/__lab/, beside the app: same origin).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Mount } from './serve.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The test pages' URL prefix on the test servers: the lab page is /__lab/lab.html. */
export const TEST_PAGES_PREFIX = '/__lab/';
/** Their build (git-ignored). */
export const TEST_PAGES_DIR = resolve(ROOT, 'dist-test');
export const testPagesMount: Mount = { prefix: TEST_PAGES_PREFIX, dir: TEST_PAGES_DIR };
