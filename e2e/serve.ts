/**
 * The browser tests' server: `vite preview` of the built app (dist/, with the headers of
 * vite.config.ts), plus the shared datasets and test-only files under /__…/ prefixes, among them
 * the test pages (dist-test/, built by e2e/global-setup.ts) at /__lab/. Those get the same
 * cross-origin isolation headers (scripts/lib/serve.ts).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { preview } from 'vite';
import { staticHandler, type Mount } from '../scripts/lib/serve';
import { testPagesMount } from '../scripts/lib/test-pages';
import { DATASETS, HAVE_DATASETS, MODEL_CACHE, ROOT, VENDOR_CACHE } from './paths';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4173' } } });
const mounts: Mount[] = [
  testPagesMount,
  { prefix: '/__e2e/', dir: resolve(ROOT, 'e2e/harness') },
  { prefix: '/__vendor/tfjs/', dir: resolve(ROOT, 'node_modules/@tensorflow/tfjs/dist') },
  { prefix: '/__vendor/', dir: VENDOR_CACHE },
  { prefix: '/__cache/', dir: MODEL_CACHE },
  { prefix: '/__node_modules/', dir: resolve(ROOT, 'node_modules') },
];
if (HAVE_DATASETS) mounts.push({ prefix: '/__data/', dir: DATASETS });
const handle = staticHandler(mounts);

/**
 * A new app version without a new build, for the update test: after /__e2e/sw-version?bump the
 * service worker script gains a comment (another byte-for-byte script is a new version to the
 * browser); ?reset serves the built one again.
 */
let swVersion = 0;
function newVersions(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/__e2e/sw-version') {
    swVersion = url.searchParams.has('reset') ? 0 : swVersion + 1;
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(String(swVersion));
  } else if (url.pathname === '/sw.js' && swVersion > 0) {
    const body = `${readFileSync(resolve(ROOT, 'dist/sw.js'), 'utf8')}\n// e2e version ${swVersion}\n`;
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }).end(body);
  } else next();
}

const server = await preview({
  root: ROOT,
  logLevel: 'warn',
  preview: { port: Number(values.port), strictPort: true, host: '127.0.0.1', open: false },
  plugins: [
    {
      name: 'visage-e2e-mounts',
      configurePreviewServer(s) {
        s.middlewares.use(newVersions);
        s.middlewares.use((req, res, next) => (req.url?.startsWith('/__') ? handle(req, res, next) : next()));
      },
    },
  ],
});
console.log(`test server on ${server.resolvedUrls?.local[0] ?? values.port}`);
