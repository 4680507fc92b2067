/**
 * Live recognition inside the vision service: the live engine (detect, track, embed, identify)
 * and, when asked for, the liveness check of a lone enrolled face (liveness-flow.ts), fed with
 * the engine's results as they come. A check's outcome becomes a log entry whose thumbnail is cut
 * from the very frame that was judged. Framework-free and worker-safe.
 */
import type { Box, FrameSource } from './detector';
import { LiveEngine, type EngineEvent, type GallerySnapshot, type LiveSettings } from './live-engine';
import { LivenessFlow, type FlowOutcome } from './liveness-flow';
import type { LivenessSessionOptions } from './liveness-session';
import type { FacePipeline } from './pipeline';
import { seededRandom } from './random';
import type { LiveEvent, LiveSessionSettings, LivenessRequest } from './vision-api';

/** The challenge's options for a request (a seed only in tests). */
export function livenessOptions(request: LivenessRequest): LivenessSessionOptions {
  return { vertical: request.vertical, ...(request.seed !== null ? { random: seededRandom(request.seed) } : {}) };
}

/** Errors must survive structured cloning: anything else becomes an Error with its text. */
export function cloneableError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

const engineSettings = (s: LiveSessionSettings): LiveSettings => ({ mode: s.mode, threshold: s.threshold, recheckMs: s.recheckMs, liveness: s.liveness !== null });

export class LiveSession {
  private readonly engine: LiveEngine;
  private flow: LivenessFlow | null = null;
  private livenessKey = '';
  /** The frame being processed (a check's outcome cuts its thumbnail from it). */
  private source: FrameSource | null = null;
  private stopped = false;

  constructor(
    pipeline: FacePipeline,
    settings: LiveSessionSettings,
    private readonly emit: (event: LiveEvent) => void,
  ) {
    this.engine = new LiveEngine(pipeline, engineSettings(settings), (e) => this.onEngine(e));
    this.setSettings(settings);
  }

  setSettings(settings: LiveSessionSettings): void {
    this.engine.setSettings(engineSettings(settings));
    const key = JSON.stringify(settings.liveness);
    if (key === this.livenessKey) return;
    this.livenessKey = key;
    this.flow = settings.liveness ? new LivenessFlow(livenessOptions(settings.liveness), (o) => this.outcome(o)) : null;
  }

  setGallery(gallery: GallerySnapshot): void {
    this.engine.setGallery(gallery);
  }

  async frame(source: FrameSource, frameAt: number): Promise<void> {
    this.source = source;
    try {
      await this.engine.frame(source, frameAt);
    } finally {
      this.source = null;
    }
  }

  stop(): void {
    this.stopped = true;
    this.engine.stop();
  }

  private onEngine(event: EngineEvent): void {
    if (this.stopped) return;
    switch (event.type) {
      case 'result':
        // The flow reads every result (it may report an outcome, cut from this frame, meanwhile).
        return this.emit({ type: 'result', result: event.result, liveness: this.flow ? this.flow.update(event.result) : null });
      case 'log':
        return this.emit({ type: 'log', entry: { ...event.entry, repeats: 'dedupe' } });
      case 'error':
        return this.emit({ type: 'error', error: cloneableError(event.error) });
      default:
        return this.emit(event);
    }
  }

  /**
   * A check ended: logged with the face as it was judged (every pass; failures within the log
   * interval once), also when the session stops while the JPEG is made (the outcome happened).
   */
  private outcome(o: FlowOutcome): void {
    const thumbnail = o.face && this.source ? faceThumbnail(this.source, o.face.box) : null;
    const entry = { personId: o.personId, name: o.name, similarity: o.similarity, liveness: o.passed ? ('passed' as const) : ('failed' as const), ...(o.reason ? { livenessReason: o.reason } : {}) };
    const repeats = o.passed ? ('keep' as const) : ('dedupe' as const);
    if (!thumbnail) return this.emit({ type: 'log', entry: { ...entry, repeats } });
    thumbnail.then(
      (blob) => this.emit({ type: 'log', entry: { ...entry, thumbnail: blob, repeats } }),
      (error: unknown) => this.stopped || this.emit({ type: 'error', error: cloneableError(error) }),
    );
  }
}

/**
 * A square JPEG of the face (its box and a margin) from a frame. The pixels are copied at once,
 * so the frame may be closed before the JPEG is made.
 */
export function faceThumbnail(source: FrameSource, box: Box, size = 112): Promise<Blob> | null {
  const side = Math.max(box.width, box.height) * 1.3;
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.drawImage(source, box.x + box.width / 2 - side / 2, box.y + box.height / 2 - side / 2, side, side, 0, 0, size, size);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}
