/**
 * Matching two faces: cosine similarity (the dot product of L2-normalised embeddings), the
 * normalisation itself, and the threshold a similarity must reach, which grows with the number of
 * people it is compared with. The gallery that searches many templates is in gallery.ts.
 *
 * Framework-free; runs in a window or a Web Worker.
 */
import { NETWORKS, type ThresholdRule } from './model-spec';

/**
 * The 1:1 threshold on cosine similarity (embeddings with the mirrored crop added): a gallery of
 * one person. From `npm run eval` on lfw-dev: the thresholds chosen on each 4-fold split were
 * 0.378–0.380; at 0.38 there were 3 false accepts and 17 false rejects in 3,000 pairs (README).
 */
export const DEFAULT_MATCH_THRESHOLD: number = NETWORKS.mobilefacenet.rule.pair;

/** How much the threshold rises per tenfold growth of the gallery (see thresholdForGallery). */
export const THRESHOLD_PER_DECADE: number = NETWORKS.mobilefacenet.rule.perDecade;

/**
 * The open-set threshold for a gallery of `people` people: the app's default, and `npm run
 * eval`'s for one person (a pair). A stranger is compared with everyone, so the chance that
 * somebody scores above a fixed threshold grows with the gallery: on lfw-dev's identification
 * protocol, 0.38 returned somebody for 48% of strangers with 100 people enrolled and 97% with
 * 746. The threshold that keeps that share (FPIR) at 1% grows about linearly in log10(people)
 * (0.35 for 1 person, 0.47 for 10, 0.54 for 100, 0.61 for 746), so the rule is
 * 0.38 + 0.085 · log10(people): the smallest slope, in steps of 0.005, whose mean FPIR stays at or
 * under 1% for every sub-gallery size measured (3 to 746 people; `npm run eval:identify -- --fit`).
 * Another network has a rule of its own (`rule`; model-spec.ts, NETWORKS).
 */
export function thresholdForGallery(people: number, rule: ThresholdRule = NETWORKS.mobilefacenet.rule): number {
  return rule.pair + rule.perDecade * Math.log10(Math.max(1, people));
}

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
  const people = new Map<string, { sum: Float32Array; first: Float32Array }>();
  for (let i = 0; i < entries.length; i++) {
    const { personId, embedding } = entries[i]!;
    const unit = normalizeEmbedding(embedding, dim);
    const p = people.get(personId);
    if (!p) people.set(personId, { sum: unit.slice(), first: unit });
    else for (let k = 0; k < dim; k++) p.sum[k] = p.sum[k]! + unit[k]!;
  }
  // Templates that cancel out (opposite vectors: never a real face) leave the first one.
  const mean = ({ sum, first }: { sum: Float32Array; first: Float32Array }) => (sum.reduce((s, x) => s + x * x, 0) > 1e-6 ? normalizeEmbedding(sum, dim) : first);
  return [...people].map(([personId, p]) => ({ personId, embedding: mean(p) }));
}
