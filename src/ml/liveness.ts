/**
 * Active liveness: a challenge of head moves (left / right / up / down, in the person's own
 * directions) answered in front of the camera, judged from the head pose that BlazeFace's 6
 * keypoints give in each frame (head-pose.ts: why a picture cannot fake it) and from the face's
 * embedding. A move counts only when the pose also travelled (`depth`: max − min of the move's
 * coordinate), so a photo of a turned head does not answer either. BlazeFace reads a turned print
 * as partly turned (up to ±0.22 at ±35–55°, a real 15–20° turn 0.3; README, "Liveness"): the
 * margin is the threshold, not a clean zero. A photo bent round a cylinder can fake some of both
 * (`npm run eval:liveness` measures it); a 3-D mask or a live deepfake is out of reach.
 * Frames are unmirrored camera images: the subject's right is the image's left.
 * Framework-free and pure (no DOM, no models): the caller detects and embeds.
 */
import type { Point } from './align';
import { FORESHORTENING, MAX_TURN_NARROWING, poseFromKeypoints, type Pose } from './head-pose';
import { DEFAULT_MATCH_THRESHOLD, cosineSimilarity } from './matcher';

export type Move = 'left' | 'right' | 'up' | 'down';

export type FailReason =
  /** A move's time ran out without enough turn (or the sequence ended first). */
  | 'turn-further'
  /** The head turned past the threshold in the opposite direction (a replayed recording). */
  | 'wrong-way'
  /** The face's outline narrowed (it was turned) but its turn did not read, or read only while narrowed like a picture's: a photo or a screen. */
  | 'flat'
  /** An embedding no longer matches the reference (or the first embedded frame): somebody else. */
  | 'face-changed'
  | 'several-faces'
  /** No face for longer than `maxFaceLostMs`. */
  | 'face-lost'
  /** Never a challenge's own: the live check's pause after too many failures (AttemptLimit), as logged. */
  | 'too-many-attempts';

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

export interface LivenessOptions {
  /** The moves to ask for, in order (the app asks three; see randomMoves). */
  moves: readonly Move[];
  /** Time for each move, from the previous move's end (or the first frame). */
  moveTimeMs?: number;
  /** |yaw| a left/right move must reach. */
  yawThreshold?: number;
  /** |pitch − first frame's pitch| an up/down move must reach. */
  pitchThreshold?: number;
  /**
   * The parallax a move must show: how far the pose travelled (max − min of yaw, or of pitch,
   * during the move). A picture's pose does not travel, even a picture of a turned head.
   */
  minDepth?: number;
  /** Cosine similarity every embedded frame must keep with the first one. */
  matchThreshold?: number;
  /** Frames without a face are tolerated for this long. */
  maxFaceLostMs?: number;
  /**
   * The embedding every embedded frame is compared with; default: the first embedded frame's.
   * A caller that knows whom it is checking gives the embedding that identified them.
   */
  reference?: ArrayLike<number>;
}

/**
 * ≈ 11° for an average head (1.3 · tan 11° ≈ 0.25): real people turn 15–20° when asked
 * (man-webcam never passes 20°), so this leaves margin.
 */
export const DEFAULT_YAW_THRESHOLD = 0.25;
export const DEFAULT_PITCH_THRESHOLD = 0.12;
/**
 * The travel a move must show, against a still photo of a turned head (its pose is already past
 * the threshold but does not move); below a real 15° turn's (≈ 0.3; README, "Liveness").
 */
