/**
 * Matching two faces: cosine similarity (the dot product of L2-normalised embeddings), the
 * normalisation itself, and the threshold a similarity must reach, which grows with the number of
 * people it is compared with. The gallery that searches many templates is in gallery.ts.
 *
 * Framework-free; runs in a window or a Web Worker.
 */
import { APP_NETWORK, NETWORKS, type ThresholdRule } from './model-spec';

/** The app's network's rule (model-spec.ts, NETWORKS): every threshold below comes from it. */
const APP_RULE: ThresholdRule = NETWORKS[APP_NETWORK].rule;

/**
 * The 1:1 threshold on cosine similarity (embeddings with the mirrored crop added): a gallery of
 * one person, and the "same face" test of the liveness check and of a live track. From `npm run
 * eval` on lfw-dev: every threshold in 0.25–0.28 gives 99.50% of its 3,000 pairs; the thresholds
 * chosen on its folds were 0.250–0.277 (README). The earlier model's was 0.38.
 */
export const DEFAULT_MATCH_THRESHOLD: number = APP_RULE.pair;

/** How much the threshold rises per tenfold growth of the gallery (see thresholdForGallery). */
export const THRESHOLD_PER_DECADE: number = APP_RULE.perDecade;

/**
 * The open-set threshold for a gallery of `people` people: the app's default, and `npm run
 * eval`'s for one person (a pair). A stranger is compared with everyone, so the chance that
 * somebody scores above a fixed threshold grows with the gallery (with the earlier model, 0.38
 * returned somebody for 48% of strangers with 100 people enrolled and 97% with 746). The threshold
 * that keeps that share (FPIR) at 1% grows about linearly in log10(people), so the rule is
 * pair + perDecade · log10(people), 0.27 + 0.075 · log10(people) for the app's network: the
 * smallest slope, in steps of 0.005, whose mean FPIR stays at or under 1% for every sub-gallery
 * size measured (3 to 1,546 people; `npm run eval:identify -- --fit`). Another network has a rule
 * of its own (`rule`; model-spec.ts, NETWORKS).
 */
export function thresholdForGallery(people: number, rule: ThresholdRule = APP_RULE): number {
  return rule.pair + rule.perDecade * Math.log10(Math.max(1, people));
}

/**
 * What a face aligned on the detector's keypoints (the face mesh not loaded yet: the live view's
 * first names) needs above the threshold to be named; below, it waits for the mesh (a few tenths of
 * a second). On the development protocol's people, such faces against mesh-aligned templates were
 * named for strangers about as often as mesh-aligned ones; +0.04 was chosen on half of the people as
 * the smallest step of 0.02 that halves that share at 10–300 people, and held on the other half
 * (README, "The face mesh after the first name").
 */
export const PROVISIONAL_MARGIN = 0.04;

/** Cosine similarity of two embeddings of any scale (0 when either is a zero vector). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i] ?? 0;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Returns an L2-normalised copy of `v`; throws on wrong length, non-finite values or a zero vector. */
export function normalizeEmbedding(v: ArrayLike<number>, dim: number): Float32Array {
  const out = new Float32Array(dim);
  normalizeInto(v, dim, out, 0);
  return out;
}

/** Writes the L2-normalised `v` into `out` at `offset`; throws (writing nothing) on bad input. */
export function normalizeInto(v: ArrayLike<number>, dim: number, out: Float32Array, offset: number): void {
  if (v.length !== dim) throw new Error(`embedding has length ${v.length}, expected ${dim}`);
  let ss = 0;
  for (let i = 0; i < dim; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x)) throw new Error(`embedding has a non-finite value at ${i}`);
    ss += x * x;
  }
  if (!(ss > 1e-20)) throw new Error('embedding is a zero vector');
  const inv = 1 / Math.sqrt(ss);
  for (let i = 0; i < dim; i++) out[offset + i] = v[i]! * inv;
}

/**
 * One template per person, as the live recognizer searches them: the normalised mean of the
 * person's normalised templates (first-seen order of people). On the 1,546-person development
 * protocol this misses fewer searches than the best of the templates at the same share of
 * strangers named (FNIR 9.4% against 11.7% at FPIR 0.37%; README, "Templates"): the mean of
 * several photos is nearer every new photo of the person than most single photos are.
 */
export function meanTemplates(entries: ArrayLike<{ personId: string; embedding: ArrayLike<number> }>, dim: number): Array<{ personId: string; embedding: Float32Array }> {
  // Each person's first normalised template, and the sum of them all once there is a second
  // (most people have one: no copy, no second normalisation; a 10,000-person gallery is made at every start).
  const people = new Map<string, { first: Float32Array; sum: Float32Array | null }>();
  for (let i = 0; i < entries.length; i++) {
    const { personId, embedding } = entries[i]!;
    const unit = normalizeEmbedding(embedding, dim);
    const p = people.get(personId);
    if (!p) {
      people.set(personId, { first: unit, sum: null });
      continue;
    }
    const sum = (p.sum ??= p.first.slice());
    for (let k = 0; k < dim; k++) sum[k] = sum[k]! + unit[k]!;
  }
  const out: Array<{ personId: string; embedding: Float32Array }> = [];
  for (const [personId, { first, sum }] of people) {
    let ss = 0;
    if (sum) for (let k = 0; k < dim; k++) ss += sum[k]! * sum[k]!;
    // One template is its own mean; templates that cancel out (opposite vectors: never a real face) leave the first one.
    out.push({ personId, embedding: sum && ss > 1e-6 ? normalizeEmbedding(sum, dim) : first });
  }
  return out;
}
