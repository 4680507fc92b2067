import { describe, expect, it } from 'vitest';
import type { Point } from './align';
import { PHOTO, bent, project, real } from '../../test/support/head-model';
import { AttemptLimit, LivenessSession } from './liveness-session';
import { poseFromKeypoints } from './head-pose';
import { LivenessChallenge, randomMoves, type LivenessFrame, type Move } from './liveness';
import { rng } from '../../scripts/lib/rng';

describe('poseFromKeypoints', () => {
  it('reads a real head’s turn in the person’s own directions', () => {
    expect(poseFromKeypoints(real(0))!.yaw).toBeCloseTo(0, 6);
    expect(poseFromKeypoints(real(15))!.yaw).toBeGreaterThan(0.3);
    expect(poseFromKeypoints(real(-15))!.yaw).toBeLessThan(-0.3);
    expect(poseFromKeypoints(real(0, -15))!.pitch).toBeLessThan(poseFromKeypoints(real(0))!.pitch - 0.12);
  });

  it('does not see a photo turn, however far it is turned', () => {
    // Only the perspective of a photo turned near the camera shifts it a little.
    for (const yaw of [-35, -20, 20, 35]) expect(Math.abs(poseFromKeypoints(project(PHOTO, yaw))!.yaw)).toBeLessThan(0.1);
  });

  it('needs all six keypoints', () => {
    expect(poseFromKeypoints(real(0).slice(0, 4))).toBeNull();
  });
});

describe('travel of the pose (the depth cue)', () => {
  const travel = (points: (yaw: number) => Point[], yaw: number) => poseFromKeypoints(points(yaw))!.yaw - poseFromKeypoints(points(-yaw))!.yaw;

  it('is large for a real head turned ±15°, small for a flat photo turned ±35°', () => {
    expect(travel(real, 15)).toBeGreaterThan(0.6);
    expect(Math.abs(travel((y) => project(PHOTO, y), 35))).toBeLessThan(0.15);
  });

  it('grows for a photo bent round a tighter cylinder', () => {
    const t = [0.2, 0.1, 0.06].map((r) => travel((y) => project(bent(r), y), 35));
    expect(t[0]!).toBeLessThan(t[1]!);
    expect(t[1]!).toBeLessThan(t[2]!);
  });
});

/** Frames at `fps` through the given yaw angles (a face with the same embedding each time). */
function frames(yaws: number[], fps = 12.5, points: (yaw: number) => Point[] = real): LivenessFrame[] {
  return yaws.map((yaw, i) => ({ timeMs: (1000 * i) / fps, faces: [{ keypoints: points(yaw), embedding: [1, 0, 0] }] }));
}

function run(moves: Move[], input: LivenessFrame[]) {
  const c = new LivenessChallenge({ moves });
  for (const f of input) c.feed(f);
  return c.finish();
}

/** man-webcam's path, roughly: frontal → his right 16° → frontal → his left 25° → frontal. */
const RIGHT_THEN_LEFT = [0, -4, -10, -14, -16, -15, -12, -6, 0, 6, 12, 20, 25, 24, 16, 6, 0];

