/**
 * Live recognition on a playing <video> (framework-free): detect on every frame, track faces
 * across frames by box overlap, and (in 'recognize' mode) describe + identify each track at most
 * every `identifyEveryMs`. Results go out as events; the log is written without ever blocking
 * the loop.
 *
 * Events: 'result' (LiveResult, every processed frame), 'unknown-face' (LiveFace, a new track
 * judged unknown), 'error' ({ error }, a frame, the gallery or the log failed; the loop goes on).
 */
import type { Box, DetectedFace } from '../ml/detector';
import type { Gallery } from '../ml/matcher';
import type { FacePipeline } from '../ml/pipeline';
import { currentSettings, galleryEvents, getDb, getGallery, getPipeline, loadSettings } from './services';

export type { Box };

export type LiveFaceState = 'detected' | 'known' | 'unknown';

export interface LiveFace {
  trackId: number;
  box: Box;
  /** The person's name; null for an unknown face or one not judged yet. */
  name: string | null;
  personId: string | null;
  /** Best similarity of the last identification; null before any. */
  similarity: number | null;
  state: LiveFaceState;
  /** performance.now() of the frame where this face's track started (for latency measurements). */
  firstSeenAt: number;
}

/** What one frame cost, in ms (the benchmark reads these). */
export interface FrameTimings {
  detectMs: number;
  /** Landmark refinement and alignment of the faces embedded in this frame. */
  alignMs: number;
  embedMs: number;
  matchMs: number;
  /** Faces embedded in this frame (0: tracking only). */
  embedded: number;
}

export interface LiveResult {
  /** Video frame size (the boxes are in these pixels). */
  width: number;
  height: number;
  faces: LiveFace[];
  /** Processed frames per second (smoothed). */
  fps: number;
  /** performance.now() when the frame was taken. */
  frameAt: number;
  /** Cost of this frame so far (the second 'result' of a frame adds the identification). */
  timings: FrameTimings;
}

/** The result before any frame. */
export const NO_RESULT: Readonly<LiveResult> = Object.freeze({
  width: 0,
  height: 0,
  faces: [],
  fps: 0,
  frameAt: 0,
  timings: { detectMs: 0, alignMs: 0, embedMs: 0, matchMs: 0, embedded: 0 },
});

export interface LiveRecognizerEventMap {
  result: CustomEvent<LiveResult>;
  'unknown-face': CustomEvent<LiveFace>;
  error: CustomEvent<{ error: unknown }>;
}

export interface LiveRecognizerOptions {
  /** Names each model-loading step ('backend', 'detector', 'embedder', 'landmarks'). */
  onProgress?: (step: string) => void;
  /** Minimum time between two identifications of one track (default 300 ms). */
  identifyEveryMs?: number;
  /** A track unseen this long is forgotten (default 600 ms). */
  forgetAfterMs?: number;
}

interface Track extends LiveFace {
  lastSeen: number;
  /** When it was last identified (0: never). */
  identifiedAt: number;
}

