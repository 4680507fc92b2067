/**
 * Quantized copy of the gallery's templates, scanned first by 1:N search (`Gallery.search` in
 * gallery.ts re-ranks what this scan cannot rule out against the exact float32 templates). Two
 * kinds: the WebAssembly SIMD scan (search-simd.ts), wherever it runs, and this one, in plain
 * JavaScript, where it does not (and for comparison, `npm run bench`'s search line).
 *
 * Why packed lanes rather than an Int8Array: in V8 a scan of 100,000 × 192 values (measured with
 * the earlier 192-d model; the scan is linear in the dimension) is bound by the work per element (load, bounds and map checks, conversion to double, multiply, add), not
 * by memory bandwidth. Standalone loops, one query against 100,000 templates, Node 20 on a
 * 2-core machine: Int8Array 19–27 ms, float32 16–27 ms, two int8 values per Int32 word 6 ms,
 * three values per float64 word (this file) 2.5 ms, or about 4 ms in the class, whose arrays V8
 * cannot treat as constants. Each template is quantized to small integers and three templates
 * share one float64, their values 2^17 apart ("lanes"): one multiply-add of doubles then gives
 * three integer dot products at once, exactly, because every product and partial sum is an
 * integer below 2^53. Templates go in blocks of 12 (4 words × 3 lanes), dimension-major inside
 * a block, so each query value is read once per block and feeds 4 independent sums.
 *
 * Framework-free; runs in a window or a Web Worker.
 */

/** Lanes a float64 word holds; a block holds WORDS × LANES templates. */
const LANES = 3;
const WORDS = 4;
const BLOCK = WORDS * LANES;
/** Lane spacing. A lane's dot product must stay within ±(LANE / 2) to be read back. */
const LANE = 2 ** 17;
const LANE2 = LANE * LANE;
/** Powers of two: multiplying by them is exact, and much cheaper than dividing. */
const INV_LANE = 1 / LANE;
const INV_LANE2 = 1 / LANE2;
/**
 * Bound on the integer vectors' L2 norms: by Cauchy–Schwarz every integer dot product is then at
 * most 255² = 65,025 < LANE / 2 in magnitude, so the lanes never spill into each other.
 */
const NORM_CAP = 255;

/** Dot product of a float32 row and a float32 vector, both of length `dim`; 4 sums for speed. */
export function dotRow(data: Float32Array, offset: number, q: Float32Array, dim: number): number {
  let a = 0, b = 0, c = 0, d = 0;
  let j = 0;
  for (; j + 3 < dim; j += 4) {
    a += data[offset + j]! * q[j]!;
    b += data[offset + j + 1]! * q[j + 1]!;
    c += data[offset + j + 2]! * q[j + 2]!;
    d += data[offset + j + 3]! * q[j + 3]!;
  }
  for (; j < dim; j++) a += data[offset + j]! * q[j]!;
  return a + b + c + d;
}

/** A quantized copy of the templates, kept in step with the gallery's rows. */
export interface TemplateScan {
  readonly dim: number;
  /** Number of templates held. */
  readonly size: number;
  /** Makes room for `capacity` templates, keeping those held. */
  reserve(capacity: number): void;
  /** Appends the unit-length template at `data[offset … offset + dim)` (room must be reserved). */
  append(data: Float32Array, offset: number): void;
  /** Keeps the first `length` templates; `data` still holds their float32 rows (row-major). */
  truncate(length: number, data: Float32Array): void;
  /**
   * Scores every template against the unit-length `query`: `scores[t]` is template t's cosine
   * similarity to within the bound returned (`scores` needs `scanScoresLength(size)` entries).
   */
  scan(query: Float32Array, scores: Float64Array): number;
}

/** Length a score array passed to `scan` needs for `capacity` templates (whole blocks of either kind). */
export function scanScoresLength(capacity: number): number {
  return Math.ceil(capacity / BLOCK) * BLOCK;
}

export class LaneTemplates implements TemplateScan {
  readonly dim: number;
  /**
   * Integers per unit of a (unit-length) vector's component. With x̂ = round(scale · x):
   * ‖x̂‖ ≤ scale · ‖x‖ + ½√dim < NORM_CAP, the 1 left over covering float32 rounding of ‖x‖.
   */
  readonly scale: number;
  /** Blocks of templates: [block][dimension][word], each word holding LANES templates. */
  private words: Float64Array;
  private count = 0;
  /** Largest ‖x − x̂ / scale‖ of a template held since the store was last empty (an upper bound). */
  private residualMax = 0;
  /** Scratch for the quantized query. */
  private readonly q: Float64Array;