describe('LivenessChallenge', () => {
  it('passes a real head that turns right then left, with modest turns', () => {
    expect(run(['right', 'left'], frames(RIGHT_THEN_LEFT))).toEqual({ state: 'passed' });
  });

  it('passes a one-move challenge that starts turned (the first move needs no neutral start)', () => {
    expect(run(['right'], frames([-45, -40, -30, -10, 0]))).toEqual({ state: 'passed' });
  });

  it('refuses the same recording against the moves in the other order', () => {
    expect(run(['left', 'right'], frames(RIGHT_THEN_LEFT))).toMatchObject({ state: 'failed', reason: 'wrong-way', moveIndex: 0 });
  });

  it('does not take the way back from a move as a wrong way', () => {
    // Still turned right when the left move begins.
    expect(run(['right', 'left'], frames([0, -10, -20, -20, -20, -5, 0, 15, 20]))).toEqual({ state: 'passed' });
  });

  it('calls a turned flat photo flat', () => {
    const photo = (yaw: number) => project(PHOTO, yaw);
    expect(run(['right', 'left'], frames([0, -10, -20, -30, -35, -30, -20, 0, 20, 35], 2, photo))).toMatchObject({ state: 'failed', reason: 'flat' });
  });

  it('refuses a tightly bent print turned far: it reads as turned only once its outline narrowed like a picture’s', () => {
    const print = (yaw: number) => project(bent(0.1), yaw);
    const far = [0, -15, -30, -45, -55, -55, -45, -30, -15, 0, 15, 30, 45, 55, 55];
    expect(poseFromKeypoints(print(-55))!.yaw).toBeLessThan(-0.25);
    expect(run(['right', 'left'], frames(far, 2, print))).toMatchObject({ state: 'failed', reason: 'flat' });
    // A real head turning as far reaches the turn on the way, with its outline still wide.
    expect(run(['right', 'left'], frames(far, 2))).toEqual({ state: 'passed' });
  });

  it('asks to turn further when the turn is too small within the time limit', () => {
    const small = Array.from({ length: 100 }, (_, i) => -4 * Math.sin(i / 5));
    expect(run(['right', 'left'], frames(small))).toMatchObject({ state: 'failed', reason: 'turn-further' });
    expect(run(['right', 'left'], frames([0, -2, -3]))).toMatchObject({ state: 'failed', reason: 'turn-further' });
  });

  it('times out a move that comes too late', () => {
    const late = [...new Array<number>(70).fill(0), -20, -20, 0, 20];
    expect(run(['right', 'left'], frames(late))).toMatchObject({ state: 'failed', reason: 'turn-further', moveIndex: 0 });
  });

  it('refuses a face that changes, two faces, and a face lost too long', () => {
    const swap = frames(RIGHT_THEN_LEFT).map((f, i) => (i < 8 ? f : { ...f, faces: [{ ...f.faces[0]!, embedding: [0, 1, 0] }] }));
    expect(run(['right', 'left'], swap)).toMatchObject({ state: 'failed', reason: 'face-changed' });
    const two = frames(RIGHT_THEN_LEFT).map((f, i) => (i === 3 ? { ...f, faces: [f.faces[0]!, f.faces[0]!] } : f));
    expect(run(['right', 'left'], two)).toMatchObject({ state: 'failed', reason: 'several-faces' });
    const lost = frames(RIGHT_THEN_LEFT).map((f, i) => (i >= 2 && i < 18 ? { ...f, faces: [] } : f));
    expect(run(['right', 'left'], lost)).toMatchObject({ state: 'failed', reason: 'face-lost' });
  });

  it('judges up and down from the first frame’s pitch', () => {
    const pitched = (p: number[]) => p.map((pitch, i) => ({ timeMs: i * 80, faces: [{ keypoints: real(0, pitch), embedding: [1, 0, 0] }] }));
    expect(run(['up', 'down'], pitched([0, -8, -15, -8, 0, 8, 15]))).toEqual({ state: 'passed' });
    expect(run(['down', 'up'], pitched([0, -8, -15]))).toMatchObject({ state: 'failed', reason: 'wrong-way' });
  });
});

describe('randomMoves', () => {
  it('asks at least two moves, each drawn alone: every sequence can come', () => {
    const random = rng(7);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(randomMoves(3, random).join());
    expect(seen.size).toBe(8);
    const vertical = new Set(Array.from({ length: 200 }, () => randomMoves(2, random, true).join()));
    expect(vertical.size).toBe(16);
    expect(randomMoves(1, random)).toHaveLength(2);
  });
});

