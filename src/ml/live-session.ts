/**
 * Live recognition inside the vision service: the live engine (detect, track, embed, identify)
 * and, when asked for, the liveness check of the lone face (liveness-flow.ts), fed with the
 * engine's results as they come. With the check on, nothing that tells who a face is leaves the
 * service before its track passed: the faces go out 'checking' with no name, person or
 * similarity, the unknown-face event waits for a stranger's pass, and a failure is logged as an
 * unknown face. A check's outcome becomes a log entry whose thumbnail is cut from the very frame
 * that was judged. Framework-free and worker-safe.
 */
import type { Box, FrameSource } from './detector';
import { LiveEngine, type EngineEvent, type GallerySnapshot, type LiveSettings } from './live-engine';
import { LivenessFlow, shownFace, type FlowOutcome } from './liveness-flow';
import { AttemptLimit, type LivenessSessionOptions } from './liveness-session';
import type { FacePipeline } from './pipeline';
import { seededRandom } from './random';
import type { LiveEvent, LiveSessionSettings, LivenessRequest } from './vision-api';

/** The challenge's options for a request (a seed only in tests), with a new limit on failed attempts. */
export function livenessOptions(request: LivenessRequest): LivenessSessionOptions {
  return { vertical: request.vertical, limit: new AttemptLimit(), ...(request.seed !== null ? { random: seededRandom(request.seed) } : {}) };
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
  private recognize: boolean;
  /** The frame being processed (a check's outcome cuts its thumbnail from it). */
  private source: FrameSource | null = null;
  private stopped = false;

  constructor(
    pipeline: FacePipeline,
    settings: LiveSessionSettings,
    private readonly emit: (event: LiveEvent) => void,
  ) {
    this.recognize = settings.mode === 'recognize';
    this.engine = new LiveEngine(pipeline, engineSettings(settings), (e) => this.onEngine(e));
    this.setSettings(settings);
  }

  setSettings(settings: LiveSessionSettings): void {
    this.engine.setSettings(engineSettings(settings));
    this.recognize = settings.mode === 'recognize';
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
    // A log entry made before the stop still goes out (its face was judged); nothing else does.
    if (this.stopped && event.type !== 'log') return;
    const flow = this.flow;
    switch (event.type) {
      case 'result': {
        if (!flow) return this.emit({ type: 'result', result: event.result, liveness: null });
        // The flow reads every result (it may report an outcome, cut from this frame, meanwhile);
        // the page gets the faces as the check lets them be seen.
        const liveness = flow.update(event.result);
        const faces = event.result.faces.map((f) => shownFace(f, flow, this.recognize));
        return this.emit({ type: 'result', result: { ...event.result, faces }, liveness });
      }
      case 'unknown-face':
        // With the check on, a stranger is warned about once they passed (outcome()): before, the
        // warning would tell a photo of a stranger from one of an enrolled person.
        return flow ? undefined : this.emit(event);
      case 'log':
        return this.emit({ type: 'log', entry: { ...event.entry, repeats: 'dedupe' } });
      case 'error':
        return this.emit({ type: 'error', error: cloneableError(event.error) });
      default:
        return this.emit(event);
    }
  }

  /**
   * A check ended: logged with the face as it was judged (every pass, with its name; failures, as
   * an unknown face with no similarity, within the log interval once; every pause), also when the
   * session stops while the JPEG is made (the outcome happened).
   */
  private outcome(o: FlowOutcome): void {
    const flow = this.flow;
    if (o.kind === 'passed' && o.personId === null && o.face && flow) this.emit({ type: 'unknown-face', face: shownFace(o.face, flow, true) });
    const thumbnail = o.face && this.source ? faceThumbnail(this.source, o.face.box) : null;
    const entry =
      o.kind === 'passed'
        ? { personId: o.personId, name: o.name, similarity: o.similarity, liveness: 'passed' as const }
        : { personId: null, name: null, similarity: 0, liveness: 'failed' as const, livenessReason: o.kind === 'failed' ? o.reason : ('too-many-attempts' as const) };
    const repeats = o.kind === 'failed' ? ('dedupe' as const) : ('keep' as const);
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
