/**
 * Live recognition on a playing <video> (no Lit): the main thread only takes frames and hands
 * them to the vision service (src/app/vision.ts), which detects every frame, tracks faces, embeds
 * new tracks and re-checks old ones, identifies them and runs the liveness check. A frame is
 * taken only when the previous one is done (never queued); the log is written here, without ever
 * blocking the loop.
 *
 * Events: 'result' (LiveUpdate: every processed frame, after detection and again after an
 * identification), 'unknown-face' (LiveFace, a new track judged unknown), 'error' ({ error }: a
 * frame, the gallery or the log failed; the loop goes on).
 */
import { atom } from 'nanostores';
import type { FlowView } from '../../ml/liveness-flow';
import type { LiveFace, LiveResult } from '../../ml/live-engine';
import type { LiveEvent, LiveSessionSettings, LivenessRequest, VisionApi } from '../../ml/vision-api';
import { livenessSeed } from '../../app/config';
import { currentSettings, loadGallerySnapshot, loadSettings, writeLog, type Settings } from '../../app/services';
import { $galleryVersion, $settings } from '../../app/stores';
import { callback, frame, getVision, isVisionLost, sent, type RunsOn } from '../../app/vision';
import { mark } from '../../app/timeline';

export type { Box } from '../../ml/detector';
export type { FrameTimings, LiveFace, LiveFaceState, LiveResult, LiveSample } from '../../ml/live-engine';
export type { FlowView } from '../../ml/liveness-flow';
export type { RunsOn } from '../../app/vision';

/** The result before any frame. */
export const NO_RESULT: Readonly<LiveResult> = Object.freeze({
  width: 0,
  height: 0,
  faces: [],
  fps: 0,
  frameAt: 0,
  timings: { detectMs: 0, alignMs: 0, embedMs: 0, matchMs: 0, embedded: 0 },
});

/** One processed frame: the faces, and the liveness check's view when it runs. */
export interface LiveUpdate {
  result: LiveResult;
  liveness: FlowView | null;
}

/** The last frame any live recognizer of this page processed (the live view, the kiosk; the benchmark reads it). */
export const latestLiveUpdate = atom<LiveUpdate | null>(null);

export interface LiveRecognizerEventMap {
  result: CustomEvent<LiveUpdate>;
  'unknown-face': CustomEvent<LiveFace>;
  error: CustomEvent<{ error: unknown }>;
}

export interface LiveRecognizerOptions {
  /** Names each model-loading step ('backend', 'detector', 'embedder', 'landmarks'). */
  onProgress?: (step: string) => void;
  /**
   * Given each frame's picture just before the vision service takes it over (use it at once; it is
   * gone after the call): the live list's thumbnails are cropped from it, not from the video,
   * whose every read costs a conversion of the whole camera picture on the main thread.
   */
  onFrame?: (picture: ImageBitmap) => void;
}

/** The liveness check the settings ask for, or none. */
export function livenessRequest(s: Settings, on: boolean): LivenessRequest | null {
  return on ? { vertical: s.livenessVertical, seed: livenessSeed() } : null;
}

/** The service's part of the settings. */
function liveSettings(s: Settings, liveness: boolean): LiveSessionSettings {
  return { mode: s.mode, threshold: s.autoThreshold ? 'auto' : s.threshold, recheckMs: s.recheckMs, liveness: livenessRequest(s, liveness) };
}

