import { describe, expect, it } from 'vitest';
import { judgeFaces } from './judged';
import type { FlowView, LiveFace, LiveResult } from './recognizer';

const face = (trackId: number, state: LiveFace['state'], name: string | null = null, similarity: number | null = null): LiveFace => ({
  trackId,
  box: { x: 1, y: 2, width: 3, height: 4 },
  name,
  personId: name ? `id-${name}` : null,
  similarity,
  state,
  firstSeenAt: 0,
  keypoints: [],
});
const result = (faces: LiveFace[]): LiveResult => ({ width: 640, height: 480, faces, fps: 10, frameAt: 0, timings: { detectMs: 0, alignMs: 0, embedMs: 0, matchMs: 0, embedded: 0 } });

describe('the judged faces of a frame', () => {
  it('named, unknown and checking; faces only detected left out; a name only for a named face', () => {
    const judged = judgeFaces(result([face(1, 'known', 'Sam', 0.71), face(2, 'unknown', null, 0.2), face(3, 'checking'), face(4, 'detected')]), null);
    expect(judged.map((f) => [f.trackId, f.state, f.name, f.personId, f.similarity])).toEqual([
      [1, 'named', 'Sam', 'id-Sam', 0.71],
      [2, 'unknown', null, null, 0.2],
      [3, 'checking', null, null, null],
    ]);
  });

  it('a face under a paused liveness check is refused; during an attempt or after one failed attempt it is checking', () => {
    const state = (phase: 'locked' | 'failed'): FlowView =>
      phase === 'locked'
        ? { phase: 'checking', name: null, state: { phase: 'locked', attempt: 3, remainingMs: 30_000 } }
        : { phase: 'checking', name: null, state: { phase: 'failed', attempt: 1, moves: ['left', 'right'], moveIndex: 0, reason: 'turn-further', retryInMs: 1000 } };
    expect(judgeFaces(result([face(1, 'checking')]), state('locked'))[0]?.state).toBe('refused');
    expect(judgeFaces(result([face(1, 'checking')]), state('failed'))[0]?.state).toBe('checking');
  });
});
