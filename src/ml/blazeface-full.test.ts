import { describe, expect, it } from 'vitest';
import { decodeFullRange, FULL_RANGE_SIZE, letterbox, weightedNms } from './blazeface-full';

/** Raw outputs with one face: anchor (col, row) of the 48×48 grid, its box and keypoints in input pixels. */
function outputs(faces: Array<{ col: number; row: number; dx: number; dy: number; w: number; h: number; logit: number }>) {
  const regressions = new Float32Array(2304 * 16);
  const logits = new Float32Array(2304).fill(-10);
  for (const f of faces) {
    const i = f.row * 48 + f.col;
    regressions.set([f.dx, f.dy, f.w, f.h], i * 16);
    for (let k = 0; k < 6; k++) regressions.set([f.dx + k, f.dy - k], i * 16 + 4 + 2 * k);
    logits[i] = f.logit;
  }
  return { regressions, logits };
}

describe('BlazeFace full range decoding', () => {
  it('letterboxes a frame into the square input, centred', () => {
    expect(letterbox(640, 480)).toEqual({ scale: 0.3, padX: 0, padY: 24 });
    expect(letterbox(480, 640)).toEqual({ scale: 0.3, padX: 24, padY: 0 });
    expect(letterbox(192, 192)).toEqual({ scale: 1, padX: 0, padY: 0 });
  });

  it('places a box and its keypoints in the frame: anchor centre plus offsets, letterbox removed', () => {
    // Anchor (10, 20): centre (42, 82) in input pixels; offsets (+6, −2), size 30 × 36.
    const { regressions, logits } = outputs([{ col: 10, row: 20, dx: 6, dy: -2, w: 30, h: 36, logit: 2 }]);
    const fit = letterbox(640, 480); // input = frame · 0.3 + (0, 24)
    const [face, ...rest] = decodeFullRange(regressions, logits, fit, 0.5);
    expect(rest).toEqual([]);
    expect(face!.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    const cx = 48 / 0.3;
    const cy = (80 - 24) / 0.3;
    expect(face!.box.x).toBeCloseTo(cx - 50, 4);
    expect(face!.box.y).toBeCloseTo(cy - 60, 4);
    expect(face!.box.width).toBeCloseTo(100, 4);
    expect(face!.box.height).toBeCloseTo(120, 4);
    expect(face!.keypoints).toHaveLength(6);
    expect(face!.keypoints[2]!.x).toBeCloseTo((42 + 6 + 2) / 0.3, 4);
    expect(face!.keypoints[2]!.y).toBeCloseTo((82 - 2 - 2 - 24) / 0.3, 4);
  });

  it('keeps scores at or above the minimum only, and clips huge logits', () => {
    const { regressions, logits } = outputs([
      { col: 5, row: 5, dx: 0, dy: 0, w: 20, h: 20, logit: Math.log(0.74 / 0.26) },
      { col: 30, row: 30, dx: 0, dy: 0, w: 20, h: 20, logit: 1e6 },
    ]);
    const faces = decodeFullRange(regressions, logits, letterbox(FULL_RANGE_SIZE, FULL_RANGE_SIZE), 0.75);
    expect(faces.map((f) => f.score)).toEqual([1]);
    expect(faces[0]!.box.x).toBeCloseTo(122 - 10, 4);
  });

  it('merges overlapping boxes by score-weighted means, keeping the best score; apart ones stay apart', () => {
    const kp = (x: number) => Array.from({ length: 6 }, () => ({ x, y: x }));
    const merged = weightedNms([
      { box: { x: 0, y: 0, width: 10, height: 10 }, score: 0.9, keypoints: kp(0) },
      { box: { x: 2, y: 0, width: 10, height: 10 }, score: 0.3, keypoints: kp(4) },
      { box: { x: 50, y: 50, width: 10, height: 10 }, score: 0.8, keypoints: kp(9) },
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0]!.score).toBe(0.9);
    expect(merged[0]!.box.x).toBeCloseTo(0.5, 6); // (0 · 0.9 + 2 · 0.3) / 1.2
    expect(merged[0]!.keypoints[0]!.x).toBeCloseTo(1, 6);
    expect(merged[1]!.box.x).toBe(50);
  });
});
