/**
 * The browser tests' server: `vite preview` of the built app (dist/, with the headers of
 * vite.config.ts), plus the shared datasets and test-only files under /__…/ prefixes.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { preview } from 'vite';
import { staticHandler, type Mount } from '../scripts/lib/serve';
import { DATASETS, HAVE_DATASETS, MODEL_CACHE, ROOT, VENDOR_CACHE } from './paths';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4173' } } });
const mounts: Mount[] = [
  { prefix: '/__e2e/', dir: resolve(ROOT, 'e2e/harness') },
  { prefix: '/__vendor/tfjs/', dir: resolve(ROOT, 'node_modules/@tensorflow/tfjs/dist') },
  { prefix: '/__vendor/', dir: VENDOR_CACHE },
  { prefix: '/__cache/', dir: MODEL_CACHE },
  { prefix: '/__node_modules/', dir: resolve(ROOT, 'node_modules') },
];
if (HAVE_DATASETS) mounts.push({ prefix: '/__data/', dir: DATASETS });
const handle = staticHandler(mounts);

const server = await preview({
  root: ROOT,
  logLevel: 'warn',
  preview: { port: Number(values.port), strictPort: true, host: '127.0.0.1', open: false },
  plugins: [
    {
      name: 'visage-e2e-mounts',
      configurePreviewServer(s) {
        s.middlewares.use((req, res, next) => (req.url?.startsWith('/__') ? handle(req, res, next) : next()));
      },
    },
  ],
});
console.log(`test server on ${server.resolvedUrls?.local[0] ?? values.port}`);
