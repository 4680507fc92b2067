/**
 * The vision worker's start. The worker's code (a small entry and the service it imports: TFJS's
 * core, graph loader and wasm backend, about 1 MB) takes 0.15–0.3 s to fetch and run before the
 * worker can load a model (measured on a 2-core machine; src/ml/vision.worker.ts), so when the page opens on a
 * view that runs the models at once (Live, the kiosk), main.ts's first import starts the worker
 * right away, while the rest of the app's code is still being read, and src/app/vision.ts takes
 * that worker when the view asks for the models (README, "Time to the first name").
 *
 * What the worker says before it is taken (its first message, an error) is held, and handed on
 * once the taker listens (`replay`), so nothing it said is lost.
 */
import { hasHardwareGpu } from '../ml/gpu';
import { recognitionWorkerWanted } from './config';
import { KIOSK_ROUTE, viewFromHash } from './route';

/** A new vision worker. */
export function newVisionWorker(): Worker {
  return new Worker(new URL('../ml/vision.worker.ts', import.meta.url), { type: 'module', name: 'visage-vision' });
}

/** The worker started early, with its held events. */
let early: { worker: Worker; release: () => void } | null = null;

/**
 * Keeps the events of these `types` that `target` fires from now on, until `release()`, which
 * stops keeping them and fires them again on `target`, in order (call it once the real listeners
 * are on). A kept error is not the console's to report (the listeners get it later).
 */
export function holdEvents(target: EventTarget, types: readonly string[]): () => void {
  const events: Event[] = [];
  const hold = (event: Event) => {
    if (event.type === 'error') event.preventDefault();
    events.push(event);
  };
  for (const type of types) target.addEventListener(type, hold);
  return () => {
    for (const type of types) target.removeEventListener(type, hold);
    for (const event of events.splice(0)) target.dispatchEvent(event);
  };
}

/**
 * Starts the vision worker now when the page opens on a route whose view runs the models at
 * once (`hash`: the page's) and the models are to run in a worker; does nothing otherwise.
 */
export function prestartVisionWorker(hash: string = location.hash, url: string = location.href): void {
  const route = viewFromHash(hash);
  if (early || (route !== 'live' && route !== KIOSK_ROUTE) || recognitionWorkerWanted(url) !== true) return;
  try {
    const worker = newVisionWorker();
    early = { worker, release: holdEvents(worker, ['message', 'error']) };
    // The worker's load waits for this answer (src/app/vision.ts): asked now, it is there sooner.
    void hasHardwareGpu();
  } catch {
    // No module workers here: src/app/vision.ts finds that out again when it starts one, and says why.
  }
}

/**
 * The worker started early, if any (only once): `replay()` fires again what it said before it was
 * taken; call it once the caller's listeners are on.
 */
export function takePrestartedWorker(): { worker: Worker; replay: () => void } | null {
  const taken = early;
  early = null;
  return taken && { worker: taken.worker, replay: taken.release };
}
