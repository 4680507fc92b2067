/**
 * The live frame engine: detect every frame, follow the faces (tracker.ts), embed the tracks that
 * are due in one batch, identify them against the gallery, and report plain, cloneable events.
 *
 * Framework-free and worker-safe: the recognition worker runs it (recognition.worker.ts), and so
 * does the main thread when no worker can (src/app/worker-bridge/). Times are the caller's: the
 * frame's `frameAt` (main-thread performance.now()) drives tracking, re-checks and the results.
 */
import type { Point } from './align';
import { sourceSize, type Box, type DetectedFace, type FrameSource } from './detector';
import type { MeshResult } from './landmarks';
import { Gallery, type Identification } from './gallery';
import { DEFAULT_MATCH_THRESHOLD, PROVISIONAL_MARGIN, meanTemplates, thresholdForGallery } from './matcher';
import { DEFAULT_MODEL_SPEC } from './model-spec';
import { LIVENESS_EMBED_MS } from './liveness-session';
import { trustedMesh, type FacePipeline } from './pipeline';
import { Tracker, dueForEmbedding, recheckPolicy, trackView, type Seen, type Track, type TrackState } from './tracker';
import { SceneScan } from './scene';

/**
 * A track's state; 'checking' only as the live session sends it while the liveness check is on
 * (liveness-flow.ts shownFace): not judged for the page until it passed.
 */
export type LiveFaceState = TrackState | 'checking';

export interface LiveFace {
  trackId: number;
  box: Box;
  /** The person's name; null for an unknown face, one not judged yet, or one still being checked for liveness. */
  name: string | null;
  personId: string | null;
  /** Best similarity of the last identification; null before any. */
  similarity: number | null;
  state: LiveFaceState;
  /** performance.now() (main thread) of the frame where this face's track started (for latency measurements). */
  firstSeenAt: number;
  /** BlazeFace's 6 keypoints in this frame, in video pixels. */
  keypoints: Point[];
  /**
   * In liveness mode, the lone face's mesh in this frame (468 x, y, z in video pixels, when the
   * mesh saw a face): the liveness check reads the head's pose from it.
   */
  mesh?: Float32Array;
  /**
   * In liveness mode, when this face was embedded in this frame: the embedding and the best
   * match of that embedding alone (the track's own name and state follow the usual re-checks).
   */
  sample?: LiveSample;
}

/** One embedding of a face and whom it matches (liveness mode). */
export interface LiveSample {
  embedding: Float32Array;
  personId: string | null;
  similarity: number;
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
  /** performance.now() (main thread) when the frame was taken. */
  frameAt: number;
  /** Cost of this frame so far (the second 'result' of a frame adds the identification). */
  timings: FrameTimings;
}

/** The settings the engine follows. */
export interface LiveSettings {
  mode: 'detect' | 'recognize';
  /** A fixed threshold, or 'auto': `thresholdForGallery` of the gallery's number of people. */
  threshold: number | 'auto';
  /** Re-check (embed again) a known face every this many ms; unknown faces sooner (tracker.ts). */
  recheckMs: number;
  /**
   * A liveness check follows the faces (liveness-flow.ts): a lone face is also embedded
   * every LIVENESS_EMBED_MS and reported with its sample, and known faces are not logged here
   * (the check logs its outcomes, a name only with a pass). Unknown faces are logged as always
   * (no name). The live session sends none of the names on before a face passed.
   */
  liveness?: boolean;
}


/** The enrolled templates, as sent to the engine (transferable: one Float32Array). */
export interface GallerySnapshot {
  /** personIds.length × the model's dimension (model-spec.ts), row-major. */
  embeddings: Float32Array;
  /** The person of each row. */
  personIds: string[];
  /** Names by person id. */
  names: Record<string, string>;
}

/** The searchable gallery of a snapshot: one mean template per person (matcher.ts, meanTemplates). */
export function snapshotGallery({ embeddings, personIds }: GallerySnapshot): Gallery {
  const { dim } = DEFAULT_MODEL_SPEC;
  const gallery = new Gallery(dim, Math.max(1, personIds.length));
  // One call: storage sized once, templates quantized in bulk (README, "1:N search").
  gallery.addMany(meanTemplates(personIds.map((personId, i) => ({ personId, embedding: embeddings.subarray(i * dim, (i + 1) * dim) })), dim));
  return gallery;
}

/** A log entry to write (the face's aligned crop as a JPEG). */
export interface LiveLogEntry {
  personId: string | null;
  name: string | null;
  similarity: number;
  thumbnail: Blob;
}

