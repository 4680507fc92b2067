/**
 * Where the models run, seen from a browser test: every vision worker the page makes (and whether
 * it was terminated), and whether the page itself (the main thread) loaded any model, wasm, or the
 * code of TFJS or MediaPipe — each script the page loaded is read back and searched for a
 * signature of each library.
 */
import type { Page } from '@playwright/test';

/** Strings that only the bundled TFJS (registerKernel) and MediaPipe Tasks (detectForVideo) contain. */
const PIPELINE_CODE = /registerKernel|detectForVideo/;

/** Records every vision worker the page makes; call before the page loads. */
export async function recordVisionWorkers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Original = window.Worker;
    const made: Array<{ terminated: boolean }> = ((window as unknown as { visionWorkers: Array<{ terminated: boolean }> }).visionWorkers = []);
    window.Worker = class extends Original {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        if (!/vision\.worker/.test(String(url))) return;
        const record = { terminated: false };
        made.push(record);
        const terminate = this.terminate.bind(this);
        this.terminate = () => {
          record.terminated = true;
          terminate();
        };
      }
    };
  });
}

/** The vision workers the page made so far (recordVisionWorkers first). */
export function visionWorkers(page: Page): Promise<Array<{ terminated: boolean }>> {
  return page.evaluate(() => (window as unknown as { visionWorkers: Array<{ terminated: boolean }> }).visionWorkers);
}

/** What the page's main thread loaded of the models: model and wasm files, and scripts holding TFJS or MediaPipe code (paths). */
export async function pipelineOnMainThread(page: Page): Promise<string[]> {
  const urls = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  // The page's timeline also lists the worker's script and the chunks it imports statically (its
  // module graph, fetched for the worker): those run in the worker.
  const workerScript = urls.find((url) => /\/vision\.worker-[\w-]+\.js$/.test(new URL(url).pathname));
  const workerGraph = new Set<string>();
  if (workerScript) {
    const text = await (await page.request.get(workerScript)).text();
    for (const m of text.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) workerGraph.add(new URL(m[1]!, workerScript).pathname);
  }
  const found: string[] = [];
  for (const url of new Set(urls)) {
    const path = new URL(url).pathname;
    if (/\/(models|wasm)\//.test(path)) found.push(path);
    else if (url === workerScript || workerGraph.has(path)) continue;
    else if (/\.m?js$/.test(path) && PIPELINE_CODE.test(await (await page.request.get(url)).text())) found.push(path);
  }
  return found;
}

/** The same, for the vision worker: what it fetched (paths). */
export async function fetchedByVisionWorker(page: Page): Promise<string[]> {
  const worker = page.workers().find((w) => /vision\.worker/.test(w.url()));
  if (!worker) throw new Error(`no vision worker among ${page.workers().map((w) => w.url()).join(', ') || 'none'}`);
  return (await worker.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))).map((n) => new URL(n).pathname);
}
