/**
 * Face alignment: fit a similarity transform from detected landmarks to the
 * canonical ArcFace 112×112 template and warp the face crop.
 *
 * Framework-free; runs in a window or a Web Worker (uses OffscreenCanvas only).
 */

export interface Point {
  x: number;
  y: number;
}

/**
 * 2-D affine transform in the canvas `setTransform(a, b, c, d, e, f)` convention:
 *   x' = a*x + c*y + e
 *   y' = b*x + d*y + f
 */
export interface Affine {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

/** Side of the canonical template, in pixels. */
export const TEMPLATE_SIZE = 112;

/**
 * Standard ArcFace 5-point template for a 112×112 crop, in this order:
 * subject's right eye (image left), left eye, nose tip, right mouth corner, left mouth corner.
 */
export const ARCFACE_TEMPLATE_5: readonly Readonly<Point>[] = Object.freeze([
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
]);

/**
 * 4-point variant for detectors that give only the mouth centre:
 * right eye, left eye, nose tip, mouth centre (mean of the two template corners).
 */
export const ARCFACE_TEMPLATE_4: readonly Readonly<Point>[] = Object.freeze([
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 56.1396, y: 92.2848 },
]);

/**
 * Least-squares similarity transform (rotation + uniform scale + translation;
 * no reflection, no shear) mapping `src[i]` onto `dst[i]`.
 *
 * Parametrised as x' = p*x - q*y + tx, y' = q*x + p*y + ty. After centring both
 * point sets the normal equations decouple and give the closed form
 *   p = Σ(sx·dx + sy·dy) / Σ|s|²,  q = Σ(sx·dy − sy·dx) / Σ|s|².
 */
export function estimateSimilarity(src: readonly Point[], dst: readonly Point[]): Affine {
  const n = src.length;
  if (n !== dst.length) {
    throw new Error(`estimateSimilarity: point count mismatch (src ${n}, dst ${dst.length})`);
  }
  if (n < 2) throw new Error(`estimateSimilarity: need at least 2 points, got ${n}`);
  for (let i = 0; i < n; i++) {
    const s = src[i]!;
    const d = dst[i]!;
    if (![s.x, s.y, d.x, d.y].every(Number.isFinite)) {
      throw new Error(`estimateSimilarity: non-finite coordinate at point ${i}`);
    }
  }

  let msx = 0, msy = 0, mdx = 0, mdy = 0;
  for (let i = 0; i < n; i++) {
    msx += src[i]!.x; msy += src[i]!.y;
    mdx += dst[i]!.x; mdy += dst[i]!.y;
  }
  msx /= n; msy /= n; mdx /= n; mdy /= n;

  let ss = 0, dd = 0, sp = 0, sq = 0;
  for (let i = 0; i < n; i++) {
    const sx = src[i]!.x - msx, sy = src[i]!.y - msy;
    const dx = dst[i]!.x - mdx, dy = dst[i]!.y - mdy;
    ss += sx * sx + sy * sy;
    dd += dx * dx + dy * dy;
    sp += sx * dx + sy * dy;
    sq += sx * dy - sy * dx;
  }

  // Degenerate if either point set collapses to (numerically) a single point.
  const eps = 1e-12;
  if (ss <= eps * (1 + msx * msx + msy * msy)) {
    throw new Error('estimateSimilarity: degenerate source points (all coincide)');
  }
  if (dd <= eps * (1 + mdx * mdx + mdy * mdy)) {
    throw new Error('estimateSimilarity: degenerate destination points (all coincide)');
  }

  const p = sp / ss;
  const q = sq / ss;
  if (p * p + q * q <= eps * eps) {
    throw new Error('estimateSimilarity: degenerate fit (scale is zero)');
  }
  return {
    a: p,
    b: q,
    c: -q,
    d: p,
    e: mdx - (p * msx - q * msy),
    f: mdy - (q * msx + p * msy),
  };
}

/** Apply `t` to a point. */
export function applyAffine(t: Affine, p: Point): Point {
  return { x: t.a * p.x + t.c * p.y + t.e, y: t.b * p.x + t.d * p.y + t.f };
}

/** Inverse of an affine transform; throws if it is singular. */
export function invertAffine(t: Affine): Affine {
  const det = t.a * t.d - t.b * t.c;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-300) {
    throw new Error('invertAffine: transform is singular');
  }
  const a = t.d / det;
  const b = -t.b / det;
  const c = -t.c / det;
  const d = t.a / det;
  return { a, b, c, d, e: -(a * t.e + c * t.f), f: -(b * t.e + d * t.f) };
}

/**
 * Source-image → crop transform for a `size`×`size` aligned face.
 * `points` are landmarks in template order: 5 points (eyes, nose, mouth corners)
 * or 4 points (eyes, nose, mouth centre).
 */
export function alignmentTransform(points: readonly Point[], size = TEMPLATE_SIZE): Affine {
  let template: readonly Point[];
  if (points.length === 5) template = ARCFACE_TEMPLATE_5;
  else if (points.length === 4) template = ARCFACE_TEMPLATE_4;
  else throw new Error(`alignmentTransform: expected 4 or 5 landmarks, got ${points.length}`);
  if (!(size > 0) || !Number.isFinite(size)) {
    throw new Error(`alignmentTransform: invalid crop size ${size}`);
  }
  const k = size / TEMPLATE_SIZE;
  const dst = template.map((p) => ({ x: p.x * k, y: p.y * k }));
  return estimateSimilarity(points, dst);
}

/**
 * Draw the aligned `size`×`size` crop of `source` under `transform`
 * (source → crop), black outside the source image.
 */
export function warpFace(source: CanvasImageSource, transform: Affine, size = TEMPLATE_SIZE): OffscreenCanvas {
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('warpFace: 2D context unavailable');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, size, size);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const { a, b, c, d, e, f } = transform;
  ctx.setTransform(a, b, c, d, e, f);
  ctx.drawImage(source, 0, 0);
  return canvas;
}
