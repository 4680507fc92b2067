/**
 * The page's handle on the vision service (src/ml/vision-api.ts): one per page, started when a
 * view first needs the models (in the worker the page may have started as it opened:
 * vision-worker.ts), kept for the page's life, so the models load once. It runs in the
 * vision worker; where the worker cannot start, cannot get the GPU context the page has, or cannot
 * load the models, the same service runs on the main thread instead (`runsOn` says why).
 *
 * A worker that dies (an error event, or the lock it holds while alive is released: vision-host.ts)
 * is dropped: every call waiting on it, and any later call on its handle, rejects with a
 * ModelError 'worker-crashed' (stop calls resolve: nothing runs there any more), and the next
 * `getVision()` starts a new worker. After CRASH_LIMIT deaths within CRASH_WINDOW_MS the call
 * rejects with 'worker-unstable' instead and the service runs on the main thread from then on.
 *
 * Frames cross as transferred ImageBitmaps (`frame()`), callbacks as Comlink proxies.
 */
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { atom, type ReadableAtom } from 'nanostores';
import { hasHardwareGpu } from '../ml/gpu';
import type { VisionApi, VisionInfo, VisionOptions } from '../ml/vision-api';
import { ModelError } from '../ml/errors';
import { pipelineUrls, recognitionWorkerWanted } from './config';
import { describeError } from './describe-error';
import { mark } from './timeline';
import { newVisionWorker, takePrestartedWorker } from './vision-worker';

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

const APP_HOST: VisionHost = {
  worker: newVisionWorker,
  local: async () => new (await import('../ml/vision-service')).VisionService(),
};
let host = APP_HOST;
let started: Promise<Vision> | null = null;
/** When the workers died (the last CRASH_WINDOW_MS), and whether they died too often. */
const crashes: number[] = [];
let unstable = false;
export const CRASH_LIMIT = 3;
export const CRASH_WINDOW_MS = 5 * 60_000;
const progressListeners = new Set<(step: string) => void>();

/** Test pages only: their own host (the service with test hooks), set before anything starts. */
export function useVisionHost(testHost: VisionHost): void {
  host = testHost;
}

/** The running mode the first caller wants (the service loads its detector with the models). */
let firstMode: 'IMAGE' | 'VIDEO' = 'IMAGE';

/**
 * The vision service, started on first use; `onProgress` hears the model-loading steps while they
 * last. `mode`: the detector's running mode this caller will use ('VIDEO' for live frames).
 */
