import { describe, expect, it } from 'vitest';
import { mesh } from '../../test/support/head-model';
import type { LiveFace, LiveResult } from './live-engine';
import { LivenessFlow, shownFace, type FlowOutcome } from './liveness-flow';
import { LOCKOUT_MS } from './liveness-session';

const ANN = Float32Array.from([1, 0, 0]);
const EVE = Float32Array.from([0, 1, 0]);

/** A face of `yaw` degrees, known as Ann unless told; `sample`: this frame's embedding and its match. */
function face(yaw: number, o: Partial<LiveFace> = {}, sample?: { embedding: Float32Array; personId: string | null }): LiveFace {
  return {
    trackId: 1,
    box: { x: 0, y: 0, width: 100, height: 100 },
    name: 'Ann',
    personId: 'ann',
    similarity: 0.7,
    state: 'known',
    firstSeenAt: 0,
    keypoints: [],
    mesh: mesh(yaw),
    ...o,
    ...(sample ? { sample: { ...sample, similarity: sample.personId ? 0.8 : 0.2 } } : {}),
  };
}

const result = (frameAt: number, faces: LiveFace[]): LiveResult => ({ width: 640, height: 480, faces, fps: 12.5, frameAt, timings: { detectMs: 0, alignMs: 0, embedMs: 0, matchMs: 0, embedded: 0 } });

/** Ann at these yaws every 80 ms from `start`, sampled (embedding of `who`) on every frame. */
function play(flow: LivenessFlow, start: number, yaws: number[], who = ANN, o: Partial<LiveFace> = {}) {
  return yaws.map((yaw, i) => flow.update(result(start + i * 80, [face(yaw, o, { embedding: who, personId: who === ANN ? 'ann' : null })]))).at(-1)!;
}

const HOLD = [0, 0, 0, 0, 0, 0, 0, 0];
const RIGHT_THEN_LEFT = [0, -4, -10, -14, -16, -15, -12, -6, 0, 6, 12, 20, 25, 24, 16, 6, 0];

function setup() {
  const outcomes: FlowOutcome[] = [];
  // Right, then left (0.99: right, 0: left).
  let i = 0;
  const flow = new LivenessFlow({ random: () => (i++ % 2 === 0 ? 0.99 : 0), moveCount: 2, retryAfterMs: 1000 }, (o) => outcomes.push(o));
  return { flow, outcomes };
}

