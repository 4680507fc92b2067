/**
 * Active liveness: a challenge of head moves (left / right / up / down, in the person's own
 * directions) answered in front of the camera, judged from the head pose the face mesh gives in
 * each frame, relative to the person's own straight pose (head-pose.ts), and from the face's
 * embedding. A left/right move counts in a frame whose pose turned far enough, whose nose slid
 * across the outline that way (the parallax), and whose outline narrowed no more than that turn
 * explains: the mesh reads a photo turned 35° as a head turned ≤ 12°, narrowed like a 35° turn
 * (README, "Liveness"). A photo bent round a cylinder can fake some of it (`npm run eval:liveness`
 * measures it); a 3-D mask or a live deepfake is out of reach. Frames are unmirrored camera
 * images: the subject's right is the image's left. Framework-free and pure (no DOM, no models).
 */
import { distanceHint, poseChange, poseFromMesh, type Pose } from './head-pose';
import { DEFAULT_MATCH_THRESHOLD, cosineSimilarity } from './matcher';

export type Move = 'left' | 'right' | 'up' | 'down';

export type FailReason =
  /** A move's time ran out without enough turn (or the sequence ended first). */
  | 'turn-further'
  /** The head turned past the threshold in the opposite direction (a replayed recording). */
  | 'wrong-way'
  /** The pose turned with an outline narrowed like a picture's (or narrowed without turning): a photo or a screen. */
  | 'flat'
  /** An embedding matches neither the reference nor any sample since: somebody else. */
  | 'face-changed'
  | 'several-faces'
  /** No face for longer than `maxFaceLostMs`. */
  | 'face-lost'
  /** Never a challenge's own: the live check's pause after too many failures (AttemptLimit), as logged. */
  | 'too-many-attempts';

/** What the caller measured in one frame, per face. */
export interface LivenessFace {
  /** The face mesh's 468 points (x, y, z in source pixels; landmarks.ts), when it ran and saw a face. */
  mesh?: ArrayLike<number> | null;
  /** The face's embedding, when this frame was embedded (every frame or only some). */
  embedding?: ArrayLike<number>;
}

export interface LivenessFrame {
  /** Milliseconds, increasing (a camera frame's timestamp, or index / fps for recordings). */
  timeMs: number;
  faces: readonly LivenessFace[];
  /** The frame's width in pixels: how near a face is (distanceHint); unknown when absent. */
  width?: number;
}

export interface LivenessOptions {
  /** The moves to ask for, in order (the app asks three; see randomMoves). */
  moves: readonly Move[];
  /** Time for each move, from the previous move's end (or the first frame). */
  moveTimeMs?: number;
  /** Degrees of yaw, from the neutral pose, a left/right move must reach. */
  yawThreshold?: number;
  /** Degrees of pitch, from the neutral pose, an up/down move must reach. */
  pitchThreshold?: number;
  /** How far the nose must slide across the outline in the move's direction, in the frame that reaches it (head-pose.ts Pose.nose). */
  minParallax?: number;
  /** Cosine similarity every embedded frame must keep with the first one. */
  matchThreshold?: number;
  /** Frames without a face are tolerated for this long. */
  maxFaceLostMs?: number;
  /**
   * The embedding every embedded frame is compared with; default: the first embedded frame's.
   * A caller that knows whom it is checking gives the embedding that identified them.
   */
  reference?: ArrayLike<number>;
  /** The person's straight pose (the hold phase's mean); default: the first frame's pose. */
  neutral?: Pose;
}

/** Degrees: real people turn 15–20° when asked (man-webcam never passes 20°), so this leaves margin. */
export const DEFAULT_YAW_THRESHOLD = 10;
export const DEFAULT_PITCH_THRESHOLD = 8;
/** A 10° turn slides the nose ≈ 0.25 (README, "Liveness"): a check that the mesh's points agree with its pose. */
export const DEFAULT_MIN_PARALLAX = 0.06;
/**
 * A left/right move is reached only in a frame whose outline narrowed no more than the pose's own
 * turn explains (1 − cos yaw) plus this: a turned picture narrows by the cosine of its real turn
 * while the mesh reads a much smaller one (README, "Liveness": prints turned 35° read ≤ 12°).
 */
const NARROWING_ALLOWANCE = 0.05;
export const DEFAULT_MOVE_TIME_MS = 5000;
export const DEFAULT_MAX_FACE_LOST_MS = 1000;
/** Before the next move is judged, the head must be back within this share of the threshold in the previous move's direction. */
const NEUTRAL_SHARE = 0.6;
/** 'wrong-way' (a replay): this many thresholds the other way before the asked one was reached (not one: the neutral pose errs). */
const WRONG_WAY_SHARE = 1.5;
/** The outline narrowed this much (cos 28°) in a move that never turned: a turned picture ('flat'). */
const FORESHORTENING = 0.12;
/** A failure read from the pose waits this long for the next embedded frame: another face there is 'face-changed' (a swap reads as a jump of pose first). */
const CONFIRM_FAILURE_MS = 600;


