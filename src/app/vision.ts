/**
 * The page's handle on the vision service (src/ml/vision-api.ts): one per page, started when a
 * view first needs the models, kept for the page's life, so the models load once. It runs in the
 * vision worker; where the worker cannot start, cannot get the GPU context the page has, or cannot
 * load the models, the same service runs on the main thread instead (`runsOn` says why). A worker
 * that dies is replaced at the next call of `getVision()`.
 *
 * Frames cross as transferred ImageBitmaps (`frame()`), callbacks as Comlink proxies.
 */
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { hasHardwareGpu } from '../ml/gpu';
import type { VisionApi, VisionInfo, VisionOptions } from '../ml/vision-api';
import { pipelineUrls, recognitionWorkerWanted } from './config';

/** Where the models run; on the main thread, why. */
export type RunsOn = { where: 'worker' } | { where: 'main'; reason: string };

export interface Vision {
  api: VisionApi;
  runsOn: RunsOn;
  info: VisionInfo;
}

/** How the service is hosted: its worker, and the same service on the main thread. */
export interface VisionHost {
  worker: () => Worker;
  local: () => Promise<VisionApi>;
}

let host: VisionHost = {
  worker: () => new Worker(new URL('../ml/vision.worker.ts', import.meta.url), { type: 'module', name: 'visage-vision' }),
  local: async () => new (await import('../ml/vision-service')).VisionService(),
};
let started: Promise<Vision> | null = null;
const progressListeners = new Set<(step: string) => void>();

/** Test pages only: their own host (the service with test hooks), set before anything starts. */
export function useVisionHost(testHost: VisionHost): void {
  host = testHost;
}

/** The vision service, started on first use; `onProgress` hears the model-loading steps while they last. */
export function getVision(onProgress?: (step: string) => void): Promise<Vision> {
  if (onProgress) progressListeners.add(onProgress);
  started ??= start().catch((error: unknown) => {
    started = null;
    throw error;
  });
  const done = () => onProgress && progressListeners.delete(onProgress);
  started.then(done, done);
  return started;
}

/** Marks a value whose buffers move to the worker instead of being copied (nothing on the main thread). */
export function sent<T>(value: T, transferables: Transferable[]): T {
  return transfer(value, transferables);
}

/** A frame for the call that takes it: transferred, and closed by the service. */
export function frame(bitmap: ImageBitmap): ImageBitmap {
  return sent(bitmap, [bitmap]);
}

/** Marks a callback that the worker calls back (a plain function on the main thread). */
export function callback<F extends (...args: never[]) => unknown>(fn: F): F {
  return proxy(fn);
}

const progress = (step: string) => progressListeners.forEach((listener) => listener(step));

/** The models' options; for the worker, whether the page has a real GPU (the worker refuses to load without one then). */
async function options(forWorker: boolean): Promise<VisionOptions> {
  return { urls: pipelineUrls(), mainGpu: forWorker && (await hasHardwareGpu()) };
}

async function start(): Promise<Vision> {
  const wanted = recognitionWorkerWanted();
  let reason = wanted === true ? '' : wanted;
  if (wanted === true) {
    try {
      return await startWorker();
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  const api = await host.local();
  return { api, runsOn: { where: 'main', reason }, info: await api.load(await options(false), progress) };
}

async function startWorker(): Promise<Vision> {
  let worker: Worker;
  try {
    worker = host.worker();
  } catch (error) {
    throw new Error(`module workers are unavailable here (${String(error)})`, { cause: error });
  }
  const remote: Remote<VisionApi> = wrap<VisionApi>(worker);
  // A worker that fails to load, or dies later, rejects what waits on it; the next getVision() starts anew.
  const died = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      reject(new Error(e.message || 'the worker script failed to load'));
      if (started) started = null;
    });
  });
  died.catch(() => undefined);
  try {
    const info = await Promise.race([options(true).then((o) => remote.load(o, proxy(progress))), died]);
    return { api: remote as unknown as VisionApi, runsOn: { where: 'worker' }, info };
  } catch (error) {
    remote[releaseProxy]();
    worker.terminate();
    const text = error instanceof Error ? error.message : String(error);
    throw new Error(/GPU context/.test(text) ? text : `the models could not load in the worker (${text})`, { cause: error });
  }
}