describe('LivenessChallenge with a reference and repeated frames', () => {
  it('compares every embedded frame with the given reference, not the first frame', () => {
    const c = new LivenessChallenge({ moves: ['right', 'left'], reference: [0, 1, 0] });
    expect(c.feed(frames([0])[0]!)).toMatchObject({ state: 'failed', reason: 'face-changed' });
  });

  it('only checks the embeddings of a frame reported again with the same time', () => {
    const c = new LivenessChallenge({ moves: ['right', 'left'] });
    const [first, second] = frames([0, -10]);
    c.feed({ ...first!, faces: [{ keypoints: first!.faces[0]!.keypoints }] });
    c.feed(first!);
    expect(c.trace).toHaveLength(1);
    c.feed(second!);
    expect(c.feed({ ...second!, faces: [{ ...second!.faces[0]!, embedding: [0, 0, 1] }] })).toMatchObject({ state: 'failed', reason: 'face-changed' });
    expect(c.trace).toHaveLength(2);
  });

  it('counts a move only once a frame embedded at or after it shows the same face', () => {
    // Live recognition embeds every 250 ms: the turn itself may fall between two embeddings.
    const sparse = frames(RIGHT_THEN_LEFT).map((f, i) => (i % 4 === 0 ? f : { ...f, faces: [{ keypoints: f.faces[0]!.keypoints }] }));
    expect(run(['right', 'left'], sparse)).toEqual({ state: 'passed' });
    // A face swapped in finishes the last move before the next embedding: that embedding fails it.
    const swapped = frames([...RIGHT_THEN_LEFT.slice(0, 11), 25, 25]).map((f, i) =>
      i <= 8 ? f : i < 12 ? { ...f, faces: [{ keypoints: f.faces[0]!.keypoints }] } : { ...f, faces: [{ ...f.faces[0]!, embedding: [0, 1, 0] }] },
    );
    const c = new LivenessChallenge({ moves: ['right', 'left'] });
    for (const f of swapped.slice(0, 12)) c.feed(f);
    expect(c.current).toMatchObject({ state: 'running', moveIndex: 1 });
    expect(c.feed(swapped[12]!)).toMatchObject({ state: 'failed', reason: 'face-changed' });
  });

  it('tells the time left for the move', () => {
    const c = new LivenessChallenge({ moves: ['right', 'left'], moveTimeMs: 5000 });
    c.feed(frames([0])[0]!);
    expect(c.remainingMs(1200)).toBe(3800);
  });
});

