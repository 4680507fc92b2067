/**
 * The recognition worker's bridge (main thread): starts the module worker, loads the models in
 * it, sends it the gallery, the settings and the camera's frames (as transferred ImageBitmaps,
 * one at a time: while a frame is in flight the next one is not taken), and turns its messages
 * back into engine events. `stop()` terminates the worker; the next start makes a new one.
 *
 * `startInWorker` rejects with a `WorkerUnavailable` (its message is the reason, shown in the
 * live view) when the worker cannot start, cannot get a GPU context the page has, or cannot load
 * the models: the caller then runs recognition on the main thread.
 */
import { hasHardwareWebgl } from '../../ml/gpu';
import type { LiveSettings } from '../../ml/live-engine';
import type { FromWorker, ToWorker } from '../../ml/live-protocol';
import type { PipelineUrls } from '../../ml/pipeline';
import type { HostCallbacks, RecognitionHost } from './recognition-host';

export class WorkerUnavailable extends Error {
  override name = 'WorkerUnavailable';
}

class RecognitionBridge implements RecognitionHost {
  readonly where = 'worker';
  /** A frame is on its way to the worker or being processed there. */
  private busy = false;
  private worker: Worker | null;

  constructor(
    worker: Worker,
    private readonly onEvent: HostCallbacks['onEvent'],
  ) {
    this.worker = worker;
  }

  private post(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker?.postMessage(message, transfer);
  }

  offer(video: HTMLVideoElement, frameAt: number): boolean {
    if (!this.worker || this.busy) return false;
    this.busy = true;
    createImageBitmap(video).then(
      (bitmap) => {
        if (this.worker) this.post({ type: 'frame', bitmap, frameAt }, [bitmap]);
        else bitmap.close();
      },
      (error: unknown) => {
        this.busy = false;
        this.onEvent({ type: 'error', error });
      },
    );
    return true;
  }

  /** The worker's message about a frame or an event, once it is running. */
  receive(message: FromWorker): void {
    if (!this.worker) return;
    if (message.type === 'frame-done') this.busy = false;
    else if (message.type !== 'progress' && message.type !== 'ready' && message.type !== 'init-failed') this.onEvent(message);
  }

  setGallery(gallery: Parameters<RecognitionHost['setGallery']>[0]): void {
    this.post({ type: 'gallery', gallery }, [gallery.embeddings.buffer]);
  }

  setSettings(settings: LiveSettings): void {
    this.post({ type: 'settings', settings });
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}

/** Starts the recognition worker and its models; resolves once it can take frames. */
export function startInWorker(urls: PipelineUrls, settings: LiveSettings, { onEvent, onProgress, signal }: HostCallbacks): Promise<RecognitionHost> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('../../ml/recognition.worker.ts', import.meta.url), { type: 'module', name: 'visage-recognition' });
  } catch (error) {
    return Promise.reject(new WorkerUnavailable(`module workers are unavailable here (${String(error)})`));
  }
  const bridge = new RecognitionBridge(worker, onEvent);
  return new Promise<RecognitionHost>((resolve, reject) => {
    let ready = false;
    const fail = (reason: string) => {
      bridge.stop();
      reject(new WorkerUnavailable(reason));
    };
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const message = e.data;
      if (message.type === 'progress') onProgress?.(message.step);
      else if (message.type === 'init-failed') fail(message.reason);
      else if (message.type === 'ready') {
        ready = true;
        resolve(bridge);
      } else bridge.receive(message);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      const text = e.message || 'the worker script failed to load';
      if (ready) onEvent({ type: 'error', error: new Error(text) });
      else fail(text);
    };
    signal?.addEventListener('abort', () => fail('stopped'), { once: true });
    const init: ToWorker = { type: 'init', urls, settings, mainGpu: hasHardwareWebgl() };
    worker.postMessage(init);
  });
}
