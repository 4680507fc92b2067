/**
 * A liveness check as a person meets it in front of the camera: wait for one face looking
 * straight and holding still, then run a challenge of random head moves (liveness.ts); after a
 * failure show the reason for a moment, then start again with new moves. Failures are counted
 * (AttemptLimit, shared by the sessions of one camera): after MAX_FAILED_ATTEMPTS in a row, no
 * challenge for LOCKOUT_MS.
 *
 * The challenge itself starts from the frame the session gives it; recorded sequences
 * (`npm run eval:liveness`) go through the app's own flow, this hold phase included
 * (test/lab/lab-liveness.ts). Framework-free and pure: the caller detects, embeds, and keeps the time.
 */
import { distanceHint, meanPose, poseFromMesh, type Pose } from './head-pose';
import {
  LivenessChallenge,
  type FailReason,
  type LivenessFrame,
  type LivenessOptions,
  type Move,
} from './liveness';
import { secureRandom } from './random';

/** What the person should do before the challenge starts. */
export type WaitHint = 'no-face' | 'several-faces' | 'look-straight' | 'hold-still' | DistanceHint;
/** The face is too far or too near for the check to judge it (liveness.ts distanceHint). */
export type DistanceHint = 'come-closer' | 'move-back';

export type SessionState =
  | { phase: 'waiting'; hint: WaitHint; attempt: number }
  | { phase: 'challenge'; attempt: number; moves: readonly Move[]; moveIndex: number; move: Move; remainingMs: number; distance: DistanceHint | null }
  | { phase: 'passed'; attempt: number; moves: readonly Move[] }
  | { phase: 'failed'; attempt: number; moves: readonly Move[]; moveIndex: number; reason: FailReason; retryInMs: number }
  /**
   * Too many failed attempts (AttemptLimit): no challenge until the pause is over. `reason`: the
   * failure of this session's attempt that started the pause (absent when it began elsewhere).
   */
  | { phase: 'locked'; attempt: number; remainingMs: number; reason?: FailReason };

export interface LivenessSessionOptions extends Omit<LivenessOptions, 'moves' | 'reference'> {
  /** Draws the moves (default: crypto.getRandomValues). A seeded one only for tests. */
  random?: () => number;
  /** Moves per challenge (at least 2; default DEFAULT_MOVE_COUNT). */
  moveCount?: number;
  /** Also ask for up and down. */
  vertical?: boolean;
  /** How long the face must look straight and hold still before the challenge starts. */
  holdMs?: number;
  /** How long a failure's reason shows before the next attempt. */
  retryAfterMs?: number;
  /**
   * Failed attempts counted across every session given the same limit (all the faces of one
   * live session, or one camera enrolment): after too many, a pause.
   */
  limit?: AttemptLimit;
}

/**
 * How often a lone face is embedded while it is checked (live recognition and camera enrolment),
 * so that a face swapped in is caught within a move.
 */
export const LIVENESS_EMBED_MS = 250;
export const DEFAULT_HOLD_MS = 500;
/**
 * Three moves from left and right: 8 sequences, and 4 still unknown once the first is shown (a
 * prepared recording started then matches one attempt in four; with up and down, one in 16).
 */
export const DEFAULT_MOVE_COUNT = 3;
export const DEFAULT_RETRY_AFTER_MS = 3000;
/** Failed attempts in a row (across the faces of one session) before a pause. */
export const MAX_FAILED_ATTEMPTS = 3;
/** The pause after MAX_FAILED_ATTEMPTS failures: no challenge for any face meanwhile. */
export const LOCKOUT_MS = 30_000;

/**
 * The limit on failed attempts, shared by the sessions of one live session (a new face, a new
 * track, cannot reset it) or of one camera enrolment: `max` failures in a row start a pause of
 * `pauseMs` (then the count starts again); a pass resets the count. Times are the sessions'.
 */
export class AttemptLimit {
  private failures = 0;
  private until = -Infinity;

  constructor(
    readonly max = MAX_FAILED_ATTEMPTS,
    readonly pauseMs = LOCKOUT_MS,
  ) {}

  /** A failed attempt at `t`; true when it starts a pause. */
  fail(t: number): boolean {
    if (++this.failures < this.max) return false;
    this.failures = 0;
    this.until = t + this.pauseMs;
    return true;
  }

  passed(): void {
    this.failures = 0;
  }

  /** How long the pause still lasts at `t` (0: none). */
  remainingMs(t: number): number {
    return Math.max(0, this.until - t);
  }
}

/**
 * Looking straight: |yaw| and |roll| within this many degrees. The moves are judged from the hold's
 * own pose, so this bounds how far a held turn (a pause mid-turn) could shift them; the mesh reads a
 * straight face within ±5° (README, "Liveness": its error, and every clip's most frontal frame).
 */
const STRAIGHT_DEG = 10;
/** Holding still: the yaw and pitch may wander this many degrees during the hold. */
const STILL_DEG = 5;

export class LivenessSession {
  private readonly random: () => number;
  private readonly moveCount: number;
  private readonly vertical: boolean;
  private readonly holdMs: number;
  private readonly retryAfterMs: number;
  private readonly limit: AttemptLimit | null;
  private readonly challengeOptions: Omit<LivenessOptions, 'moves' | 'reference'>;
  private challengeRun: LivenessChallenge | null = null;
  private stateNow: SessionState;
  private attempt = 1;
  private failedAt = 0;
  private holdStart: number | null = null;
  /** The poses of the current hold: their mean is the challenge's neutral pose. */
  private holdPoses: Pose[] = [];
  /** The last embedding seen during the current hold: the challenge's reference. */
  private holdEmbedding: ArrayLike<number> | null = null;
  private referenceUsed: ArrayLike<number> | null = null;

