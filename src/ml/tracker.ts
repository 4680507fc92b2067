/**
 * Following faces across video frames, and deciding which of them need an embedding.
 *
 * The detector runs on every frame; the embedder (about 40 ms per face on wasm) only when a
 * track starts and then to re-confirm it, so the detector sets the frame rate. Pure functions
 * and plain data: the same code runs in the recognition worker and on the main thread, and is
 * unit-tested in Node.
 */
import type { Box, DetectedFace } from './detector';
import { cosineSimilarity, normalizeEmbedding } from './matcher';

export type TrackState = 'detected' | 'known' | 'unknown';

export interface Track {
  trackId: number;
  box: Box;
  /** Time of the frame where the track started (the caller's clock). */
  firstSeenAt: number;
  lastSeen: number;
  /** Time of the frame of its last identification (0: never, or to be judged again). */
  identifiedAt: number;
  state: TrackState;
  personId: string | null;
  /** Best similarity of the last identification; null before any. */
  similarity: number | null;
  /** The mean of its recent embeddings (trackView), searched instead of the last one alone. */
  view?: { mean: Float32Array; count: number };
  /** Named from a face aligned without the face mesh (not loaded yet): judged again once it is. */
  provisional?: boolean;
}

/** A detection and the track it belongs to. */
export interface Seen {
  face: DetectedFace;
  track: Track;
}

/** Below this overlap a detection continues a track only when its centre stayed close. */
export const MIN_TRACK_IOU = 0.3;
/** A detection whose centre moved less than this fraction of the track's box size continues it. */
const MAX_CENTRE_SHIFT = 0.5;

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

/** Distance between the boxes' centres, in units of the larger side of `track`. */
export function centreShift(track: Box, face: Box): number {
  const dx = face.x + face.width / 2 - (track.x + track.width / 2);
  const dy = face.y + face.height / 2 - (track.y + track.height / 2);
  return Math.hypot(dx, dy) / Math.max(1, track.width, track.height);
}

/**
 * How well a detection continues a track (higher is better; null: it does not). Overlap first;
 * a fast move at a low frame rate can leave little overlap, so a close centre also counts
 * (scored below every real overlap).
 */
function affinity(track: Box, face: Box): number | null {
  const o = iou(track, face);
  if (o >= MIN_TRACK_IOU) return o;
  const shift = centreShift(track, face);
  return shift <= MAX_CENTRE_SHIFT ? -shift : null;
}

export interface TrackerOptions {
  /** A track unseen this long is forgotten (default 600 ms). */
  forgetAfterMs?: number;
}

export class Tracker {
  private tracks: Track[] = [];
  private nextTrackId = 1;
  private readonly forgetAfterMs: number;

  constructor(options: TrackerOptions = {}) {
    this.forgetAfterMs = options.forgetAfterMs ?? 600;
  }

  /** The live tracks (seen within `forgetAfterMs` of the last update). */
  get all(): readonly Track[] {
    return this.tracks;
  }

  /**
   * Matches the detections to the tracks (greedy, best affinity first), starts new tracks, forgets
   * old ones. `held`: detections only kept from an earlier frame (scene.ts), which follow their
   * track but do not count as a sighting (the track is still forgotten `forgetAfterMs` after its last).
   */
  update(faces: readonly DetectedFace[], now: number, held?: ReadonlySet<DetectedFace>): Seen[] {
    const pairs: Array<{ f: number; t: number; score: number }> = [];
    faces.forEach((face, f) =>
      this.tracks.forEach((track, t) => {
        const score = affinity(track.box, face.box);
        if (score !== null) pairs.push({ f, t, score });
      }),
    );
    pairs.sort((a, b) => b.score - a.score);
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
        track = { trackId: this.nextTrackId++, box: face.box, firstSeenAt: now, lastSeen: now, identifiedAt: 0, state: 'detected', personId: null, similarity: null };
        this.tracks.push(track);
      }
      track.box = face.box;
      if (!held?.has(face)) track.lastSeen = now;
      return { face, track };
    });
    this.tracks = this.tracks.filter((t) => now - t.lastSeen <= this.forgetAfterMs);
    return seen;
  }

  /** Every track is judged again at its next sighting (the gallery or the threshold changed). */
  rejudgeAll(): void {
    for (const t of this.tracks) t.identifiedAt = 0;
  }

  /** Detect-only mode: no track keeps a judgement. */
  forgetJudgements(): void {
    for (const t of this.tracks) Object.assign(t, { state: 'detected', personId: null, similarity: null, identifiedAt: 0 });
  }

  clear(): void {
    this.tracks = [];
  }
}

/** How often tracks are embedded again, in ms. */
export interface RecheckPolicy {
  /** A known face (the setting "re-check known faces every N s"). */
  knownMs: number;
  /** An unknown face: sooner, so that a face seen badly at first is named quickly. */
  unknownMs: number;
}

/** Default: known faces every second, unknown ones every 300 ms. */
export const DEFAULT_RECHECK: RecheckPolicy = { knownMs: 1000, unknownMs: 300 };

/** The policy for a "re-check known faces every" setting: unknown faces never later than known ones. */
export function recheckPolicy(knownMs: number): RecheckPolicy {
  return { knownMs, unknownMs: Math.min(knownMs, DEFAULT_RECHECK.unknownMs) };
}

/** Whether `track` needs an embedding at `now`: a new track (or one to judge again) at once, else by its state. */
export function isDue(track: Track, now: number, policy: RecheckPolicy): boolean {
  if (track.identifiedAt === 0 || track.state === 'detected') return true;
  const every = track.state === 'known' ? policy.knownMs : policy.unknownMs;
  return now - track.identifiedAt >= every;
}

/** The sightings of this frame whose tracks need an embedding (embedded together, in one batch). */
export function dueForEmbedding(seen: readonly Seen[], now: number, policy: RecheckPolicy): Seen[] {
  return seen.filter((s) => isDue(s.track, now, policy));
}

/** How many recent embeddings a track's mean stands for (older ones fade). */
export const TRACK_VIEWS = 8;

/**
 * Adds an embedding (L2-normalised) to the track's mean and returns the mean, normalised: what the
 * gallery is searched with. Several frames of a face decide together, so one bad frame neither
 * misses nor misnames (issue 17: searching two photos of a person together missed 2.3% of
 * searches against 9.6% one by one). An embedding unlike the mean (`sameFace`, the 1:1 threshold)
 * is another face that took the track over: the mean starts again from it.
 */
export function trackView(track: Track, embedding: Float32Array, sameFace: number): Float32Array {
  const dim = embedding.length;
  const view = track.view;
  if (!view || view.mean.length !== dim || cosineSimilarity(view.mean, embedding) < sameFace) {
    track.view = { mean: embedding.slice(), count: 1 };
    return embedding;
  }
  view.count = Math.min(TRACK_VIEWS, view.count + 1);
  const w = 1 / view.count;
  for (let i = 0; i < dim; i++) view.mean[i] = view.mean[i]! * (1 - w) + embedding[i]! * w;
  return normalizeEmbedding(view.mean, dim);
}
