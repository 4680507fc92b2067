import { describe, expect, it } from 'vitest';
import { rng } from '../../scripts/lib/rng';
import {
  ARCFACE_TEMPLATE_4,
  ARCFACE_TEMPLATE_5,
  alignmentTransform,
  applyAffine,
  estimateSimilarity,
  invertAffine,
  type Affine,
  type Point,
} from './align';

/** Similarity with rotation `deg`, scale `s`, translation (tx, ty). */
function similarity(deg: number, s: number, tx: number, ty: number): Affine {
  const r = (deg * Math.PI) / 180;
  const p = s * Math.cos(r);
  const q = s * Math.sin(r);
  return { a: p, b: q, c: -q, d: p, e: tx, f: ty };
}

function expectAffineClose(got: Affine, want: Affine, tol = 1e-9): void {
  for (const k of ['a', 'b', 'c', 'd', 'e', 'f'] as const) {
    expect(Math.abs(got[k] - want[k]), `${k}: ${got[k]} vs ${want[k]}`).toBeLessThan(tol);
  }
}

function residual(t: Affine, src: readonly Point[], dst: readonly Point[]): number {
  let r = 0;
  src.forEach((p, i) => {
    const q = applyAffine(t, p);
    r += (q.x - dst[i]!.x) ** 2 + (q.y - dst[i]!.y) ** 2;
  });
  return r;
}


/**
 * Independent least-squares solution: build the 2n×4 design matrix for
 * (p, q, tx, ty), form the normal equations and solve by Gaussian elimination.
 */