export type EngineEvent =
  | { type: 'result'; result: LiveResult }
  /** A new track judged unknown. */
  | { type: 'unknown-face'; face: LiveFace }
  | { type: 'log'; entry: LiveLogEntry }
  | { type: 'error'; error: unknown };

/** After a failing frame, wait this long before the next: do not spin on a broken camera or model. */
const PAUSE_AFTER_ERROR_MS = 1000;

/** While the liveness check follows one face, one frame in this many looks at a tile too. */
const LONE_TILE_EVERY = 4;

export class LiveEngine {
  private readonly tracker = new Tracker();
  /** Which parts of the frame to look at besides the whole (scene.ts). */
  private readonly scan = new SceneScan();
  private gallery: Gallery | null = null;
  private names = new Map<string, string>();
  private lastFrameAt = 0;
  private fps = 0;
  private stopped = false;
  /** When the lone face was last embedded for the liveness check. */
  private livenessEmbeddedAt = -Infinity;
  /** Frames processed while the liveness check followed one face (every LONE_TILE_EVERY-th gets a tile). */
  private loneFrames = 0;

  constructor(
    private readonly pipeline: FacePipeline,
    private settings: LiveSettings,
    private readonly emit: (event: EngineEvent) => void,
  ) {}

  setSettings(settings: LiveSettings): void {
    const before = this.threshold;
    this.settings = settings;
    if (this.threshold !== before) this.tracker.rejudgeAll();
  }

  /** The threshold in force: the fixed one, or the rule's for this gallery. */
  get threshold(): number {
    const t = this.settings.threshold;
    return t === 'auto' ? thresholdForGallery(this.gallery?.personCount ?? 0) : t;
  }

  setGallery(snapshot: GallerySnapshot): void {
    this.gallery = snapshotGallery(snapshot);
    this.names = new Map(Object.entries(snapshot.names));
    this.tracker.rejudgeAll();
  }

  /** No more events, not even of a frame under way. */
  stop(): void {
    this.stopped = true;
  }

  /** Processes one frame taken at `frameAt`; never throws (a failure is an 'error' event, then a pause). */
  async frame(source: FrameSource, frameAt: number): Promise<void> {
    try {
      await this.process(source, frameAt);
    } catch (error) {
      if (this.stopped) return;
      this.emit({ type: 'error', error });
      await new Promise((r) => setTimeout(r, PAUSE_AFTER_ERROR_MS));
    }
  }

