/**
 * The messages between the recognition bridge (main thread, src/app/worker-bridge/) and the
 * recognition worker (recognition.worker.ts). Everything here is structured-cloneable; frames
 * (ImageBitmap) and gallery embeddings (Float32Array) are transferred, not copied.
 */
import type { EngineEvent, GallerySnapshot, LiveSettings } from './live-engine';
import type { PipelineUrls } from './pipeline';

export type ToWorker =
  /** Load the models. `mainGpu`: the page has a real GPU, so a worker without one is worse off. */
  | { type: 'init'; urls: PipelineUrls; settings: LiveSettings; mainGpu: boolean }
  | { type: 'gallery'; gallery: GallerySnapshot }
  | { type: 'settings'; settings: LiveSettings }
  /** One frame; `frameAt` is the main thread's performance.now() when it was taken. */
  | { type: 'frame'; bitmap: ImageBitmap; frameAt: number };

export type FromWorker =
  /** A model-loading step ('backend', 'detector', 'embedder', 'landmarks'). */
  | { type: 'progress'; step: string }
  | { type: 'ready'; backend: string; delegate: string }
  /** The worker cannot do the work (the main thread should): why. */
  | { type: 'init-failed'; reason: string }
  /** The frame is done: the bridge may send the next one. */
  | { type: 'frame-done' }
  | EngineEvent;