export function getVision(onProgress?: (step: string) => void, mode: 'IMAGE' | 'VIDEO' = 'IMAGE'): Promise<Vision> {
  if (onProgress) progressListeners.add(onProgress);
  if (!started) firstMode = mode;
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

/** Bytes of the model and runtime files read so far while the models load (null before the first byte count). */
export interface ModelBytes {
  loaded: number;
  total: number;
}
const modelBytes = atom<ModelBytes | null>(null);
/** The model load's download progress (the loading line's bar); null until a count is heard. */
export const $modelBytes: ReadableAtom<ModelBytes | null> = modelBytes;
const countBytes = (loaded: number, total: number) => modelBytes.set({ loaded, total });
/**
 * What hears the bytes read, only where they come over the network: a page the service worker
 * controls reads the models from its cache (every model and runtime file is precached), in well
 * under a second, and the count would cost more than it shows — it reads a copy of each file
 * (download-meter.ts): the first name came 0.05–0.1 s later with it (README, "Loading shows its
 * bytes"). Without a count the loading line shows the step and an indeterminate bar.
 */
const onBytes = () => (navigator.serviceWorker?.controller ? undefined : countBytes);

/** The models' options; for the worker, whether the page has a real GPU (the worker refuses to load without one then). */
async function options(forWorker: boolean): Promise<VisionOptions> {
  return { urls: pipelineUrls(), mainGpu: forWorker && (await hasHardwareGpu()), firstMode };
}

/** Whether `err` says the vision worker died (the caller may call getVision() again: a new one starts). */
export function isVisionLost(err: unknown): boolean {
  const code = err && typeof err === 'object' && (err as { name?: unknown }).name === 'ModelError' ? (err as { code?: unknown }).code : undefined;
  return code === 'worker-crashed' || code === 'worker-unstable';
}

async function start(): Promise<Vision> {
  mark('vision-start');
  const wanted = unstable ? unstableReason() : recognitionWorkerWanted();
  let reason = wanted === true ? '' : wanted;
  if (wanted === true) {
    try {
      return await startWorker();
    } catch (error) {
      reason = unstable ? unstableReason() : error instanceof Error ? error.message : String(error);
    }
  }
  const api = await host.local();
  return { api, runsOn: { where: 'main', reason }, info: await api.load(await options(false), progress, onBytes()) };
}

const unstableReason = () => describeError(new ModelError('worker-unstable', 'The vision worker kept crashing.'));

async function startWorker(): Promise<Vision> {
  let worker: Worker;
  // The app's worker may have been started as the page opened (vision-worker.ts).
  const early = host === APP_HOST ? takePrestartedWorker() : null;
  try {
    worker = early?.worker ?? host.worker();
  } catch (error) {
    throw new Error(`module workers are unavailable here (${String(error)})`, { cause: error });
  }
  const remote: Remote<VisionApi> = wrap<VisionApi>(worker);
  const lost = whenDead(worker);
  // Each death is counted once (loading or not; not a worker this page ended itself), and is the error of what waited on it.
  let retired = false;
  const death = lost.then((why) => ({ why, error: retired ? new ModelError('worker-crashed', 'The vision worker was ended.') : crashed() }));
  // A worker that dies while loading rejects the start (the models then run on the main thread).
  const died = death.then(({ why }) => Promise.reject(new Error(why)));
  died.catch(() => undefined);
  early?.replay();
  try {
    const count = onBytes();
    const info = await Promise.race([options(true).then((o) => (mark('vision-options'), remote.load(o, proxy(progress), count && proxy(count)))), died]);
    const vision: Vision = { api: guarded(remote, death), runsOn: { where: 'worker' }, info };
    void lost.then(() => {
      remote[releaseProxy]();
      worker.terminate();
      if (started) void started.then((v) => v === vision && (started = null), () => undefined);
    });
    return vision;
  } catch (error) {
    retired = true;
    remote[releaseProxy]();
    worker.terminate();
    const text = error instanceof Error ? error.message : String(error);
    throw new Error(/GPU context/.test(text) ? text : `the models could not load in the worker (${text})`, { cause: error });
  }
}

/**
 * Resolves (with why) when `worker` dies: an error event, or the Web Lock it holds while it lives
 * (its host names it in a first message, { visageAlive: name }) granted to the page.
 */
function whenDead(worker: Worker): Promise<string> {
  return new Promise((resolve) => {
    worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      resolve(e.message || 'the worker script failed to load');
    });
    const onMessage = (e: MessageEvent) => {
      const name = (e.data as { visageAlive?: unknown } | null)?.visageAlive;
      if (typeof name !== 'string') return;
      worker.removeEventListener('message', onMessage);
      void navigator.locks?.request(name, () => resolve('the worker stopped'));
    };
    worker.addEventListener('message', onMessage);
  });
}

/** The worker's deaths: this one counted, and the error the calls that waited on it get. */
function crashed(): ModelError {
  const now = performance.now();
  crashes.push(now);
  while (crashes.length && crashes[0]! < now - CRASH_WINDOW_MS) crashes.shift();
  if (crashes.length >= CRASH_LIMIT) unstable = true;
  return unstable ? new ModelError('worker-unstable', 'The vision worker kept crashing: the models now run on the main thread.') : new ModelError('worker-crashed', 'The vision worker stopped: a new one starts.');
}

/** `remote`, whose calls reject with the crash's error once the worker is dead (stop calls resolve). */
function guarded(remote: Remote<VisionApi>, death: Promise<{ error: ModelError }>): VisionApi {
  let error: ModelError | null = null;
  /** The calls waiting on the worker (a set, not a race per call: a frame a second for hours would pile up). */
  const waiting = new Set<(e: ModelError) => void>();
  void death.then((d) => {
    error = d.error;
    for (const reject of waiting) reject(d.error);
    waiting.clear();
  });
  const methods = remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  return new Proxy({} as VisionApi, {
    get(_, method) {
      if (typeof method !== 'string' || method === 'then') return undefined;
      return (...args: unknown[]) => {
        if (error) return /^stop/.test(method) ? Promise.resolve() : Promise.reject(error);
        return new Promise((resolve, reject) => {
          waiting.add(reject);
          methods[method]!(...args)
            .then(resolve, reject)
            .finally(() => waiting.delete(reject));
        });
      };
    },
  });
}
