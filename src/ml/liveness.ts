/**
 * Active liveness: a challenge of head moves (left / right / up / down, in the person's own
 * directions) answered in front of the camera, judged from BlazeFace's 6 keypoints per frame
 * and the face's embedding.
 *
 * Why the keypoints can tell a head from a picture: a real head is deep. When it turns, the nose
 * tip (well in front of the eyes) and the ear tragions (well behind them) move by different
 * amounts, so the nose slides towards one ear. A photo, flat or turned, keeps every point on one
 * plane: its points move together by one projective transform, and the nose stays where it was
 * between the ears. Two cues come from this:
 *  - the pose (`yaw`, `pitch`) is read from the nose's place between the ears and relative to the
 *    eyes, so a turned photo does not "turn" at all;
 *  - `depth` measures how far the nose leaves the homography that carries the eyes, the mouth
 *    and the ears from the reference (first) frame to this one, over the eye distance: about 0
 *    for any plane, large for a head that turned.
 * A photo bent round a cylinder is not a plane and can fake some of both; that is measured by
 * `npm run eval:liveness`, not claimed here. A 3-D mask or a live deepfake is out of reach.
 *
 * Frames are unmirrored camera images: the subject's right is the image's left.
 * Framework-free and pure (no DOM, no models): the caller detects and embeds.
 */
import type { Point } from './align';
import { DEFAULT_MATCH_THRESHOLD } from './matcher';

export type Move = 'left' | 'right' | 'up' | 'down';

export type FailReason =
  /** A move's time ran out without enough turn (or the sequence ended first). */
  | 'turn-further'
  /** The head turned past the threshold in the opposite direction (a replayed recording). */
  | 'wrong-way'
  /** The face was turned (its outline foreshortened) but showed no depth: a photo or a screen. */
  | 'flat'
  /** The embedding no longer matches the first frame's: somebody else. */
  | 'face-changed'
  | 'several-faces'
  /** No face for longer than `maxFaceLostMs`. */
  | 'face-lost';

/** What the caller measured in one frame, per face. */
export interface LivenessFace {
  /** BlazeFace's 6 keypoints in pixels: right eye, left eye, nose tip, mouth, right ear, left ear. */
  keypoints: readonly Point[];
  /** The face's embedding, when this frame was embedded (every frame or only some). */
  embedding?: ArrayLike<number>;
}

export interface LivenessFrame {
  /** Milliseconds, increasing (a camera frame's timestamp, or index / fps for recordings). */
  timeMs: number;
  faces: readonly LivenessFace[];
}

/** Head pose read from the keypoints, in the unitless ratios the thresholds use. */
export interface Pose {
  /**
   * Where the nose tip lies between the ears, relative to the ears' midpoint, over half the ear
   * distance: 0 frontal, positive towards the subject's left. For a head it is about
   * (nose depth + ear depth) / (half the ear distance) · tan(yaw) ≈ 1.3 · tan(yaw); for a
   * picture it does not change when the picture is turned.
   */
  yaw: number;
  /**
   * The nose tip's height over the ears' midpoint, over the ear distance (image down is
   * positive): it falls when the person looks up. Judged relative to the first frame.
   */
  pitch: number;
  /** Ear distance in pixels: shrinks when the face (or a picture of it) is turned. */
  width: number;
  /** Eye distance in pixels. */
  eyeDistance: number;
}

export interface LivenessOptions {
  /** The moves to ask for, in order (the app asks at least two; see randomMoves). */
  moves: readonly Move[];
  /** Time for each move, from the previous move's end (or the first frame). */
  moveTimeMs?: number;
  /** |yaw| a left/right move must reach. */
  yawThreshold?: number;
  /** |pitch − first frame's pitch| an up/down move must reach. */
  pitchThreshold?: number;
  /** `depth` a move must show at some frame before it counts. */
  minDepth?: number;
  /** Cosine similarity every embedded frame must keep with the first one. */
  matchThreshold?: number;
  /** Frames without a face are tolerated for this long. */
  maxFaceLostMs?: number;
}

/**
 * ≈ 11° for an average head (1.3 · tan 11° ≈ 0.25): real people turn 15–20° when asked
 * (man-webcam never passes 20°), so this leaves margin.
 */
