import { describe, expect, it } from 'vitest';
import type { Box, DetectedFace } from './detector';
import { DEFAULT_RECHECK, TRACK_VIEWS, Tracker, centreShift, dueForEmbedding, iou, isDue, recheckPolicy, trackView, type Track } from './tracker';

const face = (x: number, y: number, size = 100): DetectedFace => ({ box: { x, y, width: size, height: size }, score: 0.9, keypoints: [] });
const box = (x: number, y: number, size = 100): Box => ({ x, y, width: size, height: size });

function track(over: Partial<Track> = {}): Track {
  return { trackId: 1, box: box(0, 0), firstSeenAt: 0, lastSeen: 0, identifiedAt: 0, state: 'detected', personId: null, similarity: null, ...over };
}

describe('iou and centreShift', () => {
  it('measures overlap and centre movement', () => {
    expect(iou(box(0, 0), box(0, 0))).toBe(1);
    expect(iou(box(0, 0), box(50, 0))).toBeCloseTo(50 / 150);
    expect(iou(box(0, 0), box(200, 0))).toBe(0);
    expect(centreShift(box(0, 0), box(30, 40))).toBeCloseTo(0.5);
  });
});

describe('Tracker', () => {
  it('keeps a face on its track across frames and starts a track for a new face', () => {
    const tracker = new Tracker();
    const [a] = tracker.update([face(100, 100)], 0);
    expect(a!.track).toMatchObject({ trackId: 1, firstSeenAt: 0, state: 'detected' });
    const second = tracker.update([face(110, 105), face(400, 100)], 33);
    expect(second.map((s) => s.track.trackId)).toEqual([1, 2]);
    expect(second[0]!.track).toMatchObject({ firstSeenAt: 0, lastSeen: 33, box: box(110, 105) });
    expect(second[1]!.track.firstSeenAt).toBe(33);
  });

  it('gives each of two nearby faces its own track, best overlap first', () => {
    const tracker = new Tracker();
    tracker.update([face(0, 0), face(120, 0)], 0);
    const seen = tracker.update([face(125, 0), face(5, 0)], 33);
    expect(seen.map((s) => s.track.trackId)).toEqual([2, 1]);
  });

  it('follows a fast move by its centre when the boxes barely overlap', () => {
    const tracker = new Tracker();
    tracker.update([face(0, 0)], 0);
    // Moved 35 px right and down: IoU 0.27, below MIN_TRACK_IOU; the centre moved 0.49 of the box.
    expect(iou(box(0, 0), box(35, 35))).toBeLessThan(0.3);
    expect(tracker.update([face(35, 35)], 50)[0]!.track.trackId).toBe(1);
    // Then 45 px both ways: the centre moved 0.64 of the box, too far: a new face.
    expect(tracker.update([face(80, 80)], 100)[0]!.track.trackId).toBe(2);
  });

  it('forgets a track unseen for longer than forgetAfterMs', () => {
    const tracker = new Tracker({ forgetAfterMs: 600 });
    tracker.update([face(0, 0)], 0);
    tracker.update([], 500);
    expect(tracker.all).toHaveLength(1);
    tracker.update([], 700);
    expect(tracker.all).toHaveLength(0);
    expect(tracker.update([face(0, 0)], 710)[0]!.track.trackId).toBe(2);
  });

  it('rejudgeAll makes every track due; forgetJudgements drops the names', () => {
    const tracker = new Tracker();
    const [s] = tracker.update([face(0, 0)], 0);
    Object.assign(s!.track, { state: 'known', personId: 'p', similarity: 0.8, identifiedAt: 10 });
    tracker.rejudgeAll();
    expect(isDue(s!.track, 20, DEFAULT_RECHECK)).toBe(true);
    tracker.forgetJudgements();
    expect(s!.track).toMatchObject({ state: 'detected', personId: null, similarity: null, identifiedAt: 0 });
  });
});

