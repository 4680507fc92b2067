/**
 * Where live recognition runs, behind one small interface: the recognition worker
 * (recognition-bridge.ts) or, where no worker can, the main thread (main-thread-host.ts).
 * Both run the same engine (src/ml/live-engine.ts) and report the same events.
 */
import type { EngineEvent, GallerySnapshot, LiveSettings } from '../../ml/live-engine';

export interface RecognitionHost {
  readonly where: 'worker' | 'main';
  /**
   * Takes the video's current frame, taken at `frameAt` (performance.now()), unless a frame is
   * still being processed: then the frame is dropped (never queued) and this returns false.
   */
  offer(video: HTMLVideoElement, frameAt: number): boolean;
  setGallery(gallery: GallerySnapshot): void;
  setSettings(settings: LiveSettings): void;
  /** Stops for good (a worker is terminated); no event comes after. */
  stop(): void;
}

export interface HostCallbacks {
  onEvent: (event: EngineEvent) => void;
  /** A model-loading step ('backend', 'detector', 'embedder', 'landmarks'). */
  onProgress?: (step: string) => void;
  /** Aborted: the start is given up (a worker is terminated) and rejects. */
  signal?: AbortSignal;
}