/** Intersection over union of two boxes. */
export function iou(a: Box, b: Box): number {
  const x1 = Math.max(a.x, b.x);
  const y1 = Math.max(a.y, b.y);
  const x2 = Math.min(a.x + a.width, b.x + b.width);
  const y2 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

export const MIN_TRACK_IOU = 0.3;

// Typed listeners for the class below (declaration merging).
export interface LiveRecognizer {
  addEventListener<K extends keyof LiveRecognizerEventMap>(type: K, listener: (ev: LiveRecognizerEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof LiveRecognizerEventMap>(type: K, listener: (ev: LiveRecognizerEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

export class LiveRecognizer extends EventTarget {
  private video: HTMLVideoElement | null = null;
  private pipeline: FacePipeline | null = null;
  private gallery: Gallery | null = null;
  private names = new Map<string, string>();
  private tracks: Track[] = [];
  private nextTrackId = 1;
  /** Bumped by start/stop: callbacks of an older run do nothing. */
  private run = 0;
  private frameHandle: { kind: 'vfc' | 'raf'; id: number } | null = null;
  private lastFrameAt = 0;
  private fps = 0;
  private readonly identifyEveryMs: number;
  private readonly forgetAfterMs: number;
  private readonly onGalleryChange = () => void this.refreshGallery(this.run);

  constructor(private readonly options: LiveRecognizerOptions = {}) {
    super();
    this.identifyEveryMs = options.identifyEveryMs ?? 300;
    this.forgetAfterMs = options.forgetAfterMs ?? 600;
  }

  get running(): boolean {
    return this.video !== null;
  }

  /** Loads what is needed (models, settings, gallery) and starts the loop; rejects if the models fail to load. */
  async start(video: HTMLVideoElement): Promise<void> {
    this.stop();
    const run = ++this.run;
    this.video = video;
    galleryEvents.addEventListener('change', this.onGalleryChange);
    const [pipeline] = await Promise.all([getPipeline('VIDEO', this.options.onProgress), loadSettings(), this.refreshGallery(run)]);
    if (run !== this.run) return;
    this.pipeline = pipeline;
    this.schedule(run);
  }

  stop(): void {
    this.run++;
    galleryEvents.removeEventListener('change', this.onGalleryChange);
    const video = this.video;
    if (this.frameHandle && video) {
      if (this.frameHandle.kind === 'vfc') video.cancelVideoFrameCallback(this.frameHandle.id);
      else cancelAnimationFrame(this.frameHandle.id);
    }
    this.frameHandle = null;
    this.video = null;
    this.tracks = [];
    this.fps = 0;
    this.lastFrameAt = 0;
  }

  private emit<K extends keyof LiveRecognizerEventMap>(type: K, detail: LiveRecognizerEventMap[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  private async refreshGallery(run: number): Promise<void> {
    try {
      const [gallery, people] = await Promise.all([getGallery(), getDb().then((db) => db.listPeople())]);
      if (run !== this.run) return;
      this.gallery = gallery;
      this.names = new Map(people.map((p) => [p.id, p.name]));
      for (const t of this.tracks) t.identifiedAt = 0; // judge again against the new gallery
    } catch (error) {
      if (run === this.run) this.emit('error', { error });
    }
  }

  private schedule(run: number): void {
    const video = this.video;
    if (!video || run !== this.run) return;
    const go = () => void this.frame(run);
    if (typeof video.requestVideoFrameCallback === 'function') this.frameHandle = { kind: 'vfc', id: video.requestVideoFrameCallback(go) };
    else this.frameHandle = { kind: 'raf', id: requestAnimationFrame(go) };
  }

  private async frame(run: number): Promise<void> {
    const video = this.video;
    const pipeline = this.pipeline;
    if (!video || !pipeline || run !== this.run) return;
    try {
      if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) await this.process(run, video, pipeline);
    } catch (error) {
      if (run !== this.run) return;
      this.emit('error', { error });
      await new Promise((r) => setTimeout(r, 1000)); // do not spin on a failing frame
    }
    this.schedule(run);
  }

  private async process(run: number, video: HTMLVideoElement, pipeline: FacePipeline): Promise<void> {
    const now = performance.now();
    if (this.lastFrameAt) {
      const instant = 1000 / Math.max(1, now - this.lastFrameAt);
      this.fps = this.fps ? this.fps * 0.9 + instant * 0.1 : instant;
    }
    this.lastFrameAt = now;

    const before = { ...pipeline.times };
    const detected = pipeline.detect(video, now);
    const timings: FrameTimings = { detectMs: pipeline.times.detectMs - before.detectMs, alignMs: 0, embedMs: 0, matchMs: 0, embedded: 0 };
    const seen = this.track(detected, now);
    const settings = currentSettings();
    const recognize = settings.mode === 'recognize';
    if (!recognize) for (const t of this.tracks) Object.assign(t, { state: 'detected', name: null, personId: null, similarity: null, identifiedAt: 0 });
    this.emitResult(video, seen, now, timings);

    if (!recognize || !this.gallery) return;
    const due = seen.filter((s) => now - s.track.identifiedAt >= this.identifyEveryMs);
    if (due.length === 0) return;
    const described = await pipeline.describe(video, due.map((s) => s.face));
    if (run !== this.run) return;
    timings.alignMs = pipeline.times.refineMs - before.refineMs;
    timings.embedMs = pipeline.times.embedMs - before.embedMs;
    timings.embedded = described.length;
    const matchStart = performance.now();
    const gallery = this.gallery;
    described.forEach((d, i) => {
      const track = due[i]!.track;
      const id = gallery.identify(d.embedding, settings.threshold);
      const wasState = track.state;
      const wasPerson = track.personId;
      track.identifiedAt = performance.now();
      track.personId = id.personId;
      track.name = id.personId ? (this.names.get(id.personId) ?? null) : null;
      track.similarity = Number.isFinite(id.similarity) ? id.similarity : 0;
      track.state = id.personId ? 'known' : 'unknown';
      if (wasState === 'detected' || wasPerson !== track.personId) {
        this.log(run, track, d.crop);
        if (track.state === 'unknown' && wasState === 'detected') this.emit('unknown-face', this.publicFace(track));
      }
    });
    timings.matchMs = performance.now() - matchStart;
    this.emitResult(video, seen, now, timings);
  }

  /** Matches the detections to the tracks (greedy by IoU), starts new tracks, forgets old ones. */
  private track(faces: DetectedFace[], now: number): Array<{ face: DetectedFace; track: Track }> {
    const pairs: Array<{ f: number; t: number; iou: number }> = [];
    faces.forEach((face, f) =>
      this.tracks.forEach((track, t) => {
        const o = iou(face.box, track.box);
        if (o >= MIN_TRACK_IOU) pairs.push({ f, t, iou: o });
      }),
    );
    pairs.sort((a, b) => b.iou - a.iou);
    const faceTrack = new Map<number, Track>();
    const usedTracks = new Set<number>();
    for (const p of pairs) {
      if (faceTrack.has(p.f) || usedTracks.has(p.t)) continue;
      faceTrack.set(p.f, this.tracks[p.t]!);
      usedTracks.add(p.t);
    }
    const seen = faces.map((face, f) => {
      let track = faceTrack.get(f);
      if (!track) {
        track = { trackId: this.nextTrackId++, box: face.box, name: null, personId: null, similarity: null, state: 'detected', firstSeenAt: now, lastSeen: now, identifiedAt: 0 };
        this.tracks.push(track);
      }
      track.box = face.box;
      track.lastSeen = now;
      return { face, track };
    });
    this.tracks = this.tracks.filter((t) => now - t.lastSeen <= this.forgetAfterMs);
    return seen;
  }

  private publicFace(t: Track): LiveFace {
    return { trackId: t.trackId, box: { ...t.box }, name: t.name, personId: t.personId, similarity: t.similarity, state: t.state, firstSeenAt: t.firstSeenAt };
  }

  private emitResult(video: HTMLVideoElement, seen: Array<{ track: Track }>, frameAt: number, timings: FrameTimings): void {
    const faces = seen.map((s) => this.publicFace(s.track));
    this.emit('result', { width: video.videoWidth, height: video.videoHeight, faces, fps: this.fps, frameAt, timings: { ...timings } });
  }

  /** Fire and forget: a thumbnail of the aligned crop and a log entry; failures become 'error' events. */
  private log(run: number, track: Track, crop: OffscreenCanvas): void {
    const { logIntervalMs, logLimit } = currentSettings();
    const entry = { personId: track.personId, name: track.name, similarity: track.similarity ?? 0 };
    void (async () => {
      try {
        const thumbnail = await crop.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
        const db = await getDb();
        await db.addLogEntry({ ...entry, thumbnail }, { dedupeMs: logIntervalMs, maxEntries: logLimit });
      } catch (error) {
        if (run === this.run) this.emit('error', { error });
      }
    })();
  }
}
