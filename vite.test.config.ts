/**
 * The test pages (test/lab/), built only for the tests, apart from the app (vite.config.ts builds
 * the app into dist/, with nothing of them): into dist-test/ (git-ignored), by buildTestPages()
 * (scripts/lib/build.ts) from the browser tests' setup (e2e/global-setup.ts), `npm run eval*` and
 * `npm run bench`.
 *
 * The test servers serve dist-test/ at /__lab/ beside the app (scripts/lib/test-pages.ts): same
 * origin, so the pages share the app's IndexedDB, and the same cross-origin isolation headers.
 * The lab page is /__lab/lab.html. Its own files are referenced under /__lab/; its <base> is the
 * app's root, where the models and wasm are (public/ is not copied here).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { TEST_PAGES_DIR, TEST_PAGES_PREFIX } from './scripts/lib/test-pages.ts';
import { WHITESPACE_ONLY } from './vite.config.ts';
import { tfjsThreadPool } from './scripts/lib/tfjs-thread-pool.ts';

export default defineConfig({
  root: resolve(import.meta.dirname, 'test/lab'),
  base: TEST_PAGES_PREFIX,
  // The models and wasm are the app's (public/, served with dist/): not copied again.
  publicDir: false,
  envDir: import.meta.dirname,
  build: {
    outDir: TEST_PAGES_DIR,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // The same whitespace-only minifying as the app (vite.config.ts: TFJS's wasm threads need it).
    rollupOptions: {
      output: { minify: WHITESPACE_ONLY },
      input: { lab: resolve(import.meta.dirname, 'test/lab/lab.html') },
      // Quiet in the tests' output: the lab imports the pipeline and the live engine at once, which
      // the app loads lazily (their lazy imports cannot split this page), and on a busy machine
      // the build's timings would be reported.
      checks: { ineffectiveDynamicImport: false, bundlerTimings: false },
    },
  },
  plugins: [tfjsThreadPool()],
  worker: { format: 'es', plugins: () => [tfjsThreadPool()], rolldownOptions: { output: { minify: WHITESPACE_ONLY }, checks: { bundlerTimings: false } } },
});