describe('LivenessSession', () => {
  /** Frames every 80 ms from `start`, through the given yaws. */
  const at = (start: number, yaws: number[], embedding: number[] | undefined = [1, 0, 0]): LivenessFrame[] =>
    yaws.map((yaw, i) => ({ timeMs: start + i * 80, faces: [{ keypoints: real(yaw), ...(embedding ? { embedding } : {}) }] }));
  const feedAll = (s: LivenessSession, input: LivenessFrame[]) => input.map((f) => s.feed(f)).at(-1)!;
  /** Draws that cycle through `values` (0: left, 0.99: right). */
  const cycle = (...values: number[]) => {
    let i = 0;
    return () => values[i++ % values.length]!;
  };
  /** A session whose challenge is left then right. */
  const session = () => new LivenessSession({ random: cycle(0, 0.99), moveCount: 2 });

  it('waits for one face looking straight and holding still, then asks the moves', () => {
    const s = session();
    expect(s.feed({ timeMs: 0, faces: [] })).toMatchObject({ phase: 'waiting', hint: 'no-face' });
    const f = at(0, [0])[0]!;
    expect(s.feed({ timeMs: 40, faces: [f.faces[0]!, f.faces[0]!] })).toMatchObject({ phase: 'waiting', hint: 'several-faces' });
    expect(feedAll(s, at(80, [-20, -20]))).toMatchObject({ phase: 'waiting', hint: 'look-straight' });
    expect(feedAll(s, at(240, [0, 0, 0]))).toMatchObject({ phase: 'waiting', hint: 'hold-still' });
    expect(feedAll(s, at(480, [0, 0, 0, 0, 0]))).toMatchObject({ phase: 'challenge', move: 'left', moveIndex: 0, moves: ['left', 'right'] });
  });

  it('restarts the hold when the head moves, and needs an embedding during the hold', () => {
    const s = session();
    expect(feedAll(s, at(0, [0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 5], undefined))).toMatchObject({ phase: 'waiting', hint: 'hold-still' });
    expect(s.feed(at(960, [5])[0]!)).toMatchObject({ phase: 'challenge' });
  });

  it('passes a real head, then stays passed until reset', () => {
    const s = new LivenessSession({ random: cycle(0.99, 0), moveCount: 2 });
    feedAll(s, at(0, [0, 0, 0, 0, 0, 0, 0, 0]));
    expect(s.state).toMatchObject({ phase: 'challenge', moves: ['right', 'left'] });
    expect(feedAll(s, at(640, RIGHT_THEN_LEFT))).toMatchObject({ phase: 'passed', attempt: 1 });
    expect(s.reference).toEqual([1, 0, 0]);
    expect(feedAll(s, at(2000, [0, 0]))).toMatchObject({ phase: 'passed' });
    s.reset();
    expect(s.state).toMatchObject({ phase: 'waiting', attempt: 2 });
  });

  it('shows a failure’s reason for a while, then starts a new attempt with new moves', () => {
    const s = new LivenessSession({ random: cycle(0.99, 0, 0, 0.99), moveCount: 2, retryAfterMs: 1000 });
    feedAll(s, at(0, [0, 0, 0, 0, 0, 0, 0, 0]));
    // Asked right first; turns left.
    expect(feedAll(s, at(640, [10, 20]))).toMatchObject({ phase: 'failed', reason: 'wrong-way', attempt: 1, retryInMs: 1000 });
    expect(s.feed(at(1200, [0])[0]!)).toMatchObject({ phase: 'failed', retryInMs: 520 });
    expect(s.feed(at(1800, [0])[0]!)).toMatchObject({ phase: 'waiting', attempt: 2 });
    expect(feedAll(s, at(1880, [0, 0, 0, 0, 0, 0, 0]))).toMatchObject({ phase: 'challenge', moves: ['left', 'right'], attempt: 2 });
  });

  it('counts failures in a limit shared by sessions: the third in a row pauses them all; a pass resets the count', () => {
    const limit = new AttemptLimit(3, 10_000);
    const failOnce = (s: LivenessSession, start: number) => {
      feedAll(s, at(start, [0, 0, 0, 0, 0, 0, 0, 0]));
      return feedAll(s, at(start + 640, [10, 20]));
    };
    const a = new LivenessSession({ random: cycle(0.99, 0), moveCount: 2, retryAfterMs: 1000, limit });
    expect(failOnce(a, 0)).toMatchObject({ phase: 'failed', attempt: 1 });
    expect(failOnce(a, 2000)).toMatchObject({ phase: 'failed', attempt: 2 });
    // A passed attempt in between resets the count.
    const b = new LivenessSession({ random: cycle(0.99, 0), moveCount: 2, limit });
    feedAll(b, at(3000, [0, 0, 0, 0, 0, 0, 0, 0]));
    expect(feedAll(b, at(3640, RIGHT_THEN_LEFT))).toMatchObject({ phase: 'passed' });
    expect(failOnce(a, 6000)).toMatchObject({ phase: 'failed', attempt: 3 });
    expect(failOnce(a, 8000)).toMatchObject({ phase: 'failed', attempt: 4 });
    expect(failOnce(a, 10_000)).toEqual({ phase: 'locked', attempt: 5, reason: 'wrong-way', remainingMs: 10_000 });
    // Another session under the same limit (another face) is paused too, and then asked again.
    const c = new LivenessSession({ random: cycle(0.99, 0), moveCount: 2, limit });
    expect(c.feed(at(12_000, [0])[0]!)).toEqual({ phase: 'locked', attempt: 1, remainingMs: 8720 });
    expect(a.feed(at(20_000, [0])[0]!)).toMatchObject({ phase: 'locked', reason: 'wrong-way', remainingMs: 720 });
    expect(feedAll(c, at(20_720, [0, 0, 0, 0, 0, 0, 0, 0]))).toMatchObject({ phase: 'challenge', attempt: 2 });
  });

  it('takes the hold’s embedding as the reference: a face swapped in after it fails', () => {
    const s = session();
    feedAll(s, at(0, [0, 0, 0, 0, 0, 0, 0, 0]));
    expect(s.feed({ timeMs: 700, faces: [{ keypoints: real(0), embedding: [0, 1, 0] }] })).toMatchObject({ phase: 'failed', reason: 'face-changed' });
  });
});
