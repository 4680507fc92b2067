/**
 * The recognition worker: runs the live engine (detect, track, embed, identify) off the main
 * thread on frames the page transfers as ImageBitmaps, and posts back results, log entries (with
 * their JPEG thumbnail) and errors. Started and stopped by src/app/worker-bridge/.
 *
 * The gallery lives here: the page sends a snapshot whenever people change. A frame arrives only
 * after the previous one's 'frame-done' (the bridge drops frames while this one is busy).
 * Like the page, the worker sends nothing beyond the app's origin (same-origin-fetch.ts).
 */
import { hasHardwareWebgl } from './gpu';
import { LiveEngine, type GallerySnapshot, type LiveSettings } from './live-engine';
import type { FromWorker, ToWorker } from './live-protocol';
import { FacePipeline } from './pipeline';
import { allowSameOriginFetchOnly } from './same-origin-fetch';

declare const self: DedicatedWorkerGlobalScope;

allowSameOriginFetchOnly(self);

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, transfer);

let engine: LiveEngine | null = null;
/** What arrived before the models were loaded. */
let settings: LiveSettings | null = null;
let gallery: GallerySnapshot | null = null;

/** Errors must survive structured cloning: anything else becomes an Error with its text. */
function cloneable(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

async function init(message: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  if (message.mainGpu && !hasHardwareWebgl()) {
    post({ type: 'init-failed', reason: 'the worker cannot get a GPU context (WebGL on OffscreenCanvas)' });
    return;
  }
  settings = message.settings;
  let pipeline: FacePipeline;
  try {
    pipeline = await FacePipeline.create({ urls: message.urls, mode: 'VIDEO' }, (step) => post({ type: 'progress', step }));
  } catch (error) {
    post({ type: 'init-failed', reason: `the models could not load in the worker (${String(error)})` });
    return;
  }
  engine = new LiveEngine(pipeline, settings, (event) => post(event.type === 'error' ? { type: 'error', error: cloneable(event.error) } : event));
  if (gallery) engine.setGallery(gallery);
  post({ type: 'ready', backend: pipeline.backend.backend, delegate: pipeline.detector.delegate });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const message = e.data;
  switch (message.type) {
    case 'init':
      void init(message);
      break;
    case 'gallery':
      gallery = message.gallery;
      engine?.setGallery(gallery);
      break;
    case 'settings':
      settings = message.settings;
      engine?.setSettings(settings);
      break;
    case 'frame': {
      const { bitmap, frameAt } = message;
      const done = () => {
        bitmap.close();
        post({ type: 'frame-done' });
      };
      if (!engine) done();
      else void engine.frame(bitmap, frameAt).finally(done);
      break;
    }
  }
};