describe('LivenessFlow', () => {
  it('checks a lone enrolled face without naming it, reports the pass once with the name, and does not ask the same track again', () => {
    const { flow, outcomes } = setup();
    expect(play(flow, 0, HOLD)).toEqual({ phase: 'checking', name: null, state: expect.objectContaining({ phase: 'challenge', move: 'right' }) });
    expect(play(flow, 640, RIGHT_THEN_LEFT)).toMatchObject({ phase: 'checking', name: 'Ann', state: { phase: 'passed' } });
    play(flow, 2000, HOLD);
    expect(outcomes).toEqual([{ kind: 'passed', personId: 'ann', name: 'Ann', similarity: 0.8, face: expect.objectContaining({ trackId: 1 }) }]);
    // Ann leaves; when she comes back (a new track) she is asked again, unnamed.
    expect(flow.update(result(3000, []))).toMatchObject({ phase: 'checking' });
    expect(flow.update(result(4600, []))).toEqual({ phase: 'idle' });
    expect(play(flow, 5000, [0], ANN, { trackId: 2 })).toMatchObject({ phase: 'checking', name: null, state: { phase: 'waiting' } });
    expect(flow.revealed(face(0, { trackId: 2 }))).toBe(false);
  });

  it('sends a face that has not passed as "checking": no name, person, similarity or sample; after the pass, as judged', () => {
    const { flow } = setup();
    play(flow, 0, HOLD);
    const sampled = face(0, {}, { embedding: ANN, personId: 'ann' });
    const before = shownFace(sampled, flow, true);
    expect(before).toEqual({ trackId: 1, box: sampled.box, name: null, personId: null, similarity: null, state: 'checking', firstSeenAt: 0, keypoints: sampled.keypoints });
    // Nor the mesh (the head's shape, frame by frame, stays in the vision service).
    expect(before).not.toHaveProperty('mesh');
    expect(JSON.stringify(before)).not.toMatch(/ann/i);
    // Not judged yet: 'checking' too; in detect mode, as it is.
    expect(shownFace(face(0, { state: 'detected', name: null, personId: null, similarity: null }), flow, true).state).toBe('checking');
    expect(shownFace(face(0, { state: 'detected', name: null, personId: null, similarity: null }), flow, false).state).toBe('detected');
    play(flow, 640, RIGHT_THEN_LEFT);
    expect(shownFace(sampled, flow, true)).toMatchObject({ name: 'Ann', personId: 'ann', similarity: 0.7, state: 'known' });
    expect(shownFace(sampled, flow, true)).not.toHaveProperty('sample');
    expect(shownFace(sampled, flow, true)).not.toHaveProperty('mesh');
  });

  it('checks a lone stranger too (a check of enrolled faces only would tell who is enrolled), and crowds wait', () => {
    const { flow, outcomes } = setup();
    const stranger = { state: 'unknown' as const, personId: null, name: null, similarity: 0.2 };
    expect(play(flow, 0, HOLD, EVE, stranger)).toMatchObject({ phase: 'checking', name: null, state: { phase: 'challenge' } });
    expect(play(flow, 640, RIGHT_THEN_LEFT, EVE, stranger)).toMatchObject({ phase: 'checking', name: null, state: { phase: 'passed' } });
    expect(outcomes).toEqual([expect.objectContaining({ kind: 'passed', personId: null, name: null })]);
    expect(shownFace(face(0, stranger), flow, true)).toMatchObject({ state: 'unknown', name: null });
    expect(flow.update(result(2000, [face(0, { trackId: 5 }), face(0, { trackId: 6 })]))).toEqual({ phase: 'crowd' });
  });

  it('ends a pass when its track reads as somebody else: hidden again, and checked as the new identity', () => {
    const { flow } = setup();
    play(flow, 0, HOLD);
    play(flow, 640, RIGHT_THEN_LEFT);
    // The same track reads unknown for a moment: still shown (as unknown).
    const unknownNow = face(0, { state: 'unknown', personId: null, name: null, similarity: 0.3 });
    expect(flow.revealed(unknownNow)).toBe(true);
    // A photo of Bob swapped in on the same track: hidden, and asked again.
    const bob = face(0, { personId: 'bob', name: 'Bob' });
    expect(flow.update(result(2100, [bob]))).toMatchObject({ phase: 'checking', name: null, state: { phase: 'waiting' } });
    expect(shownFace(bob, flow, true)).toMatchObject({ state: 'checking', name: null, personId: null, similarity: null });
  });

  it('takes as reference only a sample that matches the person: a swap after recognition cannot hold still in their name', () => {
    const { flow, outcomes } = setup();
    // Recognized as Ann (the track), but every new sample is Eve's.
    expect(play(flow, 0, [...HOLD, ...HOLD], EVE)).toMatchObject({ state: { phase: 'waiting', hint: 'hold-still' } });
    expect(outcomes).toHaveLength(0);
  });

  it('reports a failure with its reason and no identity, then asks again', () => {
    const { flow, outcomes } = setup();
    play(flow, 0, HOLD);
    expect(play(flow, 640, [10, 20])).toMatchObject({ name: null, state: { phase: 'failed', reason: 'wrong-way' } });
    expect(play(flow, 800, [0, 0])).toMatchObject({ state: { phase: 'failed' } });
    expect(outcomes).toEqual([{ kind: 'failed', reason: 'wrong-way', face: expect.objectContaining({ trackId: 1 }) }]);
    expect(play(flow, 1800, HOLD)).toMatchObject({ state: { phase: 'challenge', attempt: 2 } });
  });

  it('fails a challenge whose face changes, even on the same track', () => {
    const { flow, outcomes } = setup();
    play(flow, 0, HOLD);
    play(flow, 640, [-4, -10]);
    expect(play(flow, 800, [-14], EVE, { state: 'unknown' })).toMatchObject({ state: { phase: 'failed', reason: 'face-changed' } });
    expect(outcomes[0]).toMatchObject({ kind: 'failed', reason: 'face-changed' });
  });

  it('pauses every check after three failures in a row: a new track or a stranger cannot reset it', () => {
    const { flow, outcomes } = setup();
    /** One attempt from `start`: held, then the wrong way (failed 720 ms later). */
    const fail = (start: number, o: Partial<LiveFace> = {}) => {
      play(flow, start, HOLD, ANN, o);
      return play(flow, start + 640, [10, 20], ANN, o);
    };
    expect(fail(0)).toMatchObject({ state: { phase: 'failed' } });
    // The second attempt on a new track (the photo taken away and shown again) still counts.
    flow.update(result(800, []));
    flow.update(result(2400, []));
    expect(fail(2500, { trackId: 2 })).toMatchObject({ state: { phase: 'failed' } });
    expect(outcomes.map((o) => o.kind)).toEqual(['failed', 'failed']);
    // The third failure (after the 1 s shown) starts the pause.
    expect(fail(4300, { trackId: 2 })).toMatchObject({ name: null, state: { phase: 'locked', reason: 'wrong-way' } });
    expect(outcomes.map((o) => o.kind)).toEqual(['failed', 'failed', 'failed', 'locked']);
    // Meanwhile nobody is checked: the same face, a new track, a stranger.
    const stranger = { trackId: 3, state: 'unknown' as const, personId: null, name: null };
    expect(play(flow, 6000, HOLD, EVE, stranger)).toEqual({ phase: 'checking', name: null, state: { phase: 'locked', attempt: 1, remainingMs: expect.any(Number) } });
    expect(play(flow, 10_000, HOLD, ANN, { trackId: 4 })).toMatchObject({ state: { phase: 'locked' } });
    expect(outcomes).toHaveLength(4);
    // After the pause, a new challenge; the count starts again.
    const end = 4300 + 720 + LOCKOUT_MS;
    expect(play(flow, end - 100, [0], ANN, { trackId: 4 })).toMatchObject({ state: { phase: 'locked', remainingMs: 100 } });
    expect(play(flow, end, HOLD, ANN, { trackId: 4 })).toMatchObject({ state: { phase: 'challenge' } });
  });
});