describe('re-check scheduling', () => {
  const policy = recheckPolicy(1000);

  it('embeds a new track at once', () => {
    expect(isDue(track(), 5, policy)).toBe(true);
  });

  it('re-checks a known face after knownMs, an unknown one after unknownMs', () => {
    const known = track({ state: 'known', identifiedAt: 100, personId: 'p' });
    expect(isDue(known, 1099, policy)).toBe(false);
    expect(isDue(known, 1100, policy)).toBe(true);
    const unknown = track({ state: 'unknown', identifiedAt: 100 });
    expect(isDue(unknown, 399, policy)).toBe(false);
    expect(isDue(unknown, 400, policy)).toBe(true);
  });

  it('never re-checks unknown faces less often than known ones', () => {
    expect(recheckPolicy(1000)).toEqual({ knownMs: 1000, unknownMs: 300 });
    expect(recheckPolicy(200)).toEqual({ knownMs: 200, unknownMs: 200 });
    expect(DEFAULT_RECHECK.knownMs).toBe(1000);
  });

  it('picks, in one frame, only the tracks that are due (they are embedded in one batch)', () => {
    const tracker = new Tracker();
    tracker.update([face(0, 0), face(300, 0), face(600, 0)], 0);
    const [a, b] = tracker.all;
    Object.assign(a!, { state: 'known', personId: 'p', identifiedAt: 0.5 });
    Object.assign(b!, { state: 'unknown', identifiedAt: 0.5 });
    const seen = tracker.update([face(0, 0), face(300, 0), face(600, 0), face(900, 0)], 500);
    // The known face was checked 500 ms ago (not due); the unknown one is; the new one and the third are.
    expect(dueForEmbedding(seen, 500, policy).map((s) => s.track.trackId)).toEqual([2, 3, 4]);
    expect(dueForEmbedding(seen, 1001, policy).map((s) => s.track.trackId)).toEqual([1, 2, 3, 4]);
  });
});

describe('Tracker.update with held faces', () => {
  it('follows a held face with its track, but forgets the track forgetAfterMs after its last real sighting', () => {
    const tracker = new Tracker({ forgetAfterMs: 600 });
    const f = face(100, 100);
    const [first] = tracker.update([f], 0);
    const kept = face(102, 100);
    expect(tracker.update([kept], 500, new Set([kept]))[0]!.track).toBe(first!.track);
    expect(first!.track.lastSeen).toBe(0);
    tracker.update([], 601);
    expect(tracker.all).toEqual([]);
  });
});

describe('trackView', () => {
  const unit = (...v: number[]) => {
    const n = Math.hypot(...v);
    return Float32Array.from(v, (x) => x / n);
  };

  it('searches the first embedding as it is, then the normalised mean of the recent ones', () => {
    const t = track();
    const a = unit(1, 0, 0);
    expect(trackView(t, a, 0.38)).toBe(a);
    const mean = trackView(t, unit(0.8, 0.6, 0), 0.38);
    const expected = unit(1.8, 0.6, 0);
    mean.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 6));
    expect(t.view!.count).toBe(2);
  });

  it('lets old embeddings fade: the mean stands for the last TRACK_VIEWS', () => {
    const t = track();
    for (let i = 0; i < 50; i++) trackView(t, unit(1, 0.1, 0), 0.38);
    expect(t.view!.count).toBe(TRACK_VIEWS);
    let last = trackView(t, unit(1, -0.1, 0), 0.38);
    for (let i = 0; i < 49; i++) last = trackView(t, unit(1, -0.1, 0), 0.38);
    expect(last[1]).toBeLessThan(-0.09);
  });

  it('starts again from an embedding unlike the mean (another face took the track over)', () => {
    const t = track();
    trackView(t, unit(1, 0, 0), 0.38);
    trackView(t, unit(1, 0.1, 0), 0.38);
    const other = unit(0.2, 1, 0);
    expect(trackView(t, other, 0.38)).toBe(other);
    expect(t.view!.count).toBe(1);
  });
});