export const DEFAULT_YAW_THRESHOLD = 0.25;
export const DEFAULT_PITCH_THRESHOLD = 0.12;
/** The depth a move must show; above a flat photo's (≈ 0) and below a real 15° turn's (README, "Liveness"). */
export const DEFAULT_MIN_DEPTH = 0.08;
export const DEFAULT_MOVE_TIME_MS = 5000;
export const DEFAULT_MAX_FACE_LOST_MS = 1000;
/** Before the next move starts, the head must come back within this share of the threshold. */
const NEUTRAL_SHARE = 0.6;
/** A turned picture narrows; this relative narrowing without a turn reads as 'flat'. */
const FORESHORTENING = 0.08;

/** Pose from BlazeFace's 6 keypoints, or null when some are missing or degenerate. */
export function poseFromKeypoints(k: readonly Point[]): Pose | null {
  const [rEye, lEye, nose, , rEar, lEar] = k;
  if (!rEye || !lEye || !nose || !rEar || !lEar) return null;
  const ex = lEar.x - rEar.x;
  const ey = lEar.y - rEar.y;
  const width = Math.hypot(ex, ey);
  const eyeDistance = Math.hypot(lEye.x - rEye.x, lEye.y - rEye.y);
  if (!(width > 1e-6) || !(eyeDistance > 1e-6)) return null;
  // Axes from the ears: u along the ear line (towards the subject's left), v down the face.
  const ux = ex / width;
  const uy = ey / width;
  const nx = nose.x - (rEar.x + lEar.x) / 2;
  const ny = nose.y - (rEar.y + lEar.y) / 2;
  return {
    yaw: (nx * ux + ny * uy) / (width / 2),
    pitch: (-nx * uy + ny * ux) / width,
    width,
    eyeDistance,
  };
}

/**
 * Least-squares homography (h33 = 1) mapping `src[i]` onto `dst[i]`, from at least 4 point pairs
 * (normalised for conditioning), as a row-major 3×3 array; null when degenerate.
 */
export function fitHomography(src: readonly Point[], dst: readonly Point[]): number[] | null {
  const n = src.length;
  if (n < 4 || dst.length !== n) return null;
  const norm = (pts: readonly Point[]) => {
    let mx = 0, my = 0;
    for (const p of pts) { mx += p.x / n; my += p.y / n; }
    let d = 0;
    for (const p of pts) d += Math.hypot(p.x - mx, p.y - my) / n;
    const s = d > 1e-12 ? Math.SQRT2 / d : 1;
    return { mx, my, s, pts: pts.map((p) => ({ x: (p.x - mx) * s, y: (p.y - my) * s })) };
  };
  const a = norm(src);
  const b = norm(dst);
  // Normal equations AᵀA h = Aᵀr of the 2n linear equations in h11..h32.
  const ata = Array.from({ length: 8 }, () => new Array<number>(9).fill(0));
  for (let i = 0; i < n; i++) {
    const { x, y } = a.pts[i]!;
    const { x: u, y: v } = b.pts[i]!;
    const rows: Array<[number[], number]> = [
      [[x, y, 1, 0, 0, 0, -u * x, -u * y], u],
      [[0, 0, 0, x, y, 1, -v * x, -v * y], v],
    ];
    for (const [row, r] of rows) {
      for (let p = 0; p < 8; p++) {
        for (let q = 0; q < 8; q++) ata[p]![q]! += row[p]! * row[q]!;
        ata[p]![8]! += row[p]! * r;
      }
    }
  }
  // A small ridge keeps the 4–5-point fits (8 unknowns, 8–10 equations) solvable and tame.
  for (let p = 0; p < 8; p++) ata[p]![p]! += 1e-9;
  const h = solve(ata);
  if (!h) return null;
  // Undo the normalisations: H = Tb⁻¹ · Hn · Ta.
  const hn = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!, 1];
  const ta = [a.s, 0, -a.s * a.mx, 0, a.s, -a.s * a.my, 0, 0, 1];
  const tbInv = [1 / b.s, 0, b.mx, 0, 1 / b.s, b.my, 0, 0, 1];
  return mul3(tbInv, mul3(hn, ta));
}