  constructor(options: LivenessSessionOptions = {}) {
    const { random = secureRandom, moveCount = DEFAULT_MOVE_COUNT, vertical = false, holdMs = DEFAULT_HOLD_MS, retryAfterMs = DEFAULT_RETRY_AFTER_MS, limit = null, ...challenge } = options;
    this.limit = limit;
    this.random = random;
    this.moveCount = moveCount;
    this.vertical = vertical;
    this.holdMs = holdMs;
    this.retryAfterMs = retryAfterMs;
    this.challengeOptions = challenge;
    this.stateNow = { phase: 'waiting', hint: 'no-face', attempt: 1 };
  }

  get state(): SessionState {
    return this.stateNow;
  }

  /** The challenge under way or last run (its trace), if any. */
  get challenge(): LivenessChallenge | null {
    return this.challengeRun;
  }

  /** The embedding the last challenge compared every frame with (the person who passed). */
  get reference(): ArrayLike<number> | null {
    return this.referenceUsed;
  }

  /** Starts over: waiting for a face, a new attempt (after a pass, for the next person). */
  reset(): void {
    this.challengeRun = null;
    this.referenceUsed = null;
    this.holdStart = null;
    this.holdEmbedding = null;
    this.holdPoses = [];
    this.attempt++;
    this.stateNow = { phase: 'waiting', hint: 'no-face', attempt: this.attempt };
  }

  feed(frame: LivenessFrame): SessionState {
    const t = frame.timeMs;
    const s = this.stateNow;
    if (s.phase === 'passed') return s;
    // A pause (too many failures, here or in another session sharing the limit): no new challenge.
    const locked = s.phase === 'challenge' ? 0 : (this.limit?.remainingMs(t) ?? 0);
    if (locked > 0) {
      this.holdStart = null;
      return (this.stateNow = { phase: 'locked', attempt: this.attempt, remainingMs: locked, ...(s.phase === 'locked' && s.reason ? { reason: s.reason } : {}) });
    }
    if (s.phase === 'locked') this.reset();
    if (s.phase === 'failed') {
      const left = this.failedAt + this.retryAfterMs - t;
      if (left > 0) return (this.stateNow = { ...s, retryInMs: left });
      this.reset();
    }
    if (this.stateNow.phase === 'challenge') return this.feedChallenge(frame);
    return this.wait(frame);
  }

  private wait(frame: LivenessFrame): SessionState {
    const t = frame.timeMs;
    const hint = (h: WaitHint): SessionState => (this.stateNow = { phase: 'waiting', hint: h, attempt: this.attempt });
    if (frame.faces.length !== 1) {
      this.holdStart = null;
      return hint(frame.faces.length === 0 ? 'no-face' : 'several-faces');
    }
    const face = frame.faces[0]!;
    const pose = face.mesh ? poseFromMesh(face.mesh) : null;
    if (!pose) {
      this.holdStart = null;
      return hint('no-face');
    }
    const distance = distanceHint(pose, frame.width);
    if (distance || Math.abs(pose.yaw) > STRAIGHT_DEG || Math.abs(pose.roll) > STRAIGHT_DEG) {
      this.holdStart = null;
      return hint(distance ?? 'look-straight');
    }
    const range = (f: (p: Pose) => number) => Math.max(...this.holdPoses.map(f), f(pose)) - Math.min(...this.holdPoses.map(f), f(pose));
    const moved = this.holdStart !== null && (range((p) => p.yaw) > STILL_DEG || range((p) => p.pitch) > STILL_DEG);
    if (this.holdStart === null || moved) {
      this.holdStart = t;
      this.holdEmbedding = null;
      this.holdPoses = [];
    }
    this.holdPoses.push(pose);
    if (face.embedding) this.holdEmbedding = face.embedding;
    // The challenge needs to know whom it checks: an embedding taken during the hold.
    if (t - this.holdStart < this.holdMs || !this.holdEmbedding) return hint('hold-still');
    this.referenceUsed = this.holdEmbedding;
    const neutral = meanPose(this.holdPoses)!;
    this.challengeRun = new LivenessChallenge({ ...this.challengeOptions, moves: randomMoves(this.moveCount, this.random, this.vertical), reference: this.holdEmbedding, neutral });
    return this.feedChallenge(frame);
  }

  private feedChallenge(frame: LivenessFrame): SessionState {
    const c = this.challengeRun!;
    const status = c.feed(frame);
    const base = { attempt: this.attempt, moves: c.moves };
    if (status.state === 'passed') {
      this.limit?.passed();
      return (this.stateNow = { phase: 'passed', ...base });
    }
    if (status.state === 'failed') {
      if (this.stateNow.phase !== 'failed') this.failedAt = frame.timeMs;
      if (this.limit?.fail(frame.timeMs)) return (this.stateNow = { phase: 'locked', attempt: this.attempt, remainingMs: this.limit.remainingMs(frame.timeMs), reason: status.reason });
      return (this.stateNow = { phase: 'failed', ...base, moveIndex: status.moveIndex, reason: status.reason, retryInMs: this.retryAfterMs });
    }
    return (this.stateNow = { phase: 'challenge', ...base, moveIndex: status.moveIndex, move: status.move, remainingMs: c.remainingMs(frame.timeMs), distance: c.distance });
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