export type LivenessStatus =
  | { state: 'running'; move: Move; moveIndex: number; moves: readonly Move[] }
  | { state: 'passed' }
  | { state: 'failed'; reason: FailReason; moveIndex: number };

/** Per-frame measurements, for the evaluation's report and for tuning. */
export interface LivenessTrace {
  timeMs: number;
  faces: number;
  /** Degrees from the neutral pose. */
  yaw: number | null;
  pitch: number | null;
  /** The nose's slide in the move's direction (see LivenessOptions.minParallax). */
  parallax: number | null;
  /** 1 − aspect / neutral aspect. */
  narrowing: number | null;
  /** The face's width over the frame's. */
  share: number | null;
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
  private readonly o: Required<Omit<LivenessOptions, 'moves' | 'reference' | 'neutral'>>;
  private status: LivenessStatus;
  private moveIndex = 0;
  private moveStart: number | null = null;
  /** The next move may start only once the head came back towards neutral (not for the first). */
  private armed = true;
  /** The pose reached the asked direction in this move (with or without parallax). */
  private poseReached = false;
  /** Reached with parallax: done once an embedded frame confirms the face. */
  private moveDone = false;
  private moveNarrowing = 0;
  private lastFaceMs: number | null = null;
  private neutral: Pose | null;
  /** The reference (or the first embedded frame's), then every embedding that passed. */
  private readonly samples: Float32Array[] = [];
  private lastTimeMs: number | null = null;
  private distanceNow: ReturnType<typeof distanceHint> = null;
  /** A failure read from the pose, waiting for an embedded frame (CONFIRM_FAILURE_MS). */
  private pending: { reason: FailReason; at: number } | null = null;

  constructor(options: LivenessOptions) {
    if (options.moves.length === 0) throw new Error('LivenessChallenge: no moves to ask for');
    this.moves = [...options.moves];
    this.o = {
      moveTimeMs: options.moveTimeMs ?? DEFAULT_MOVE_TIME_MS,
      yawThreshold: options.yawThreshold ?? DEFAULT_YAW_THRESHOLD,
      pitchThreshold: options.pitchThreshold ?? DEFAULT_PITCH_THRESHOLD,
      minParallax: options.minParallax ?? DEFAULT_MIN_PARALLAX,
      matchThreshold: options.matchThreshold ?? DEFAULT_MATCH_THRESHOLD,
      maxFaceLostMs: options.maxFaceLostMs ?? DEFAULT_MAX_FACE_LOST_MS,
    };
    if (options.reference) this.samples.push(Float32Array.from(options.reference));
    this.neutral = options.neutral ?? null;
    this.status = { state: 'running', move: this.moves[0]!, moveIndex: 0, moves: this.moves };
  }

  get current(): LivenessStatus {
    return this.status;
  }