export const DEFAULT_MIN_DEPTH = 0.15;
export const DEFAULT_MOVE_TIME_MS = 5000;
export const DEFAULT_MAX_FACE_LOST_MS = 1000;
/** Before the next move starts, the head must come back within this share of the threshold. */
const NEUTRAL_SHARE = 0.6;
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
  aspect: number | null;
  /** The move's travel so far (see LivenessOptions.minDepth); null when not judged in this frame. */
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
  private readonly o: Required<Omit<LivenessOptions, 'moves' | 'reference'>>;
  private status: LivenessStatus;
  private moveIndex = 0;
  private moveStart: number | null = null;
  /** The next move may start only once the head came back towards neutral (not for the first). */
  private armed = true;
  /** The asked direction was reached in this move (the travel may show in a later frame). */
  private moveReached = false;
  /**
   * Reached and travelled: the move is done once an embedded frame confirms the face (so that a
   * face swapped in does not finish a move between two embeddings unseen).
   */
  private moveDone = false;
  /** The move's coordinate (yaw or pitch): its range in this move is the move's travel. */
  private moveMin = Infinity;
  private moveMax = -Infinity;
  private moveNarrowing = 0;
  /** The move's direction was reached only with the outline narrowed like a turned picture's. */
  private narrowReach = false;
  private lastFaceMs: number | null = null;
  /** The first frame's pose: pitch and narrowing are judged against it. */
  private reference: Pose | null = null;
  private firstEmbedding: ArrayLike<number> | null = null;
  private lastTimeMs: number | null = null;

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
    if (options.reference) this.firstEmbedding = Float32Array.from(options.reference);
    this.status = { state: 'running', move: this.moves[0]!, moveIndex: 0, moves: this.moves };
  }

  get current(): LivenessStatus {
    return this.status;
  }

  /** Time left for the move under way at `timeMs` (0 once over). */
  remainingMs(timeMs: number): number {
    return this.status.state === 'running' ? Math.max(0, (this.moveStart ?? timeMs) + this.o.moveTimeMs - timeMs) : 0;
  }

  /**
   * The next frame. A frame reported again with the same `timeMs` (live recognition reports a
   * frame after detection, then with its embeddings) only has its embeddings checked.
   */
  feed(frame: LivenessFrame): LivenessStatus {
    if (this.status.state !== 'running') return this.status;
    const t = frame.timeMs;
    if (t === this.lastTimeMs) {
      if (this.checkIdentity(frame, this.trace[this.trace.length - 1]!).state !== 'running') return this.status;
      return this.moveDone && frame.faces[0]?.embedding ? this.advance(t) : this.status;
    }
    this.lastTimeMs = t;
    this.moveStart ??= t;
    const face = frame.faces.length === 1 ? frame.faces[0]! : null;
    const pose = face ? poseFromKeypoints(face.keypoints) : null;
    const entry: LivenessTrace = { timeMs: t, faces: frame.faces.length, yaw: pose?.yaw ?? null, pitch: pose?.pitch ?? null, aspect: pose?.aspect ?? null, depth: null, similarity: null };
    this.trace.push(entry);

    if (this.checkIdentity(frame, entry).state !== 'running') return this.status;
    if (!face || !pose) {
      if (t - (this.lastFaceMs ?? this.moveStart) > this.o.maxFaceLostMs) return this.fail('face-lost');
      return this.checkTime(t);
    }
    this.lastFaceMs = t;
    this.reference ??= pose;

    const move = this.moves[this.moveIndex]!;
    const { along, against } = this.progress(move, pose);
    if (!this.armed) {
      // Coming back from the previous move: the new move starts at neutral.
      if (Math.abs(along) > NEUTRAL_SHARE || Math.abs(against) > NEUTRAL_SHARE) return this.checkTime(t);
      this.armed = true;
    }
    if (against >= 1 && !this.moveReached) return this.fail('wrong-way');
    const coordinate = move === 'left' || move === 'right' ? pose.yaw : pose.pitch;
    this.moveMin = Math.min(this.moveMin, coordinate);
    this.moveMax = Math.max(this.moveMax, coordinate);
    entry.depth = this.moveMax - this.moveMin;
    const narrowing = 1 - pose.aspect / this.reference.aspect;
    this.moveNarrowing = Math.max(this.moveNarrowing, Math.abs(narrowing));
    const sideways = move === 'left' || move === 'right';
    if (along >= 1 && sideways && narrowing > MAX_TURN_NARROWING) this.narrowReach = true;
    else this.moveReached ||= along >= 1;
    this.moveDone ||= this.moveReached && entry.depth >= this.o.minDepth;
    // A move counts once a frame embedded at or after it shows the same face (checked above).
    if (this.moveDone && face.embedding) return this.advance(t);
    return this.checkTime(t);
  }

  /** The move under way is done and confirmed: the next one, or the challenge passed. */
  private advance(t: number): LivenessStatus {
    this.moveIndex++;
    if (this.moveIndex === this.moves.length) return (this.status = { state: 'passed' });
    this.armed = false;
    this.moveStart = t;
    this.moveReached = false;
    this.moveDone = false;
    this.moveMin = Infinity;
    this.moveMax = -Infinity;
    this.moveNarrowing = 0;
    this.narrowReach = false;
    this.status = { state: 'running', move: this.moves[this.moveIndex]!, moveIndex: this.moveIndex, moves: this.moves };
    return this.status;
  }

  /** Several faces, or an embedded face that is not the reference's person, fail the challenge. */
  private checkIdentity(frame: LivenessFrame, entry: LivenessTrace): LivenessStatus {
    if (frame.faces.length > 1) return this.fail('several-faces');
    const embedding = frame.faces[0]?.embedding;
    if (embedding) {
      if (!this.firstEmbedding) this.firstEmbedding = Float32Array.from(embedding);
      else {
        entry.similarity = cosineSimilarity(this.firstEmbedding, embedding);
        if (entry.similarity < this.o.matchThreshold) return this.fail('face-changed');
      }
    }
    return this.status;
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
    const base = this.reference?.pitch ?? pose.pitch;
    const s = ((move === 'down' ? 1 : -1) * (pose.pitch - base)) / this.o.pitchThreshold;
    return { along: s, against: -s };
  }

  private checkTime(t: number): LivenessStatus {
    if (this.moveStart !== null && t - this.moveStart > this.o.moveTimeMs) return this.fail(this.timeoutReason());
    return this.status;
  }

  /**
   * A timeout after the face clearly narrowed (it was turned that far) while its pose never read
   * as turned, or read so only while narrowed like a picture, is 'flat'. Only the message depends
   * on it: either way the move failed.
   */
  private timeoutReason(): FailReason {
    return this.narrowReach || (this.moveNarrowing >= FORESHORTENING && !this.moveReached) ? 'flat' : 'turn-further';
  }

  private fail(reason: FailReason): LivenessStatus {
    this.status = { state: 'failed', reason, moveIndex: this.moveIndex };
    return this.status;
  }
}

/**
 * A random challenge of `count` moves (at least 2), each drawn alone from left and right (and up
 * and down when `vertical`), repeats allowed: the more sequences there are, the less a prepared
 * recording matches (README, "Liveness": what it does not protect against).
 */
export function randomMoves(count: number, random: () => number, vertical = false): Move[] {
  const pool: Move[] = vertical ? ['left', 'right', 'up', 'down'] : ['left', 'right'];
  return Array.from({ length: Math.max(2, count) }, () => pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))]!);
}