/** Gaussian elimination with partial pivoting on an n × (n+1) augmented matrix. */
function solve(m: number[][]): number[] | null {
  const n = m.length;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    if (Math.abs(m[pivot]![c]!) < 1e-15) return null;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const row = m[c]!;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / row[c]!;
      if (f !== 0) for (let k = c; k <= n; k++) m[r]![k]! -= f * row[k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

function mul3(p: readonly number[], q: readonly number[]): number[] {
  const out = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[3 * i + j]! += p[3 * i + k]! * q[3 * k + j]!;
  return out;
}

export function applyHomography(h: readonly number[], p: Point): Point {
  const w = h[6]! * p.x + h[7]! * p.y + h[8]!;
  return { x: (h[0]! * p.x + h[1]! * p.y + h[2]!) / w, y: (h[3]! * p.x + h[4]! * p.y + h[5]!) / w };
}

/**
 * The depth cue between a reference frame's keypoints and another frame's: how far the nose tip
 * lands from where the homography fitted on the other five points (eyes, mouth, ears) puts it,
 * over the eye distance. About 0 for any plane however it is turned; 0 too for a head that did
 * not turn, so it is judged at the turned frames. Null when the keypoints are incomplete.
 */
export function depthCue(reference: readonly Point[], current: readonly Point[]): number | null {
  if (reference.length < 6 || current.length < 6) return null;
  const planar = [0, 1, 3, 4, 5];
  const h = fitHomography(planar.map((i) => reference[i]!), planar.map((i) => current[i]!));
  if (!h) return null;
  const predicted = applyHomography(h, reference[2]!);
  const eyes = Math.hypot(current[1]!.x - current[0]!.x, current[1]!.y - current[0]!.y);
  if (!(eyes > 1e-6)) return null;
  const d = Math.hypot(predicted.x - current[2]!.x, predicted.y - current[2]!.y) / eyes;
  return Number.isFinite(d) ? d : null;
}

export type LivenessStatus =
  | { state: 'running'; move: Move; moveIndex: number; moves: readonly Move[] }
  | { state: 'passed' }
  | { state: 'failed'; reason: FailReason; moveIndex: number };

/** Per-frame measurements, for the evaluation's report and for tuning. */
export interface LivenessTrace {
  timeMs: number;
  faces: number;
  yaw: number | null;
  pitch: number | null;
  depth: number | null;
  similarity: number | null;
}

/**
 * One challenge: feed it frames in order; it answers 'running' until every move is made
 * ('passed') or something fails ('failed', with the reason). A failed challenge stays failed;
 * the person retries with a new challenge (new random moves).
 */
export class LivenessChallenge {
  readonly moves: readonly Move[];
  readonly trace: LivenessTrace[] = [];
  private readonly o: Required<Omit<LivenessOptions, 'moves'>>;
  private status: LivenessStatus;
  private moveIndex = 0;
  private moveStart: number | null = null;
  /** The next move may start only once the head came back towards neutral (not for the first). */
  private armed = true;
  /** The asked direction was reached in this move (its depth may show in a later frame). */
  private moveReached = false;
  private moveDepth = 0;
  private moveNarrowing = 0;
  private lastFaceMs: number | null = null;
  /** The first frame (pitch and narrowing are judged against it) and the most frontal one so far. */
  private reference: { keypoints: readonly Point[]; pose: Pose } | null = null;
  private frontal: { keypoints: readonly Point[]; pose: Pose } | null = null;
  private firstEmbedding: Float32Array | null = null;

  constructor(options: LivenessOptions) {
    if (options.moves.length === 0) throw new Error('LivenessChallenge: no moves to ask for');
    this.moves = [...options.moves];
    this.o = {
      moveTimeMs: options.moveTimeMs ?? DEFAULT_MOVE_TIME_MS,
      yawThreshold: options.yawThreshold ?? DEFAULT_YAW_THRESHOLD,
      pitchThreshold: options.pitchThreshold ?? DEFAULT_PITCH_THRESHOLD,
      minDepth: options.minDepth ?? DEFAULT_MIN_DEPTH,
      matchThreshold: options.matchThreshold ?? DEFAULT_MATCH_THRESHOLD,
      maxFaceLostMs: options.maxFaceLostMs ?? DEFAULT_MAX_FACE_LOST_MS,
    };
    this.status = { state: 'running', move: this.moves[0]!, moveIndex: 0, moves: this.moves };
  }

  get current(): LivenessStatus {
    return this.status;
  }

  feed(frame: LivenessFrame): LivenessStatus {
    if (this.status.state !== 'running') return this.status;
    const t = frame.timeMs;
    this.moveStart ??= t;
    const face = frame.faces.length === 1 ? frame.faces[0]! : null;
    const pose = face ? poseFromKeypoints(face.keypoints) : null;
    const entry: LivenessTrace = { timeMs: t, faces: frame.faces.length, yaw: pose?.yaw ?? null, pitch: pose?.pitch ?? null, depth: null, similarity: null };
    this.trace.push(entry);

    if (frame.faces.length > 1) return this.fail('several-faces');
    if (face?.embedding) {
      const e = unit(face.embedding);
      if (!this.firstEmbedding) this.firstEmbedding = e;
      else {
        entry.similarity = dot(this.firstEmbedding, e);
        if (entry.similarity < this.o.matchThreshold) return this.fail('face-changed');
      }
    }
    if (!face || !pose) {
      if (t - (this.lastFaceMs ?? this.moveStart) > this.o.maxFaceLostMs) return this.fail('face-lost');
      return this.checkTime(t);
    }
    this.lastFaceMs = t;
    this.reference ??= { keypoints: face.keypoints, pose };
    // Depth against the first and the most frontal frame: a person may start turned (and a turn
    // shows against frontal), and the first frame may be the frontal one.
    const depth = Math.max(depthCue(this.reference.keypoints, face.keypoints) ?? 0, this.frontal ? (depthCue(this.frontal.keypoints, face.keypoints) ?? 0) : 0);
    if (!this.frontal || Math.abs(pose.yaw) < Math.abs(this.frontal.pose.yaw)) this.frontal = { keypoints: face.keypoints, pose };
    entry.depth = depth;

    const move = this.moves[this.moveIndex]!;
    const { along, against } = this.progress(move, pose);
    if (!this.armed) {
      // Coming back from the previous move: the new move starts at neutral.
      if (Math.abs(along) > NEUTRAL_SHARE || Math.abs(against) > NEUTRAL_SHARE) return this.checkTime(t);
      this.armed = true;
    }
    if (against >= 1 && !this.moveReached) return this.fail('wrong-way');
    this.moveDepth = Math.max(this.moveDepth, depth ?? 0);
    this.moveNarrowing = Math.max(this.moveNarrowing, 1 - pose.width / this.reference.pose.width);
    this.moveReached ||= along >= 1;
    if (this.moveReached && this.moveDepth >= this.o.minDepth) {
      this.moveIndex++;
      if (this.moveIndex === this.moves.length) return (this.status = { state: 'passed' });
      this.armed = false;
      this.moveStart = t;
      this.moveReached = false;
      this.moveDepth = 0;
      this.moveNarrowing = 0;
      this.status = { state: 'running', move: this.moves[this.moveIndex]!, moveIndex: this.moveIndex, moves: this.moves };
      return this.status;
    }
    return this.checkTime(t);
  }

  /** The recording (or the camera) ended: a move still under way has failed. */
  finish(): LivenessStatus {
    if (this.status.state === 'running') return this.fail(this.timeoutReason());
    return this.status;
  }

  /**
   * How far the pose has gone towards the asked move (`along`) and the opposite one (`against`),
   * as shares of the threshold (1 = reached).
   */
  private progress(move: Move, pose: Pose): { along: number; against: number } {
    if (move === 'left' || move === 'right') {
      const s = (move === 'left' ? pose.yaw : -pose.yaw) / this.o.yawThreshold;
      return { along: s, against: -s };
    }
    const base = this.reference?.pose.pitch ?? pose.pitch;
    const s = ((move === 'down' ? 1 : -1) * (pose.pitch - base)) / this.o.pitchThreshold;
    return { along: s, against: -s };
  }

  private checkTime(t: number): LivenessStatus {
    if (this.moveStart !== null && t - this.moveStart > this.o.moveTimeMs) return this.fail(this.timeoutReason());
    return this.status;
  }

  /** A timeout after the face visibly narrowed (was turned) but never showed depth is 'flat'. */
  private timeoutReason(): FailReason {
    return this.moveNarrowing >= FORESHORTENING && this.moveDepth < this.o.minDepth ? 'flat' : 'turn-further';
  }

  private fail(reason: FailReason): LivenessStatus {
    this.status = { state: 'failed', reason, moveIndex: this.moveIndex };
    return this.status;
  }
}

/**
 * A random challenge of `count` moves (at least 2), no move twice in a row, so a recording of
 * one answer does not answer another; up/down only when `vertical`.
 */
export function randomMoves(count: number, random: () => number, vertical = false): Move[] {
  const pool: Move[] = vertical ? ['left', 'right', 'up', 'down'] : ['left', 'right'];
  const out: Move[] = [];
  for (let i = 0; i < Math.max(2, count); i++) {
    const choices = pool.filter((m) => m !== out[i - 1]);
    out.push(choices[Math.min(choices.length - 1, Math.floor(random() * choices.length))]!);
  }
  return out;
}

function unit(v: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(v);
  let ss = 0;
  for (const x of out) ss += x * x;
  const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  for (let i = 0; i < out.length; i++) out[i]! *= inv;
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * (b[i] ?? 0);
  return s;
}
