/** The browser tests' server: the built app plus the datasets and test-only files. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { serveStatic, type Mount } from '../scripts/lib/serve';
import { DATASETS, HAVE_DATASETS, MODEL_CACHE, ROOT, VENDOR_CACHE } from './paths';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4173' } } });
const mounts: Mount[] = [
  { prefix: '/', dir: resolve(ROOT, 'dist') },
  { prefix: '/__e2e/', dir: resolve(ROOT, 'e2e/harness') },
  { prefix: '/__vendor/tfjs/', dir: resolve(ROOT, 'node_modules/@tensorflow/tfjs/dist') },
  { prefix: '/__vendor/', dir: VENDOR_CACHE },
  { prefix: '/__cache/', dir: MODEL_CACHE },
  { prefix: '/__node_modules/', dir: resolve(ROOT, 'node_modules') },
];
if (HAVE_DATASETS) mounts.push({ prefix: '/__data/', dir: DATASETS });
const server = await serveStatic(mounts, Number(values.port));
console.log(`test server on ${server.url}`);
