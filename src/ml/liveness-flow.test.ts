import { describe, expect, it } from 'vitest';
import { real } from '../../test/support/head-model';
import type { LiveFace, LiveResult } from './live-engine';
import { LivenessFlow, type FlowOutcome } from './liveness-flow';

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
    keypoints: real(yaw),
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
  it('checks a lone enrolled face, reports the pass once, and does not ask the same track again', () => {
    const { flow, outcomes } = setup();
    expect(play(flow, 0, HOLD)).toMatchObject({ phase: 'checking', name: 'Ann', state: { phase: 'challenge', move: 'right' } });
    expect(play(flow, 640, RIGHT_THEN_LEFT)).toMatchObject({ phase: 'checking', state: { phase: 'passed' } });
    play(flow, 2000, HOLD);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ personId: 'ann', name: 'Ann', passed: true, similarity: 0.8 });
    // Ann leaves; when she comes back (a new track) she is asked again.
    expect(flow.update(result(3000, []))).toMatchObject({ phase: 'checking' });
    expect(flow.update(result(4600, []))).toEqual({ phase: 'idle' });
    expect(play(flow, 5000, [0], ANN, { trackId: 2 })).toMatchObject({ phase: 'checking', state: { phase: 'waiting' } });
  });

  it('leaves strangers and crowds alone', () => {
    const { flow } = setup();
    expect(play(flow, 0, HOLD, EVE, { state: 'unknown', personId: null, name: null })).toEqual({ phase: 'idle' });
    expect(flow.update(result(800, [face(0), face(0, { trackId: 2 })]))).toEqual({ phase: 'crowd' });
  });

  it('takes as reference only a sample that matches the person: a swap after recognition cannot hold still in their name', () => {
    const { flow, outcomes } = setup();
    // Recognized as Ann (the track), but every new sample is Eve's.
    expect(play(flow, 0, [...HOLD, ...HOLD], EVE)).toMatchObject({ state: { phase: 'waiting', hint: 'hold-still' } });
    expect(outcomes).toHaveLength(0);
  });

  it('reports a failure with its reason, then asks again', () => {
    const { flow, outcomes } = setup();
    play(flow, 0, HOLD);
    expect(play(flow, 640, [10, 20])).toMatchObject({ state: { phase: 'failed', reason: 'wrong-way' } });
    expect(play(flow, 800, [0, 0])).toMatchObject({ state: { phase: 'failed' } });
    expect(outcomes).toEqual([expect.objectContaining({ passed: false, reason: 'wrong-way' })]);
    expect(play(flow, 1800, HOLD)).toMatchObject({ state: { phase: 'challenge', attempt: 2 } });
  });

  it('fails a challenge whose face changes, even on the same track', () => {
    const { flow, outcomes } = setup();
    play(flow, 0, HOLD);
    play(flow, 640, [-4, -10]);
    expect(play(flow, 800, [-14], EVE, { state: 'unknown' })).toMatchObject({ state: { phase: 'failed', reason: 'face-changed' } });
    expect(outcomes[0]).toMatchObject({ passed: false, reason: 'face-changed' });
  });
});
