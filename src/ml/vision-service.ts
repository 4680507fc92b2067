/**
 * The vision service (VisionApi): the one place where the models run. It loads them once, keeps
 * a pipeline per running mode (MediaPipe needs a detector task per mode; the embedder and the
 * face mesh are shared), and serves photo enrolment, live recognition with its liveness check,
 * and camera enrolment. Hosted by the vision worker, or by the page where no worker can.
 */
import { CaptureWork } from './capture-work';
import { toModelError } from './errors';
import { listenToDownloads } from './download-meter';
import { hasHardwareWebgl } from './gpu';
import type { GallerySnapshot } from './live-engine';
import { LiveSession } from './live-session';
import { FacePipeline } from './pipeline';
import { canvas2d } from './pixels';
import type { CaptureStart, CaptureUpdate, FoundFace, LiveEvent, LiveSessionSettings, VisionApi, VisionInfo, VisionOptions } from './vision-api';

/** The host cannot run the models as well as the page could (or at all): the page should. */
export class VisionUnavailable extends Error {
  override name = 'VisionUnavailable';
}

export class VisionService implements VisionApi {
  private loaded: { key: string; base: Promise<FacePipeline> } | null = null;
  private readonly modes = new Map<'IMAGE' | 'VIDEO', Promise<FacePipeline>>();
  private live: LiveSession | null = null;
  private capture: { id: number; work: CaptureWork } | null = null;
  private captures = 0;

  async load(options: VisionOptions, onProgress?: (step: string) => void, onBytes?: (loaded: number, total: number) => void): Promise<VisionInfo> {
    const { mainGpu, firstMode = 'IMAGE', ...pipelineOptions } = options;
    if (mainGpu && !hasHardwareWebgl()) throw new VisionUnavailable('the worker cannot get a GPU context (WebGL on OffscreenCanvas)');
    const key = JSON.stringify(pipelineOptions);
    if (this.loaded?.key !== key) {
      this.dispose();
      const unlisten = onBytes ? listenToDownloads((loaded, total) => void onBytes(loaded, total)) : null;
      // A failure to load is a ModelError ('download', 'no-backend'…), for the page's describeError().
      // The live view's pipeline is ready without the face mesh: its first names come sooner (pipeline.ts, meshLater).
      const base = FacePipeline.create({ ...pipelineOptions, mode: firstMode, meshLater: pipelineOptions.meshLater ?? firstMode === 'VIDEO' }, (step) => void onProgress?.(step)).catch((err: unknown) => {
        throw toModelError(err);
      });
      this.loaded = { key, base };
      this.modes.set(firstMode, base);
      if (unlisten) void base.then(unlisten, unlisten);
      base.catch(() => {
        if (this.loaded?.base === base) this.dispose();
      });
    }
    const pipeline = await this.loaded.base;
    return { backend: pipeline.backend.backend, skipped: pipeline.backend.skipped, delegate: pipeline.detector.delegate };
  }

  /** The pipeline for a running mode, sharing the loaded models. */
  protected pipeline(mode: 'IMAGE' | 'VIDEO'): Promise<FacePipeline> {
    if (!this.loaded) return Promise.reject(new Error('The models are not loaded (call load() first).'));
    let p = this.modes.get(mode);
    if (!p) {
      p = this.loaded.base.then((base) => base.withMode(mode));
      this.modes.set(mode, p);
    }
    return p;
  }

  async analysePhoto(bitmap: ImageBitmap): Promise<FoundFace[]> {
    try {
      const pipeline = await this.pipeline('IMAGE');
      // Left to right, so "Face 1, Face 2…" read in the order a person sees them.
      const detected = pipeline.detect(bitmap).sort((a, b) => a.box.x - b.box.x);
      const described = await pipeline.describe(bitmap, detected);
      return await Promise.all(
        described.map(async (d) => ({ box: d.box, embedding: d.embedding, thumbnail: await d.crop.convertToBlob({ type: 'image/jpeg', quality: 0.9 }), quality: d.score })),
      );
    } finally {
      bitmap.close();
    }
  }

  async startLive(settings: LiveSessionSettings, onEvent: (event: LiveEvent) => void): Promise<void> {
    await this.stopLive();
    const pipeline = await this.pipeline('VIDEO');
    // The liveness check reads the head's pose from the face mesh in every frame from the first:
    // it starts once the mesh is there (frames taken while it loaded would be judged without it).
    if (settings.liveness) await pipeline.meshReady();
    // A second start may have come meanwhile: the last one wins.
    (this.live as LiveSession | null)?.stop();
    this.live = new LiveSession(pipeline, settings, (event) => void onEvent(event));
  }

  async setLiveSettings(settings: LiveSessionSettings): Promise<void> {
    if (settings.liveness && this.live) await (await this.pipeline('VIDEO')).meshReady();
    this.live?.setSettings(settings);
  }

  async setGallery(gallery: GallerySnapshot): Promise<void> {
    this.live?.setGallery(gallery);
  }

  async liveFrame(bitmap: ImageBitmap, frameAt: number): Promise<void> {
    try {
      await this.live?.frame(bitmap, frameAt);
    } finally {
      bitmap.close();
    }
  }

  async stopLive(): Promise<void> {
    this.live?.stop();
    this.live = null;
  }

  async embedAligned(crops: Blob[]): Promise<Array<Float32Array | null>> {
    const pipeline = await this.pipeline('IMAGE');
    const size = pipeline.spec.inputSize;
    const canvases = await Promise.all(
      crops.map(async (blob) => {
        const bitmap = await createImageBitmap(blob).catch(() => null);
        if (!bitmap) return null;
        try {
          const { canvas, ctx } = canvas2d(size, size);
          ctx.drawImage(bitmap, 0, 0, size, size);
          return canvas;
        } finally {
          bitmap.close();
        }
      }),
    );
    const readable = canvases.filter((c) => c !== null);
    const embedded = await pipeline.embedder.embed(readable);
    let k = 0;
    return canvases.map((c) => (c ? embedded[k++]! : null));
  }

  async startCapture(options: CaptureStart): Promise<number> {
    const id = ++this.captures;
    this.capture = null;
    const work = new CaptureWork(await this.pipeline('VIDEO'), options);
    if (id === this.captures) this.capture = { id, work };
    return id;
  }

  async captureFrame(bitmap: ImageBitmap, timeMs: number): Promise<CaptureUpdate> {
    try {
      if (!this.capture) throw new Error('No camera enrolment is running (call startCapture() first).');
      return await this.capture.work.frame(bitmap, timeMs);
    } finally {
      bitmap.close();
    }
  }

  async stopCapture(id: number): Promise<void> {
    if (this.capture?.id === id) this.capture = null;
  }

  private dispose(): void {
    this.live?.stop();
    this.live = null;
    this.capture = null;
    const pipelines = [...this.modes.values()];
    this.modes.clear();
    this.loaded = null;
    // The mode pipelines share the base's models: each closes its own detector, the base the rest.
    for (const p of pipelines) p.then((pipeline) => pipeline.dispose(), () => undefined);
  }
}
