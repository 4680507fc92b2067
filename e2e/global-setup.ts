/**
 * Before the browser tests:
 * - the test pages (test/lab/) are built into dist-test/ (vite.test.config.ts), which the test
 *   server serves at /__lab/; the app itself is built by `npm run build` (`npm test` does it first);
 * - the app's build (dist/) is checked to hold nothing of the test pages (no lab page, no
 *   window.visageDb / visageBench code), and the same check must still find them in dist-test/;
 * - test-only vendor files: the TFLite runtime for the browser (@tensorflow/tfjs-tflite), used
 *   as the reference the converted MobileFaceNet is compared with. It is not a dependency of
 *   the app (its peer pins an old tfjs-core): its pinned tarball is unpacked into .cache/vendor.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildTestPages } from '../scripts/lib/build';
import { npmPack } from '../scripts/lib/npm-pack';
import { extractFromTgz } from '../scripts/lib/tar';
import { findTestCode, TEST_PAGES_DIR } from '../scripts/lib/test-pages';
import { ROOT, VENDOR_CACHE } from './paths';

const TFLITE = '@tensorflow/tfjs-tflite@0.0.1-alpha.10';
const TFLITE_MIN_SHA256 = '2fb09bf069728bf4b63c51c72a3a6bcf415f3732c28e85624a0fd9bb8edabd2e';

export default async function globalSetup(): Promise<void> {
  const dist = resolve(ROOT, 'dist');
  if (!existsSync(resolve(dist, 'index.html'))) throw new Error('dist/ holds no build of the app: run `npm run build` first (`npm test` does)');
  await buildTestPages();
  const leaked = findTestCode(dist);
  if (leaked.length) throw new Error(`The app's build (dist/) holds test code:\n  ${leaked.join('\n  ')}`);
  if (!findTestCode(TEST_PAGES_DIR).length) throw new Error('The check for test code in dist/ no longer recognises the test pages (dist-test/): update scripts/lib/test-pages.ts');
  vendorTflite();
}

function vendorTflite(): void {
  const dir = join(VENDOR_CACHE, 'tfjs-tflite');
  if (existsSync(join(dir, 'tf-tflite.min.js'))) return;
  const files = extractFromTgz(npmPack(TFLITE, (m) => console.log(`[setup] ${m}`)), (p) =>
    p === 'package/dist/tf-tflite.min.js' || p.startsWith('package/wasm/'),
  );
  const main = files.get('package/dist/tf-tflite.min.js');
  const sha = main && createHash('sha256').update(main).digest('hex');
  if (sha !== TFLITE_MIN_SHA256) throw new Error(`tf-tflite.min.js sha256 ${sha} is not the pinned ${TFLITE_MIN_SHA256}`);
  for (const [path, bytes] of files) {
    const out = join(dir, path.slice(path.lastIndexOf('/') + 1));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, bytes);
  }
}
