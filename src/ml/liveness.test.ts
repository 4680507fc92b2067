import { describe, expect, it } from 'vitest';
import { mesh, picture } from '../../test/support/head-model';
import { AttemptLimit, LivenessSession, randomMoves } from './liveness-session';
import { distanceHint, poseFromMesh } from './head-pose';
import { LivenessChallenge, type LivenessFrame, type Move } from './liveness';
import { rng } from '../../scripts/lib/rng';

describe('poseFromMesh', () => {
  it('reads a head’s turn in degrees, in the person’s own directions', () => {
    expect(poseFromMesh(mesh(0))!.yaw).toBeCloseTo(0, 6);
    expect(poseFromMesh(mesh(15))!.yaw).toBeGreaterThan(12);
    expect(poseFromMesh(mesh(15))!.yaw).toBeLessThan(18);
    expect(poseFromMesh(mesh(-15))!.yaw).toBeLessThan(-12);
    expect(poseFromMesh(mesh(0, { pitch: 10 }))!.pitch).toBeGreaterThan(poseFromMesh(mesh(0))!.pitch + 7);
  });

  it('sees the nose slide across the outline as the head turns (the parallax), and the outline of a picture narrow', () => {
    expect(poseFromMesh(mesh(10))!.nose.x - poseFromMesh(mesh(0))!.nose.x).toBeGreaterThan(0.1);
    expect(poseFromMesh(mesh(-10))!.nose.x - poseFromMesh(mesh(0))!.nose.x).toBeLessThan(-0.1);
    expect(1 - poseFromMesh(picture(35))!.aspect / poseFromMesh(mesh(0))!.aspect).toBeGreaterThan(0.15);
  });

  it('needs the whole mesh', () => {
    expect(poseFromMesh(mesh(0).subarray(0, 300))).toBeNull();
  });

  it('asks a face too far to come closer and one too near to move back', () => {
    expect(distanceHint(poseFromMesh(mesh(0))!, 640)).toBeNull();
    expect(distanceHint(poseFromMesh(mesh(0, { distance: 2 }))!, 640)).toBe('come-closer');
    expect(distanceHint(poseFromMesh(mesh(0, { distance: 0.08 }))!, 640)).toBe('move-back');
    expect(distanceHint(poseFromMesh(mesh(0, { distance: 0.08 }))!, undefined)).toBeNull();
  });
});