  /** Whether the last frame's face was too far or too near to be judged (distanceHint). */
  get distance(): ReturnType<typeof distanceHint> {
    return this.distanceNow;
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
    const embedded = frame.faces.length === 1 && !!frame.faces[0]!.embedding;
    if (t === this.lastTimeMs) {
      if (this.checkIdentity(frame, this.trace[this.trace.length - 1]!).state !== 'running') return this.status;
      if (this.pending && embedded) return this.fail(this.pending.reason);
      return this.moveDone && embedded ? this.advance(t) : this.status;
    }
    this.lastTimeMs = t;
    this.moveStart ??= t;
    const face = frame.faces.length === 1 ? frame.faces[0]! : null;
    const pose = face?.mesh ? poseFromMesh(face.mesh) : null;
    this.distanceNow = pose ? distanceHint(pose, frame.width) : null;
    const entry: LivenessTrace = { timeMs: t, faces: frame.faces.length, yaw: null, pitch: null, parallax: null, narrowing: null, share: pose && frame.width ? pose.width / frame.width : null, similarity: null };
    this.trace.push(entry);

    if (this.checkIdentity(frame, entry).state !== 'running') return this.status;
    if (this.pending) return embedded || t - this.pending.at > CONFIRM_FAILURE_MS ? this.fail(this.pending.reason) : this.status;
    if (!face || !pose) {
      if (t - (this.lastFaceMs ?? this.moveStart) > this.o.maxFaceLostMs) return this.fail('face-lost');
      return this.checkTime(t);
    }
    this.lastFaceMs = t;
    // Too near or too far to judge: the time runs on, the guidance asks to move (liveness-session.ts).
    if (this.distanceNow) return this.checkTime(t);
    this.neutral ??= pose;
    const change = poseChange(pose, this.neutral);
    const { along, parallax } = this.progress(this.moves[this.moveIndex]!, change);
    Object.assign(entry, { yaw: change.yaw, pitch: change.pitch, parallax, narrowing: change.narrowing });
    if (!this.armed) {
      // Coming back from the previous move: judged once the head is no longer turned that way.
      if (this.progress(this.moves[this.moveIndex - 1]!, change).along > NEUTRAL_SHARE) return this.checkTime(t);
      this.armed = true;
    }
    if (-along >= WRONG_WAY_SHARE && !this.poseReached) {
      this.pending = { reason: 'wrong-way', at: t };
      return embedded ? this.fail('wrong-way') : this.status;
    }
    this.moveNarrowing = Math.max(this.moveNarrowing, Math.abs(change.narrowing));
    if (along >= 1) {
      this.poseReached = true;
      const narrowed = sideways(this.moves[this.moveIndex]!) && change.narrowing > NARROWING_ALLOWANCE + 1 - Math.cos((change.yaw * Math.PI) / 180);
      this.moveDone ||= parallax >= this.o.minParallax && !narrowed;
    }
    // A move counts once a frame embedded at or after it shows the same face (checked above).
    if (this.moveDone && embedded) return this.advance(t);
    return this.checkTime(t);
  }

  /**
   * How far the pose has gone towards `move` from neutral (`along`, in thresholds: 1 = reached)
   * and how far the nose slid that way (`parallax`).
   */
  private progress(move: Move, change: ReturnType<typeof poseChange>): { along: number; parallax: number } {
    const yaw = sideways(move);
    const sign = move === 'left' || move === 'down' ? 1 : -1;
    return {
      along: (sign * (yaw ? change.yaw : -change.pitch)) / (yaw ? this.o.yawThreshold : this.o.pitchThreshold),
      parallax: sign * (yaw ? change.noseX : change.noseY),
    };
  }

  /** The move under way is done and confirmed: the next one, or the challenge passed. */
  private advance(t: number): LivenessStatus {
    this.moveIndex++;
    if (this.moveIndex === this.moves.length) return (this.status = { state: 'passed' });
    this.armed = false;
    this.moveStart = t;
    this.poseReached = false;
    this.moveDone = false;
    this.moveNarrowing = 0;
    this.status = { state: 'running', move: this.moves[this.moveIndex]!, moveIndex: this.moveIndex, moves: this.moves };
    return this.status;
  }

  /**
   * Several faces, or an embedded face that matches neither the reference nor any sample of this
   * challenge, fail it. (A face turned far, or under a cap, may no longer match the straight
   * reference and still match the samples taken on its way there; a face swapped in matches none.)
   */
  private checkIdentity(frame: LivenessFrame, entry: LivenessTrace): LivenessStatus {
    if (frame.faces.length > 1) return this.fail('several-faces');
    const embedding = frame.faces[0]?.embedding;
    if (embedding) {
      if (this.samples.length > 0) {
        entry.similarity = cosineSimilarity(this.samples[0]!, embedding);
        if (!this.samples.some((s) => cosineSimilarity(s, embedding) >= this.o.matchThreshold)) return this.fail('face-changed');
      }
      this.samples.push(Float32Array.from(embedding));
    }
    return this.status;
  }

  /** The recording (or the camera) ended: a move still under way has failed. */
  finish(): LivenessStatus {
    if (this.status.state === 'running') return this.fail(this.pending?.reason ?? this.timeoutReason());
    return this.status;
  }

  private checkTime(t: number): LivenessStatus {
    if (this.moveStart !== null && t - this.moveStart > this.o.moveTimeMs) return this.fail(this.timeoutReason());
    return this.status;
  }

  /**
   * A time-out after the pose turned without the nose sliding, or after the outline clearly
   * narrowed (it was turned that far) while the pose never turned, is 'flat'. Only the message
   * depends on it: either way the move failed.
   */
  private timeoutReason(): FailReason {
    return this.poseReached || this.moveNarrowing >= FORESHORTENING ? 'flat' : 'turn-further';
  }

  private fail(reason: FailReason): LivenessStatus {
    this.pending = null;
    this.status = { state: 'failed', reason, moveIndex: this.moveIndex };
    return this.status;
  }
}

const sideways = (move: Move): boolean => move === 'left' || move === 'right';
