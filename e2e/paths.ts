/** Where the browser tests find things, on disk and on the test server. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The shared test data: ../shared/datasets beside the project (never copied into it). */
export const DATASETS = resolve(ROOT, '../shared/datasets');
export const HAVE_DATASETS = existsSync(resolve(DATASETS, 'photos/manifest.json'));
export const NO_DATASETS = `../shared/datasets is absent (looked in ${DATASETS}): the tests that need real photos are skipped`;
export const VENDOR_CACHE = resolve(ROOT, '.cache/vendor');
export const MODEL_CACHE = resolve(ROOT, '.cache/models');

/** URL of a dataset file on the test server. */
export const data = (path: string) => `/__data/${path.split('/').map(encodeURIComponent).join('/')}`;
