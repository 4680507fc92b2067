/**
 * Live recognition on a playing <video> (framework-free). The main thread only takes frames and
 * hands them on: the work (detect every frame, track faces, embed new tracks and re-check old
 * ones, identify) runs in the recognition worker (worker-bridge/), or on the main thread where no
 * worker can, and says so (`runsOn`). A frame is taken only when the previous one is done; the
 * log is written here, without ever blocking the loop.
 *
 * Events: 'result' (LiveResult, every processed frame: after detection, and again after an
 * identification), 'unknown-face' (LiveFace, a new track judged unknown), 'error' ({ error }, a
 * frame, the gallery or the log failed; the loop goes on).
 */
import type { EngineEvent, GallerySnapshot, LiveFace, LiveLogEntry, LiveResult, LiveSettings } from '../../ml/live-engine';
import { pipelineUrls, recognitionWorkerWanted } from '../../app/config';
import { currentSettings, loadGallerySnapshot, loadSettings, writeLog, type Settings } from '../../app/services';
import { $galleryVersion, $settings } from '../../app/stores';
import { startOnMainThread } from '../../app/worker-bridge/main-thread-host';
import { startInWorker } from '../../app/worker-bridge/recognition-bridge';
import type { HostCallbacks, RecognitionHost } from '../../app/worker-bridge/recognition-host';

export type { Box } from '../../ml/detector';
export type { FrameTimings, LiveFace, LiveFaceState, LiveResult, LiveSample } from '../../ml/live-engine';

/** The result before any frame. */
export const NO_RESULT: Readonly<LiveResult> = Object.freeze({
  width: 0,
  height: 0,
  faces: [],
  fps: 0,
  frameAt: 0,
  timings: { detectMs: 0, alignMs: 0, embedMs: 0, matchMs: 0, embedded: 0 },
});

/** Where recognition runs; on the main thread, why. */
export type RunsOn = { where: 'worker' } | { where: 'main'; reason: string };

export interface LiveRecognizerEventMap {
  result: CustomEvent<LiveResult>;
  'unknown-face': CustomEvent<LiveFace>;
  error: CustomEvent<{ error: unknown }>;
}

export interface LiveRecognizerOptions {
  /** Names each model-loading step ('backend', 'detector', 'embedder', 'landmarks'). */
  onProgress?: (step: string) => void;
}

/** The engine's part of the settings. */
function liveSettings(s: Settings, liveness: boolean): LiveSettings {
  return { mode: s.mode, threshold: s.autoThreshold ? 'auto' : s.threshold, recheckMs: s.recheckMs, liveness };
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
  private host: RecognitionHost | null = null;
  private hostRunsOn: RunsOn | null = null;
  /** Aborts the start of the current run. */
  private starting: AbortController | null = null;
  /** Bumped by start/stop: callbacks of an older run do nothing. */
  private run = 0;
  private frameHandle: { kind: 'vfc' | 'raf'; id: number } | null = null;
  private readonly onGalleryChange = () => void this.sendGallery(this.run);
  private readonly onSettingsChange = () => this.host?.setSettings(liveSettings(currentSettings(), this.livenessOn));
  /** Unsubscribes from the gallery and settings stores (while running). */
  private unsubscribe: Array<() => void> = [];
  private livenessOn = false;

  constructor(private readonly options: LiveRecognizerOptions = {}) {
    super();
  }

  get running(): boolean {
    return this.video !== null;
  }

  /** A liveness check follows the results (see LiveSettings.liveness); may change while running. */
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
    return this.hostRunsOn;
  }

  /**
   * Starts recognition in the worker (or, failing that, on the main thread), sends it the
   * settings and the gallery, and starts taking frames; rejects if the models fail to load.
   */
  async start(video: HTMLVideoElement): Promise<void> {
    this.stop();
    const run = ++this.run;
    this.video = video;
    const starting = (this.starting = new AbortController());
    this.unsubscribe = [$galleryVersion.listen(this.onGalleryChange), $settings.listen(this.onSettingsChange)];
    const settings = liveSettings(await loadSettings(), this.livenessOn);
    if (run !== this.run) return;
    const callbacks: HostCallbacks = {
      onEvent: (event) => run === this.run && this.onEngineEvent(event),
      signal: starting.signal,
      ...(this.options.onProgress ? { onProgress: this.options.onProgress } : {}),
    };
    let host: RecognitionHost;
    let runsOn: RunsOn = { where: 'worker' };
    const wanted = recognitionWorkerWanted();
    try {
      if (wanted !== true) throw new Error(wanted);
      host = await startInWorker(pipelineUrls(), settings, callbacks);
    } catch (error) {
      if (run !== this.run) return;
      runsOn = { where: 'main', reason: error instanceof Error ? error.message : String(error) };
      host = await startOnMainThread(settings, callbacks);
    }
    if (run !== this.run) return host.stop();
    this.host = host;
    this.hostRunsOn = runsOn;
    host.setSettings(liveSettings(currentSettings(), this.livenessOn));
    await this.sendGallery(run);
    this.schedule(run);
  }

  stop(): void {
    this.run++;
    this.starting?.abort();
    this.starting = null;
    for (const off of this.unsubscribe.splice(0)) off();
    const video = this.video;
    if (this.frameHandle && video) {
      if (this.frameHandle.kind === 'vfc') video.cancelVideoFrameCallback(this.frameHandle.id);
      else cancelAnimationFrame(this.frameHandle.id);
    }
    this.frameHandle = null;
    this.video = null;
    this.host?.stop();
    this.host = null;
  }

  private emit<K extends keyof LiveRecognizerEventMap>(type: K, detail: LiveRecognizerEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  private onEngineEvent(event: EngineEvent): void {
    switch (event.type) {
      case 'result':
        return this.emit('result', event.result);
      case 'unknown-face':
        return this.emit('unknown-face', event.face);
      case 'error':
        return this.emit('error', { error: event.error });
      case 'log':
        return this.log(this.run, event.entry);
    }
  }

  private async sendGallery(run: number): Promise<void> {
    try {
      const gallery: GallerySnapshot = await loadGallerySnapshot();
      if (run === this.run) this.host?.setGallery(gallery);
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

  /** Each new video frame is offered; while the previous one is processed it is dropped. */
  private frame(run: number): void {
    const video = this.video;
    if (!video || run !== this.run) return;
    if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) this.host?.offer(video, performance.now());
    this.schedule(run);
  }

  /** Fire and forget: a log entry (the database drops repeats within the log interval); failures become 'error' events. */
  private log(run: number, entry: LiveLogEntry): void {
    writeLog(entry, 'dedupe').catch((error: unknown) => {
      if (run === this.run) this.emit('error', { error });
    });
  }
}
