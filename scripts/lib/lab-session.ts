/**
 * The real pipeline in headless Chromium for the command-line evaluations (`npm run eval`,
 * `npm run eval:identify`, `npm run eval:liveness`): builds the app and the test pages, serves them
 * (the lab page at /__lab/lab.html) with an image folder mounted at /__images/, opens the lab page
 * and loads the models. Ctrl-C closes everything. With `init.network` other than the app's, that network's
 * model is served from .cache/models (where `npm run models` writes it) and used instead of the app's.
 */
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { LabImageResult } from '../../test/lab/lab.ts';
import { DEFAULT_MODEL_SPEC, NETWORKS } from '../../src/ml/model-spec.ts';
import { buildApp, buildTestPages, ROOT } from './build.ts';
import { launchOptions } from './chromium.ts';
import { embedImages, mountedUrl } from './lfw-run.ts';
import { serveStatic, type Mount, type StaticServer } from './serve.ts';
import { testPagesMount } from './test-pages.ts';

export type LabInit = Parameters<Window['visage']['init']>[0];
export type LabInfo = Awaited<ReturnType<Window['visage']['init']>>;

export interface LabSession {
  page: Page;
  info: LabInfo;
  /** Set by Ctrl-C: long loops should stop. */
  readonly stopping: boolean;
  /** Every image's result (first face nearest the centre), in batches, with progress. */
  embed(images: readonly string[], o: { batch: number; variants?: boolean; detector?: 'still' | 'video'; onProgress?: (msg: string) => void }): Promise<{ results: Map<string, LabImageResult>; wallMs: number }>;
  close(): Promise<void>;
}

/** `tag` prefixes the progress lines (`[eval] …`) on stderr. */
export function progressLine(tag: string): (msg: string) => void {
  return (msg) => process.stderr.write(`\r\x1b[K[${tag}] ${msg}`);
}

/** `images`: a folder served at /__images/, or the mounts to serve beside the app. */
export async function openLabSession(tag: string, images: string | Mount[], init: LabInit): Promise<LabSession> {
  const progress = progressLine(tag);
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  let stopping = false;
  const close = async () => {
    await Promise.allSettled([browser?.close(), server?.close()]);
  };
  process.on('SIGINT', () => {
    if (stopping) process.exit(130);
    stopping = true;
    console.error(`\n${tag}: cancelled`);
    void close().then(() => process.exit(130));
  });

  progress('building the app…');
  await buildApp();
  await buildTestPages();
  const candidates = { prefix: '/__candidates/', dir: resolve(ROOT, '.cache/models') };
  server = await serveStatic([{ prefix: '/', dir: resolve(ROOT, 'dist') }, testPagesMount, candidates, ...(typeof images === 'string' ? [{ prefix: '/__images/', dir: images }] : images)]);
  browser = await chromium.launch(launchOptions);
  const page = await browser.newPage();
  page.on('pageerror', (err) => console.error(`\n[page] ${err.message}`));
  await page.goto(`${server.url}/__lab/lab.html`);
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
  progress('loading models…');
  // A network other than the app's is served from .cache/models (npm run models puts it there).
  const network = init?.network && NETWORKS[init.network].spec !== DEFAULT_MODEL_SPEC ? init.network : undefined;
  const withNetwork: LabInit = network ? { ...init, urls: { ...init?.urls, embedderModel: `/__candidates/${NETWORKS[network].spec.file}` } } : init;
  const info = await page.evaluate((o) => window.visage.init(o as LabInit), withNetwork);
  console.error(`\n[${tag}] backend ${info.backend}${info.skipped.length ? ` (passed over: ${info.skipped.join('; ')})` : ''}, detector delegate ${info.delegate}`);

  return {
    page,
    info,
    get stopping() {
      return stopping;
    },
    async embed(images, o) {
      const out = await embedImages<LabImageResult>(
        images,
        (chunk) =>
          page.evaluate(
            ([u, variants, detector]) => window.visage.embed(u as string[], { faces: 'central', variants: variants as boolean, detector: detector as 'still' | 'video' }),
            [chunk.map((p) => mountedUrl('/__images/', p)), o.variants ?? false, o.detector ?? 'still'] as const,
          ),
        {
          batch: Math.max(1, o.batch),
          stopped: () => stopping,
          onProgress: ({ done, total, msPerImage, etaS }) =>
            (o.onProgress ?? progress)(`${done}/${total} images (${Math.round((100 * done) / total)}%), ${msPerImage.toFixed(0)} ms/image, ${etaS.toFixed(0)} s left`),
        },
      );
      process.stderr.write('\n');
      const broken = [...out.results.values()].filter((r) => r.error);
      if (broken.length) throw new Error(`${broken.length} images could not be read, e.g. ${broken[0]!.url}: ${broken[0]!.error}`);
      return out;
    },
    close,
  };
}

/**
 * Runs a command's `main`: an error is printed (`tag: …`) and sets exit code 1; the session, if
 * one was opened, is closed either way.
 */
export function runCommand(tag: string, main: () => Promise<void>, session: () => LabSession | undefined): void {
  main()
    .catch((err: unknown) => {
      console.error(`\n${tag}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    })
    .finally(() => session()?.close());
}