function bruteForceFit(src: readonly Point[], dst: readonly Point[]): Affine {
  const ata = Array.from({ length: 4 }, () => [0, 0, 0, 0]);
  const atb = [0, 0, 0, 0];
  const addRow = (row: number[], y: number) => {
    for (let i = 0; i < 4; i++) {
      atb[i]! += row[i]! * y;
      for (let j = 0; j < 4; j++) ata[i]![j]! += row[i]! * row[j]!;
    }
  };
  src.forEach((s, i) => {
    addRow([s.x, -s.y, 1, 0], dst[i]!.x);
    addRow([s.y, s.x, 0, 1], dst[i]!.y);
  });
  const m = ata.map((r, i) => [...r, atb[i]!]);
  for (let col = 0; col < 4; col++) {
    let piv = col;
    for (let r = col + 1; r < 4; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[piv]![col]!)) piv = r;
    [m[col], m[piv]] = [m[piv]!, m[col]!];
    for (let r = 0; r < 4; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c < 5; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  const [p, q, tx, ty] = m.map((r, i) => r[4]! / r[i]!) as [number, number, number, number];
  return { a: p, b: q, c: -q, d: p, e: tx, f: ty };
}

describe('estimateSimilarity', () => {
  const angles = [0, 7, -23, 45, 90, 135, 179, 180, -179.5, 270];
  for (const template of [ARCFACE_TEMPLATE_5, ARCFACE_TEMPLATE_4]) {
    for (const deg of angles) {
      it(`recovers a known transform exactly (${template.length} points, ${deg}°)`, () => {
        const truth = similarity(deg, 2.7, -314.5, 88.25);
        const src = template.map((p) => applyAffine(truth, p));
        // Fit image → template (the direction alignment uses) and template → image.
        expectAffineClose(estimateSimilarity(src, template), invertAffine(truth));
        expectAffineClose(estimateSimilarity(template, src), truth);
      });
    }
  }

  it('recovers small and large scales', () => {
    for (const s of [0.01, 0.5, 1, 40]) {
      const truth = similarity(33, s, 12, -7);
      const dst = ARCFACE_TEMPLATE_5.map((p) => applyAffine(truth, p));
      expectAffineClose(estimateSimilarity(ARCFACE_TEMPLATE_5, dst), truth, 1e-9 * Math.max(1, s));
    }
  });

  it('works with exactly 2 points', () => {
    const truth = similarity(-61, 1.3, 5, 6);
    const src = [{ x: 1, y: 2 }, { x: 9, y: -4 }];
    expectAffineClose(estimateSimilarity(src, src.map((p) => applyAffine(truth, p))), truth);
  });

  it('gives the least-squares answer for noisy points', () => {
    const rand = rng(42);
    for (let trial = 0; trial < 20; trial++) {
      const truth = similarity(rand() * 360 - 180, 0.5 + rand() * 3, rand() * 200 - 100, rand() * 200 - 100);
      const src = ARCFACE_TEMPLATE_5.map((p) => ({ x: p.x + rand() * 400, y: p.y + rand() * 300 }));
      const dst = src.map((p) => {
        const q = applyAffine(truth, p);
        return { x: q.x + (rand() - 0.5) * 10, y: q.y + (rand() - 0.5) * 10 };
      });
      const fit = estimateSimilarity(src, dst);
      expectAffineClose(fit, bruteForceFit(src, dst), 1e-6);

      // Any small perturbation of the 4 similarity parameters must not lower the residual.
      const best = residual(fit, src, dst);
      const h = 1e-4;
      for (const [dp, dq, dx, dy] of [
        [h, 0, 0, 0], [-h, 0, 0, 0], [0, h, 0, 0], [0, -h, 0, 0],
        [0, 0, h, 0], [0, 0, -h, 0], [0, 0, 0, h], [0, 0, 0, -h],
      ] as const) {
        const t = { a: fit.a + dp, b: fit.b + dq, c: fit.c - dq, d: fit.d + dp, e: fit.e + dx, f: fit.f + dy };
        expect(residual(t, src, dst)).toBeGreaterThanOrEqual(best);
      }
    }
  });

  it('never produces a reflection or shear', () => {
    // Mirrored destination: the best similarity still has a = d, c = -b, det > 0.
    const dst = ARCFACE_TEMPLATE_5.map((p) => ({ x: -p.x, y: p.y }));
    const t = estimateSimilarity(ARCFACE_TEMPLATE_5, dst);
    expect(t.a).toBeCloseTo(t.d, 12);
    expect(t.c).toBeCloseTo(-t.b, 12);
    expect(t.a * t.d - t.b * t.c).toBeGreaterThan(0);
  });

  it('rejects bad input', () => {
    const p = { x: 1, y: 1 };
    expect(() => estimateSimilarity([p], [p])).toThrow(/at least 2/);
    expect(() => estimateSimilarity([], [])).toThrow(/at least 2/);
    expect(() => estimateSimilarity([p, p, p], [p, p])).toThrow(/mismatch/);
    expect(() => estimateSimilarity([p, p, p], ARCFACE_TEMPLATE_4.slice(0, 3))).toThrow(/degenerate source/);
    expect(() => estimateSimilarity(ARCFACE_TEMPLATE_4, [p, p, p, p])).toThrow(/degenerate destination/);
    expect(() => estimateSimilarity([p, { x: NaN, y: 0 }], [p, p])).toThrow(/non-finite/);
  });
});

describe('invertAffine / applyAffine', () => {
  it('round-trips points through a transform and its inverse', () => {
    const ts: Affine[] = [similarity(180, 0.3, 10, -20), { a: 2, b: 0.5, c: -1, d: 3, e: 7, f: -9 }];
    for (const t of ts) {
      const inv = invertAffine(t);
      for (const p of ARCFACE_TEMPLATE_5) {
        const back = applyAffine(inv, applyAffine(t, p));
        expect(back.x).toBeCloseTo(p.x, 10);
        expect(back.y).toBeCloseTo(p.y, 10);
      }
      expectAffineClose(invertAffine(inv), t);
    }
  });

  it('throws on a singular transform', () => {
    expect(() => invertAffine({ a: 1, b: 2, c: 2, d: 4, e: 0, f: 0 })).toThrow(/singular/);
  });
});

describe('alignmentTransform', () => {
  it('maps 5 landmarks onto the scaled template', () => {
    const truth = similarity(-12, 3.1, 400, 250);
    const pts = ARCFACE_TEMPLATE_5.map((p) => applyAffine(truth, p));
    for (const size of [112, 224, 56]) {
      const t = alignmentTransform(pts, size);
      pts.forEach((p, i) => {
        const q = applyAffine(t, p);
        expect(q.x).toBeCloseTo((ARCFACE_TEMPLATE_5[i]!.x * size) / 112, 9);
        expect(q.y).toBeCloseTo((ARCFACE_TEMPLATE_5[i]!.y * size) / 112, 9);
      });
    }
  });

  it('uses the mouth-centre template for 4 landmarks', () => {
    const [re, le, nose, mouthR, mouthL] = ARCFACE_TEMPLATE_5 as [Point, Point, Point, Point, Point];
    const centre = ARCFACE_TEMPLATE_4[3]!;
    expect(centre.x).toBeCloseTo((mouthR.x + mouthL.x) / 2, 4);
    expect(centre.y).toBeCloseTo((mouthR.y + mouthL.y) / 2, 4);
    const truth = similarity(25, 0.8, -30, 60);
    const pts = [re, le, nose, centre].map((p) => applyAffine(truth, p));
    expectAffineClose(alignmentTransform(pts), invertAffine(truth));
  });

  it('rejects other landmark counts', () => {
    expect(() => alignmentTransform(ARCFACE_TEMPLATE_5.slice(0, 3))).toThrow(/4 or 5/);
    expect(() => alignmentTransform(ARCFACE_TEMPLATE_5, 0)).toThrow(/size/);
  });
});
