/**
 * Presentation-attack-detection figures (ISO/IEC 30107-3 wording) from per-sample scores where a
 * HIGHER score means "more likely an attack". A sample is called an attack when score > threshold.
 *  - APCER: share of attack samples accepted as bona fide (score ≤ threshold);
 *  - BPCER: share of bona fide samples refused (score > threshold).
 */

export interface Summary {
  n: number;
  min: number | null;
  median: number | null;
  max: number | null;
}

export function summary(xs: readonly number[]): Summary {
  if (xs.length === 0) return { n: 0, min: null, median: null, max: null };
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { n: s.length, min: s[0]!, median, max: s[s.length - 1]! };
}

/** Share of `xs` with score ≤ t (attacks accepted). */
export const apcerAt = (attacks: readonly number[], t: number): number => (attacks.length ? attacks.filter((x) => x <= t).length / attacks.length : NaN);

/** Share of `xs` with score > t (bona fide refused). */
export const bpcerAt = (bonafide: readonly number[], t: number): number => (bonafide.length ? bonafide.filter((x) => x > t).length / bonafide.length : NaN);

/**
 * ROC AUC: the probability that a random attack scores higher than a random bona fide sample
 * (ties count one half). 1 = perfect separation, 0.5 = chance, < 0.5 = the score points the
 * wrong way. Rank-based (Mann–Whitney), O((n + m) log(n + m)).
 */
export function rocAuc(bonafide: readonly number[], attacks: readonly number[]): number {
  const n = bonafide.length;
  const m = attacks.length;
  if (!n || !m) return NaN;
  const all = [...bonafide.map((s) => ({ s, attack: false })), ...attacks.map((s) => ({ s, attack: true }))].sort((a, b) => a.s - b.s);
  let rankSumAttacks = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.s === all[i]!.s) j++;
    const rank = (i + 1 + j) / 2; // mean of 1-based ranks i+1 … j
    for (let k = i; k < j; k++) if (all[k]!.attack) rankSumAttacks += rank;
    i = j;
  }
  return (rankSumAttacks - (m * (m + 1)) / 2) / (n * m);
}

/**
 * The lowest threshold whose BPCER is at most `bpcer` (e.g. 0.05), with the APCER there. The
 * threshold is one of the bona fide scores, so at most floor(bpcer · n) bona fide samples lie above it.
 */
export function atBpcer(bonafide: readonly number[], attacks: readonly number[], bpcer: number): { threshold: number; bpcer: number; apcer: number } {
  if (!bonafide.length) throw new Error('atBpcer: no bona fide scores');
  const desc = [...bonafide].sort((a, b) => b - a);
  const allowed = Math.floor(bpcer * desc.length + 1e-9);
  const threshold = desc[Math.min(allowed, desc.length - 1)]!;
  return { threshold, bpcer: bpcerAt(bonafide, threshold), apcer: apcerAt(attacks, threshold) };
}

/**
 * Equal error rate: over every candidate threshold (each score, and below the lowest), the one
 * where APCER and BPCER are closest; the EER is their mean there.
 */
export function equalErrorRate(bonafide: readonly number[], attacks: readonly number[]): { eer: number; threshold: number; apcer: number; bpcer: number } {
  if (!bonafide.length || !attacks.length) throw new Error('equalErrorRate: need bona fide and attack scores');
  const candidates = [...new Set([...bonafide, ...attacks])].sort((a, b) => a - b);
  candidates.unshift(candidates[0]! - 1);
  let best = { eer: NaN, threshold: NaN, apcer: NaN, bpcer: NaN, gap: Infinity };
  for (const t of candidates) {
    const apcer = apcerAt(attacks, t);
    const bpcer = bpcerAt(bonafide, t);
    const gap = Math.abs(apcer - bpcer);
    if (gap < best.gap) best = { eer: (apcer + bpcer) / 2, threshold: t, apcer, bpcer, gap };
  }
  const { gap: _gap, ...out } = best;
  return out;
}
