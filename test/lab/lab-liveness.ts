/**
 * The lab page's liveness hook (`window.visage.liveness`, for `npm run eval:liveness`): runs a
 * recorded sequence through the kiosk's own check — live recognition's engine in liveness mode
 * (detection in VIDEO mode, tracking, the lone face embedded every LIVENESS_EMBED_MS) feeding a
 * LivenessFlow (src/ml/liveness-flow.ts) exactly as the live session does: the track is judged,
 * the flow waits for a still, straight face (the hold phase, whose embedding is the reference),
 * then asks its moves. The moves are drawn by a scripted `random` so that the challenge asks the
 * sequence's own moves (the app asks at least two: a one-move sequence is asked its move and one
 * more, and counts as answered once its own move is done).
 *
 * Timing: the sequence's most frontal frame (frontalFrame(): a person asked to look straight
 * first; some clips begin mid-turn) is held (repeated at the sequence's fps) until the challenge
 * starts, at most `holdMaxMs`; then the footage plays from its first frame at its fps (timestamps
 * index / fps, not in real time); then the last frame is held for `tailMs` (a move just made is
 * confirmed by the next embedding). A challenge still running
 * after that fails as the challenge's own time-out would (`finish()`); a sequence that never held
 * still and straight is refused as `no-hold`, with the hint the app was showing.
 */
import { poseFromMesh, type Pose } from '../../src/ml/head-pose';
import { LiveEngine, type EngineEvent, type LiveResult } from '../../src/ml/live-engine';
import type { FailReason, LivenessChallenge, LivenessTrace, Move } from '../../src/ml/liveness';
import { LivenessFlow, type FlowOutcome, type FlowView } from '../../src/ml/liveness-flow';
import type { LivenessSession, WaitHint } from '../../src/ml/liveness-session';
import type { FacePipeline } from '../../src/ml/pipeline';

export interface LivenessRunOptions {
  /** The moves the sequence answers, in order: the challenge asks them. */
  moves: Move[];
  /** The sequence's frame rate. */
  fps: number;
  /** The first frame is held at most this long before the footage plays (default 3000 ms). */
  holdMaxMs?: number;
  /** The last frame is held this long after the footage (default 1000 ms). */
  tailMs?: number;
  /** Play the whole sequence even after the outcome (its poses, for tuning); the outcome is the first. */
  full?: boolean;
}

export interface LivenessRun {
  accepted: boolean;
  /** Why it was refused: the challenge's reason, or `no-hold` (no challenge ever started). */
  reason: FailReason | 'no-hold' | null;
  /** With `no-hold`: what the app asked for when the frames ran out. */
  hint: WaitHint | null;
  /** What the challenge asked (the sequence's moves; one more for a one-move sequence). */
  asked: Move[];
  /** How long the held frame was held before the footage played (ms). */
  heldMs: number;
  /** Which frame was held: the sequence's most frontal one (the first within 3° of the least yaw). */
  heldFrame: number;
  /** When the challenge started, in footage time (ms from the footage's first frame; ≤ 0: during the held frame). */
  challengeAtMs: number | null;
  /** When the sequence's last move was done, in footage time (ms), if it was. */
  passedAtMs: number | null;
  /** When it was refused, in footage time (ms); past the footage's end for a time-out in the tail. */
  refusedAtMs: number | null;
  /** The challenge's per-frame measurements (faces, pose from neutral, parallax, narrowing, similarity). */
  trace: LivenessTrace[];
  /** Every frame's lone face's pose (head-pose.ts, absolute), from the first held frame: for tuning. */
  poses: Array<{ t: number; faces: number; share: number | null; pose: Pose | null }>;
  /** Frames given to the engine (held ones included). */
  frames: number;
}

/** The last timestamp given to a VIDEO-mode detector (MediaPipe wants them increasing). */
let lastTimestamp = 0;

/** A `random` for randomMoves() that draws `moves` in order (then anything). */
function scripted(moves: readonly Move[], vertical: boolean): () => number {
  const pool: Move[] = vertical ? ['left', 'right', 'up', 'down'] : ['left', 'right'];
  const values = moves.map((m) => (pool.indexOf(m) + 0.5) / pool.length);
  let i = 0;
  return () => values[i++] ?? 0.5;
}

const OPPOSITE: Record<Move, Move> = { left: 'right', right: 'left', up: 'down', down: 'up' };

/** The session the flow is checking with: private to the flow, read here for its trace and time-out only. */
function sessionOf(flow: LivenessFlow): LivenessSession | null {
  return (flow as unknown as { checking: { session: LivenessSession } | null }).checking?.session ?? null;
}

/** The pose of a result's face when it is alone and its mesh was run. */
function lonePose(result: LiveResult): Pose | null {
  const [face, other] = result.faces;
  return face?.mesh && !other ? poseFromMesh(face.mesh) : null;
}

/** One recorded frame through the engine at `timestamp`. */
async function playFrame(engine: LiveEngine, url: string, timestamp: number): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const bitmap = await createImageBitmap(await res.blob());
  try {
    await engine.frame(bitmap, timestamp);
  } finally {
    bitmap.close();
  }
}

/**
 * The sequence's most frontal frame: the first whose |yaw| is within 3° of the least, as live
 * recognition reads it (a VIDEO-mode pass over the footage, the lone face's mesh).
 */