  constructor(dim: number, capacity: number) {
    this.dim = dim;
    this.scale = NORM_CAP - 1 - 0.5 * Math.sqrt(dim);
    // Fewer than ~16 levels per unit would make the error bound useless; no embedding is this long.
    if (this.scale < 16) throw new Error(`embedding dim ${dim} is too large for the quantized search`);
    this.words = new Float64Array(Math.ceil(capacity / BLOCK) * dim * WORDS);
    this.q = new Float64Array(dim);
  }

  /** Number of templates held. */
  get size(): number {
    return this.count;
  }

  /** Makes room for `capacity` templates, keeping those held. */
  reserve(capacity: number): void {
    const length = Math.ceil(capacity / BLOCK) * this.dim * WORDS;
    if (length <= this.words.length) return;
    const words = new Float64Array(length);
    words.set(this.words);
    this.words = words;
  }

  /** Appends the unit-length template at `data[offset … offset + dim)` (room must be reserved). */
  append(data: Float32Array, offset: number): void {
    const { dim, scale, words } = this;
    const inv = 1 / scale;
    const t = this.count;
    const block = Math.floor(t / BLOCK), i = t % BLOCK;
    // Lane first: a block's first 4 templates go into lane 0 of its 4 words, and so on.
    const lane = LANE ** Math.floor(i / WORDS);
    let o = block * dim * WORDS + (i % WORDS);
    let residual = 0;
    for (let j = 0; j < dim; j++, o += WORDS) {
      const x = data[offset + j]!;
      const xq = round(x * scale);
      words[o] = words[o]! + xq * lane; // the lane is still 0: exact
      const d = x - xq * inv;
      residual += d * d;
    }
    this.residualMax = Math.max(this.residualMax, Math.sqrt(residual));
    this.count++;
  }

  /**
   * Keeps the first `length` templates only. `data` must still hold their float32 rows (row-major,
   * `dim` per row): the last partly kept block is re-packed from them.
   */
  truncate(length: number, data: Float32Array): void {
    const { dim } = this;
    const first = Math.floor(length / BLOCK);
    this.words.fill(0, first * dim * WORDS, Math.ceil(this.count / BLOCK) * dim * WORDS);
    this.count = first * BLOCK;
    if (length === 0) this.residualMax = 0;
    while (this.count < length) this.append(data, this.count * dim);
  }

  /**
   * Scores every template against the unit-length `query`: `scores[t]` = x̂ₜ · q̂ / scale², where
   * x̂ₜ · q̂ is an integer read exactly from its lane; the cosine similarity to within `bound`, the
   * result. `scores` needs `scanScoresLength(size)` entries.
   */
  scan(query: Float32Array, scores: Float64Array): number {
    const { dim, scale, words, q, count } = this;
    const inv = 1 / scale;
    let qResidual = 0;
    for (let j = 0; j < dim; j++) {
      q[j] = round(query[j]! * scale);
      const d = query[j]! - q[j]! * inv;
      qResidual += d * d;
    }
    for (let t = 0, o = 0; t < count; t += BLOCK) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let j = 0; j < dim; j++, o += WORDS) {
        const qj = q[j]!;
        a0 += words[o]! * qj;
        a1 += words[o + 1]! * qj;
        a2 += words[o + 2]! * qj;
        a3 += words[o + 3]! * qj;
      }
      unpack(a0, scores, t);
      unpack(a1, scores, t + 1);
      unpack(a2, scores, t + 2);
      unpack(a3, scores, t + 3);
    }
    const perUnit = 1 / (scale * scale);
    for (let t = 0; t < count; t++) scores[t] = scores[t]! * perUnit;
    // With x = x̂/s + δ and q = q̂/s + γ (s = scale): x·q − x̂·q̂/s² = δ·q + (x̂/s)·γ, so by
    // Cauchy–Schwarz |error| ≤ ‖δ‖·‖q‖ + ‖x̂/s‖·‖γ‖ ≤ r + (1 + r)·‖γ‖ for unit x and q, with
    // r the largest residual held. 1e-6 covers float32 norms and the rounding of the sums.
    const r = this.residualMax;
    return r + (1 + r) * Math.sqrt(qResidual) + 1e-6;
  }
}

/** Reads the three lane sums of word `w` (templates t, t + 4, t + 8): each is within ±65,025. */
function unpack(w: number, scores: Float64Array, t: number): void {
  const high = round(w * INV_LANE2);
  const rest = w - high * LANE2;
  const mid = round(rest * INV_LANE);
  scores[t] = rest - mid * LANE;
  scores[t + WORDS] = mid;
  scores[t + 2 * WORDS] = high;
}

/**
 * Nearest integer (halves up). Not Math.round, which V8 (Node 20) runs as a call 5× slower than
 * this; off by at most 2⁻⁵³ beyond ½ for x just under a half, which the margins above absorb.
 */
function round(x: number): number {
  return Math.floor(x + 0.5);
}