/** Frames at `fps` through the given yaw angles (a face with the same embedding each time), in a 640-pixel frame. */
function frames(yaws: number[], fps = 12.5, meshOf: (yaw: number) => Float32Array = mesh): LivenessFrame[] {
  return yaws.map((yaw, i) => ({ timeMs: (1000 * i) / fps, width: 640, faces: [{ mesh: meshOf(yaw), embedding: [1, 0, 0] }] }));
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

  it('judges the moves from the person’s own straight pose (a close camera’s bias cancels)', () => {
    const neutral = poseFromMesh(mesh(8))!;
    const judged = (input: LivenessFrame[]) => {
      const c = new LivenessChallenge({ moves: ['right', 'left'], neutral });
      for (const f of input) c.feed(f);
      return c.finish();
    };
    // Straight reads 8°: a turn to 0° is not yet 10° to the right; to −4° it is.
    expect(judged(frames([8, 4, 0, 4, 8, 16, 20, 8]))).toMatchObject({ state: 'failed', reason: 'turn-further' });
    expect(judged(frames([8, 0, -4, 0, 8, 16, 20, 8]))).toEqual({ state: 'passed' });
  });

  it('refuses the same recording against the moves in the other order', () => {
    expect(run(['left', 'right'], frames(RIGHT_THEN_LEFT))).toMatchObject({ state: 'failed', reason: 'wrong-way', moveIndex: 0 });
  });

  it('does not take the way back from a move as a wrong way', () => {
    // Still turned right when the left move begins.
    expect(run(['right', 'left'], frames([0, -10, -20, -20, -20, -5, 0, 15, 20]))).toEqual({ state: 'passed' });
  });

  it('calls a photo turned far flat: its pose turns a little, its outline narrows far more than that turn explains', () => {
    const far = [0, -15, -30, -45, -55, -55, -45, -30, -15, 0, 15, 30, 45, 55, 55];
    expect(poseFromMesh(picture(-45))!.yaw).toBeLessThan(-10);
    expect(run(['right', 'left'], frames(far, 2, picture))).toMatchObject({ state: 'failed', reason: 'flat' });
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
    const pitched = (p: number[]) => p.map((pitch, i) => ({ timeMs: i * 80, faces: [{ mesh: mesh(0, { pitch }), embedding: [1, 0, 0] }] }));
    expect(run(['up', 'down'], pitched([0, 8, 15, 8, 0, -8, -15]))).toEqual({ state: 'passed' });
    expect(run(['down', 'up'], pitched([0, 8, 15]))).toMatchObject({ state: 'failed', reason: 'wrong-way' });
  });

  it('does not judge a face too near or too far: the move’s time runs on', () => {
    const near = (yaw: number) => mesh(yaw, { distance: 0.08 });
    expect(run(['right', 'left'], frames(RIGHT_THEN_LEFT, 12.5, near))).toMatchObject({ state: 'failed', reason: 'turn-further' });
  });

  it('keeps a face that turned far as the same person when its sample matches one taken on the way, not a stranger', () => {
    const c = new LivenessChallenge({ moves: ['right', 'left'], reference: [1, 0, 0] });
    const [a, b, d] = frames([0, -5, -12]);
    c.feed({ ...a!, faces: [{ ...a!.faces[0]!, embedding: [0.8, 0.6, 0] }] });
    c.feed({ ...b!, faces: [{ ...b!.faces[0]!, embedding: [0.3, 0.95, 0] }] });
    expect(c.current).toMatchObject({ state: 'running' });
    expect(c.feed({ ...d!, faces: [{ ...d!.faces[0]!, embedding: [0, 0, 1] }] })).toMatchObject({ state: 'failed', reason: 'face-changed' });
  });

  it('calls a jump of pose that the next sample shows to be another face face-changed, not wrong-way', () => {
    const c = new LivenessChallenge({ moves: ['left', 'right'] });
    const [a, b, d] = frames([0, -30, -30]);
    c.feed(a!);
    // The other face reads turned the wrong way between two samples…
    expect(c.feed({ ...b!, faces: [{ mesh: b!.faces[0]!.mesh! }] })).toMatchObject({ state: 'running' });
    // …and its sample tells why.
    expect(c.feed({ ...d!, faces: [{ ...d!.faces[0]!, embedding: [0, 1, 0] }] })).toMatchObject({ state: 'failed', reason: 'face-changed' });
    const e = new LivenessChallenge({ moves: ['left', 'right'] });
    const late = frames([0, -30, -30, -30, -30, -30, -30, -30, -30, -30]);
    e.feed(late[0]!);
    for (const f of late.slice(1)) e.feed({ ...f, faces: [{ mesh: f.faces[0]!.mesh! }] });
    expect(e.current).toMatchObject({ state: 'failed', reason: 'wrong-way' });
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
    c.feed({ ...first!, faces: [{ mesh: first!.faces[0]!.mesh! }] });
    c.feed(first!);
    expect(c.trace).toHaveLength(1);
    c.feed(second!);
    expect(c.feed({ ...second!, faces: [{ ...second!.faces[0]!, embedding: [0, 0, 1] }] })).toMatchObject({ state: 'failed', reason: 'face-changed' });
    expect(c.trace).toHaveLength(2);
  });

  it('counts a move only once a frame embedded at or after it shows the same face', () => {
    // Live recognition embeds every 250 ms: the turn itself may fall between two embeddings.
    const sparse = frames(RIGHT_THEN_LEFT).map((f, i) => (i % 4 === 0 ? f : { ...f, faces: [{ mesh: f.faces[0]!.mesh! }] }));
    expect(run(['right', 'left'], sparse)).toEqual({ state: 'passed' });
    // A face swapped in finishes the last move before the next embedding: that embedding fails it.
    const swapped = frames([...RIGHT_THEN_LEFT.slice(0, 11), 25, 25]).map((f, i) =>
      i <= 8 ? f : i < 12 ? { ...f, faces: [{ mesh: f.faces[0]!.mesh! }] } : { ...f, faces: [{ ...f.faces[0]!, embedding: [0, 1, 0] }] },
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
    yaws.map((yaw, i) => ({ timeMs: start + i * 80, width: 640, faces: [{ mesh: mesh(yaw), ...(embedding ? { embedding } : {}) }] }));
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
    // A pause mid-turn is not a straight pose (the moves would be judged from it).
    expect(feedAll(s, at(80, [-15, -15, -15, -15, -15, -15, -15, -15]))).toMatchObject({ phase: 'waiting', hint: 'look-straight' });
    expect(s.feed({ timeMs: 200, width: 640, faces: [{ mesh: mesh(0, { distance: 2 }) }] })).toMatchObject({ phase: 'waiting', hint: 'come-closer' });
    expect(s.feed({ timeMs: 220, width: 640, faces: [{ mesh: mesh(0, { distance: 0.08 }) }] })).toMatchObject({ phase: 'waiting', hint: 'move-back' });
    expect(feedAll(s, at(240, [0, 0, 0]))).toMatchObject({ phase: 'waiting', hint: 'hold-still' });
    expect(feedAll(s, at(480, [0, 0, 0, 0, 0]))).toMatchObject({ phase: 'challenge', move: 'left', moveIndex: 0, moves: ['left', 'right'] });
  });

  it('restarts the hold when the head moves, and needs an embedding during the hold', () => {
    const s = session();
    expect(feedAll(s, at(0, [0, 0, 0, 0, 0, 8, 8, 8, 8, 8, 8], undefined))).toMatchObject({ phase: 'waiting', hint: 'hold-still' });
    expect(s.feed(at(960, [8])[0]!)).toMatchObject({ phase: 'challenge' });
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
    expect(s.feed({ timeMs: 700, faces: [{ mesh: mesh(0), embedding: [0, 1, 0] }] })).toMatchObject({ phase: 'failed', reason: 'face-changed' });
  });
});