async function frontalFrame(video: FacePipeline, urls: readonly string[], fps: number): Promise<number> {
  const yaws: number[] = [];
  const engine = new LiveEngine(video, { mode: 'detect', threshold: 'auto', recheckMs: 1000, liveness: true }, (e) => {
    if (e.type === 'result') yaws.push(Math.abs(lonePose(e.result)?.yaw ?? Infinity));
  });
  const start = (lastTimestamp += 1000);
  for (const [i, url] of urls.entries()) await playFrame(engine, url, (lastTimestamp = start + (1000 * i) / fps));
  engine.stop();
  const least = Math.min(...yaws);
  return Number.isFinite(least) ? yaws.findIndex((y) => y <= least + 3) : 0;
}

export async function runLiveness(pipeline: FacePipeline, urls: readonly string[], o: LivenessRunOptions): Promise<LivenessRun> {
  const { moves, fps, holdMaxMs = 3000, tailMs = 1000 } = o;
  const vertical = moves.some((m) => m === 'up' || m === 'down');
  const asked = moves.length >= 2 ? [...moves] : [...moves, OPPOSITE[moves[0]!]];
  const video = await pipeline.withMode('VIDEO');
  const errors: unknown[] = [];
  // What the flow said last (in an object: the engine's callback sets it).
  const seen: { outcome: FlowOutcome | null; view: FlowView; challenge: LivenessChallenge | null } = { outcome: null, view: { phase: 'idle' }, challenge: null };
  const run: LivenessRun = { accepted: false, reason: null, hint: null, asked, heldMs: 0, heldFrame: 0, challengeAtMs: null, passedAtMs: null, refusedAtMs: null, trace: [], poses: [], frames: 0 };
  const flow = new LivenessFlow({ random: scripted(asked, vertical), moveCount: asked.length, vertical }, (out) => (seen.outcome ??= out));
  run.heldFrame = await frontalFrame(video, urls, fps);
  // MediaPipe wants increasing timestamps across runs: this run's frames start after the last one's.
  const start = (lastTimestamp += 1000);
  const done = () => seen.outcome !== null || run.passedAtMs !== null;
  /** Footage time of the frame being fed (ms). */
  let footageMs = 0;
  const onEvent = (e: EngineEvent) => {
    if (e.type === 'error') errors.push(e.error);
    if (e.type !== 'result') return;
    const r = e.result;
    if (run.poses[run.poses.length - 1]?.t !== footageMs) {
      const pose = lonePose(r);
      run.poses.push({ t: footageMs, faces: r.faces.length, share: pose ? pose.width / r.width : null, pose });
    }
    if (done()) return;
    const view = (seen.view = flow.update(e.result));
    seen.challenge = sessionOf(flow)?.challenge ?? seen.challenge;
    const state = view.phase === 'checking' ? view.state : null;
    if (state?.phase === 'challenge' || state?.phase === 'passed') run.challengeAtMs ??= footageMs;
    // Every move the sequence recorded is done (a one-move sequence: the padding move is not judged).
    if (state?.phase === 'passed' || (state?.phase === 'challenge' && state.moveIndex >= moves.length)) run.passedAtMs = footageMs;
    if (seen.outcome && seen.outcome.kind !== 'passed') run.refusedAtMs = footageMs;
  };
  const engine = new LiveEngine(video, { mode: 'recognize', threshold: 'auto', recheckMs: 1000, liveness: true }, onEvent);
  // No one enrolled: everyone is checked as a stranger, as the kiosk checks any lone face.
  engine.setGallery({ embeddings: new Float32Array(0), personIds: [], names: {} });
  let fed = 0;
  const feed = async (url: string, ms: number) => {
    footageMs = ms;
    await playFrame(engine, url, (lastTimestamp = start + (1000 * fed++) / fps));
    if (errors.length) throw errors[0];
  };
  const frameMs = 1000 / fps;
  const playing = () => o.full || !done();
  try {
    // The hold: the most frontal frame, until the challenge starts (a person asked to look straight first).
    const holdFrames = Math.round(holdMaxMs / frameMs);
    let held = 0;
    while (held < holdFrames && run.challengeAtMs === null && !done()) await feed(urls[run.heldFrame]!, -(holdFrames - held++) * frameMs);
    run.heldMs = held * frameMs;
    // The held frames were timed as if all `holdFrames` were held: they end just before frame 0.
    const shift = (v: number | null) => (v !== null && v < 0 ? v + (holdFrames - held) * frameMs : v);
    run.challengeAtMs = shift(run.challengeAtMs);
    run.refusedAtMs = shift(run.refusedAtMs);
    for (const [i, url] of urls.entries()) {
      if (!playing()) break;
      await feed(url, i * frameMs);
    }
    for (let k = 1; k <= Math.round(tailMs / frameMs) && playing(); k++) await feed(urls[urls.length - 1]!, (urls.length - 1 + k) * frameMs);
  } finally {
    engine.stop();
    if (video !== pipeline) video.dispose();
  }
  run.frames = fed;
  const { challenge: c, outcome: out, view } = seen;
  // In footage time, as the rest of the run (the engine's timestamps started at `start`).
  run.trace = c ? c.trace.map((t) => ({ ...t, timeMs: t.timeMs - start - run.heldMs })) : [];
  if (run.passedAtMs !== null) run.accepted = true;
  else if (out?.kind === 'failed') run.reason = out.reason;
  else if (out?.kind === 'locked') run.reason = 'too-many-attempts';
  else if (c && c.current.state === 'running') {
    const s = c.finish();
    run.reason = s.state === 'failed' ? s.reason : null;
    run.refusedAtMs = footageMs;
  } else {
    run.reason = 'no-hold';
    run.hint = view.phase === 'checking' && view.state.phase === 'waiting' ? view.state.hint : view.phase === 'crowd' ? 'several-faces' : 'no-face';
  }
  return run;
}