  private async process(source: FrameSource, frameAt: number): Promise<void> {
    const { width, height } = sourceSize(source);
    if (this.lastFrameAt) {
      const instant = 1000 / Math.max(1, frameAt - this.lastFrameAt);
      this.fps = this.fps ? this.fps * 0.9 + instant * 0.1 : instant;
    }
    this.lastFrameAt = frameAt;

    const { pipeline, settings } = this;
    const before = { ...pipeline.times };
    // While the liveness check follows one person, a tile only every LONE_TILE_EVERY frames: the
    // check needs the frames (at a tile a frame, a replayed recording was judged from fewer frames
    // and got through), but others in view must still be found (none at all left a group at the
    // kiosk with one face boxed, and the check going on as if that face were alone).
    const followed = this.tracker.all.map((t) => t.box);
    const followsOne = settings.liveness && followed.length === 1;
    const tiles = !followsOne || this.loneFrames++ % LONE_TILE_EVERY === 0;
    const { faces: detected, meshes, held } = await pipeline.detectScene(source, frameAt, this.scan, followed, tiles);
    if (this.stopped) return;
    const timings: FrameTimings = { detectMs: pipeline.times.detectMs - before.detectMs, alignMs: 0, embedMs: 0, matchMs: 0, embedded: 0 };
    const seen = this.tracker.update(detected, frameAt, held);
    const recognize = settings.mode === 'recognize';
    if (!recognize) this.tracker.forgetJudgements();
    // Liveness: the lone face's mesh in every frame (its pose), reused if it is embedded below.
    // A face only kept from an earlier frame (scene.ts, held) is shown, not measured nor embedded.
    const lone = settings.liveness && seen.length === 1 && !held.has(seen[0]!.face) ? seen[0]! : null;
    const loneMesh = lone ? (meshes.get(lone.face) ?? (await pipeline.meshOf(source, lone.face))) : null;
    if (lone && loneMesh) meshes.set(lone.face, loneMesh);
    if (this.stopped) return;
    timings.alignMs = pipeline.times.refineMs - before.refineMs;
    this.result(width, height, seen, frameAt, timings, meshes);

    const gallery = this.gallery;
    if (!recognize || !gallery) return;
    // A face named before the face mesh was there is judged again as soon as it is.
    if (pipeline.meshSettled) for (const { track } of seen) if (track.provisional) track.identifiedAt = 0;
    const due = dueForEmbedding(seen.filter((s) => !held.has(s.face)), frameAt, recheckPolicy(settings.recheckMs));
    // Liveness: the lone face is embedded often, whether or not its identification is due.
    const sampleLone = lone !== null && (due.length > 0 || frameAt - this.livenessEmbeddedAt >= LIVENESS_EMBED_MS);
    const embed = sampleLone && due.length === 0 ? [lone] : due;
    if (embed.length === 0) return;
    // Before the face mesh is there, faces are named from the detector's keypoints (not with the liveness check).
    const described = await pipeline.describe(source, embed.map((s) => s.face), { meshes, early: !settings.liveness });
    if (this.stopped) return;
    timings.alignMs = pipeline.times.refineMs - before.refineMs;
    timings.embedMs = pipeline.times.embedMs - before.embedMs;
    timings.embedded = described.length;
    const matchStart = performance.now();
    const similarityOf = (id: Identification) => (Number.isFinite(id.similarity) ? id.similarity : 0);
    const samples = new Map<Track, LiveSample>();
    if (sampleLone && described[0]) {
      // The liveness check judges each frame's own embedding.
      const id = gallery.identify(described[0].embedding, this.threshold);
      this.livenessEmbeddedAt = frameAt;
      samples.set(lone.track, { embedding: described[0].embedding, personId: id.personId, similarity: similarityOf(id) });
    }
    due.forEach(({ track }, i) => {
      const { embedding, provisional = false } = described[i]!;
      // A track is judged on the mean of its recent embeddings (tracker.ts, trackView). A face aligned
      // without the face mesh (still loading) may only be named, with a margin: no "unknown" verdict, no part in the mean.
      const id = provisional ? gallery.identify(embedding, this.threshold + PROVISIONAL_MARGIN) : gallery.identify(trackView(track, embedding, DEFAULT_MATCH_THRESHOLD), this.threshold);
      if (provisional && !id.personId) return;
      const wasProvisional = track.provisional === true;
      track.provisional = provisional;
      const wasState = track.state;
      const wasPerson = track.personId;
      track.identifiedAt = frameAt;
      track.personId = id.personId;
      track.similarity = similarityOf(id);
      track.state = id.personId ? 'known' : 'unknown';
      if ((wasState === 'detected' || wasPerson !== track.personId) && !(settings.liveness && track.state === 'known')) {
        this.log(track, described[i]!.crop);
        // A first verdict of unknown warns (also after a name from the keypoints the mesh did not confirm).
        if (track.state === 'unknown' && (wasState === 'detected' || wasProvisional)) this.emit({ type: 'unknown-face', face: this.publicFace(track) });
      }
    });
    timings.matchMs = performance.now() - matchStart;
    this.result(width, height, seen, frameAt, timings, meshes, samples);
  }

  private publicFace(t: Track, keypoints: Point[] = [], sample?: LiveSample, mesh?: MeshResult): LiveFace {
    const name = t.personId ? (this.names.get(t.personId) ?? null) : null;
    const face: LiveFace = { trackId: t.trackId, box: { ...t.box }, name, personId: t.personId, similarity: t.similarity, state: t.state, firstSeenAt: t.firstSeenAt, keypoints };
    if (sample) face.sample = sample;
    const points = trustedMesh(mesh);
    if (points) face.mesh = points;
    return face;
  }

  private result(width: number, height: number, seen: Seen[], frameAt: number, timings: FrameTimings, meshes: Map<DetectedFace, MeshResult>, samples?: Map<Track, LiveSample>): void {
    if (this.stopped) return;
    const faces = seen.map((s) => this.publicFace(s.track, s.face.keypoints.map((k) => ({ x: k.x, y: k.y })), samples?.get(s.track), meshes.get(s.face)));
    this.emit({ type: 'result', result: { width, height, faces, fps: this.fps, frameAt, timings: { ...timings } } });
  }

  /**
   * Fire and forget: the aligned crop as a JPEG, then a 'log' event (the host writes the log),
   * also when the engine stops while the JPEG is made: the face was judged (leaving the live view
   * right after a name appeared lost its entry).
   */
  private log(track: Track, crop: OffscreenCanvas): void {
    const face = this.publicFace(track);
    crop.convertToBlob({ type: 'image/jpeg', quality: 0.85 }).then(
      (thumbnail) => this.emit({ type: 'log', entry: { personId: face.personId, name: face.name, similarity: face.similarity ?? 0, thumbnail } }),
      (error: unknown) => this.stopped || this.emit({ type: 'error', error }),
    );
  }
}