// Typed listeners for the class below (declaration merging).
export interface LiveRecognizer {
  addEventListener<K extends keyof LiveRecognizerEventMap>(type: K, listener: (ev: LiveRecognizerEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof LiveRecognizerEventMap>(type: K, listener: (ev: LiveRecognizerEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

export class LiveRecognizer extends EventTarget {
  private video: HTMLVideoElement | null = null;
  private api: VisionApi | null = null;
  private where: RunsOn | null = null;
  private backendName: string | null = null;
  /** Bumped by start/stop: callbacks of an older run do nothing. */
  private run = 0;
  private busy = false;
  private frameHandle: { kind: 'vfc' | 'raf'; id: number } | null = null;
  private readonly onGalleryChange = () => void this.sendGallery(this.run);
  private readonly onSettingsChange = () => void this.api?.setLiveSettings(liveSettings(currentSettings(), this.livenessOn));
  /** Unsubscribes from the gallery and settings stores (while running). */
  private unsubscribe: Array<() => void> = [];
  private livenessOn = false;

  constructor(private readonly options: LiveRecognizerOptions = {}) {
    super();
  }

  get running(): boolean {
    return this.video !== null;
  }

  /** The liveness check runs on the results (a lone enrolled face must pass it); may change while running. */
  get liveness(): boolean {
    return this.livenessOn;
  }

  set liveness(on: boolean) {
    if (on === this.livenessOn) return;
    this.livenessOn = on;
    this.onSettingsChange();
  }

  /** Where recognition runs (null until started). */
  get runsOn(): RunsOn | null {
    return this.where;
  }

  /** The TFJS backend the models run on, e.g. 'wasm' or 'webgpu' (null until started). */
  get backend(): string | null {
    return this.backendName;
  }

  /** Starts loading the models for live frames now (while the camera opens); start() then finds them loading. */
  static preload(onProgress?: (step: string) => void): void {
    getVision(onProgress, 'VIDEO').catch(() => undefined);
  }

  /** Starts the vision service's live recognition on `video` (rejects if the models fail to load). */
  async start(video: HTMLVideoElement): Promise<void> {
    this.stop();
    const run = ++this.run;
    this.video = video;
    this.unsubscribe = [$galleryVersion.listen(this.onGalleryChange), $settings.listen(this.onSettingsChange)];
    // The gallery is read while the models load (a change meanwhile sends it again).
    const gallery = loadGallerySnapshot();
    gallery.catch(() => undefined);
    const settings = await loadSettings();
    const vision = await getVision(this.options.onProgress, 'VIDEO');
    mark('models-ready');
    if (run !== this.run) return;
    // A log entry of this run is written even when it arrives after a stop (its face was judged).
    await vision.api.startLive(liveSettings(settings, this.livenessOn), callback((event: LiveEvent) => (run === this.run || event.type === 'log') && this.onEvent(event)));
    if (run !== this.run) return void vision.api.stopLive();
    this.api = vision.api;
    this.where = vision.runsOn;
    this.backendName = vision.info.backend;
    this.onSettingsChange();
    await this.sendGallery(run, gallery);
    // The picture the video shows now is the first frame, not the next one (up to a frame's time sooner).
    this.frame(run);
  }

  stop(): void {
    this.run++;
    for (const off of this.unsubscribe.splice(0)) off();
    const video = this.video;
    if (this.frameHandle && video) {
      if (this.frameHandle.kind === 'vfc') video.cancelVideoFrameCallback(this.frameHandle.id);
      else cancelAnimationFrame(this.frameHandle.id);
    }
    this.frameHandle = null;
    this.video = null;
    void this.api?.stopLive();
    this.api = null;
    this.busy = false;
  }

  private emit<K extends keyof LiveRecognizerEventMap>(type: K, detail: LiveRecognizerEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  private onEvent(event: LiveEvent): void {
    switch (event.type) {
      case 'result': {
        const update = { result: event.result, liveness: event.liveness };
        latestLiveUpdate.set(update);
        return this.emit('result', update);
      }
      case 'unknown-face':
        return this.emit('unknown-face', event.face);
      case 'error':
        return this.emit('error', { error: event.error });
      case 'log': {
        // Fire and forget (the database drops repeats within the log interval); a failure is an 'error'.
        const run = this.run;
        const { repeats, ...entry } = event.entry;
        writeLog(entry, repeats).catch((error: unknown) => run === this.run && this.emit('error', { error }));
      }
    }
  }

  private async sendGallery(run: number, pending = loadGallerySnapshot()): Promise<void> {
    try {
      const gallery = await pending;
      mark('gallery-loaded');
      if (run === this.run) await this.api?.setGallery(sent(gallery, [gallery.embeddings.buffer]));
      mark('gallery-sent');
    } catch (error) {
      if (run === this.run) this.emit('error', { error });
    }
  }

  private schedule(run: number): void {
    const video = this.video;
    if (!video || run !== this.run) return;
    const go = () => this.frame(run);
    if (typeof video.requestVideoFrameCallback === 'function') this.frameHandle = { kind: 'vfc', id: video.requestVideoFrameCallback(go) };
    else this.frameHandle = { kind: 'raf', id: requestAnimationFrame(go) };
  }

  /** A frame failed: said; when the vision worker died, the session starts again (in a new worker). */
  private failed(video: HTMLVideoElement, error: unknown): void {
    this.emit('error', { error });
    if (isVisionLost(error)) this.start(video).catch((e: unknown) => this.emit('error', { error: e }));
  }

  /** Each new video frame is offered; while the previous one is processed it is dropped. */
  private frame(run: number): void {
    const video = this.video;
    const api = this.api;
    if (!video || !api || run !== this.run) return;
    if (!this.busy && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
      this.busy = true;
      const frameAt = performance.now();
      createImageBitmap(video)
        .then((bitmap) => {
          if (run !== this.run) return bitmap.close();
          this.options.onFrame?.(bitmap);
          return api.liveFrame(frame(bitmap), frameAt);
        })
        .catch((error: unknown) => run === this.run && this.failed(video, error))
        .finally(() => run === this.run && (this.busy = false));
    }
    this.schedule(run);
  }
}
