/**
 * LFW-style face verification: pairs-file parser and metrics over pair scores
 * (cosine similarities). A pair is predicted "same" iff score ≥ threshold.
 */

export interface LfwImageRef {
  name: string;
  /** 1-based image number within the person's folder. */
  index: number;
}

export interface LfwPair {
  fold: number;
  same: boolean;
  a: LfwImageRef;
  b: LfwImageRef;
}

export interface LfwPairs {
  folds: number;
  pairsPerFold: number;
  pairs: LfwPair[];
}

function parseIndex(s: string, lineNo: number): number {
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new Error(`pairs line ${lineNo}: invalid image index "${s}"`);
  return Number(s);
}

/**
 * Parse LFW `pairs.txt` (header `folds<TAB>pairsPerFold`, then per fold
 * pairsPerFold same lines `name i j` and pairsPerFold different lines
 * `name1 i name2 j`) or the single-set variant (header `N`, one fold).
 * Same/different is decided by the column count; the fold by line position.
 */
export function parsePairs(text: string): LfwPairs {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw new Error('pairs: empty file');

  const header = lines[0]!.trim().split(/\s+/);
  if (header.length > 2 || !header.every((h) => /^\d+$/.test(h))) {
    throw new Error(`pairs line 1: expected header "folds<TAB>pairsPerFold" or "N", got "${lines[0]}"`);
  }
  const folds = header.length === 2 ? Number(header[0]) : 1;
  const pairsPerFold = Number(header[header.length - 1]);
  if (folds < 1 || pairsPerFold < 1) throw new Error('pairs line 1: folds and pairs per fold must be ≥ 1');

  const perFold = 2 * pairsPerFold;
  const expected = folds * perFold;
  const body = lines.length - 1;
  if (body !== expected) {
    throw new Error(`pairs: header announces ${expected} pair lines (${folds} × 2 × ${pairsPerFold}), found ${body}`);
  }

  const pairs: LfwPair[] = [];
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const cols = lines[i]!.trim().split(/\s+/);
    const fold = Math.floor((i - 1) / perFold);
    if (cols.length === 3) {
      const [name, x, y] = cols as [string, string, string];
      pairs.push({ fold, same: true, a: { name, index: parseIndex(x, lineNo) }, b: { name, index: parseIndex(y, lineNo) } });
    } else if (cols.length === 4) {
      const [n1, x, n2, y] = cols as [string, string, string, string];
      pairs.push({ fold, same: false, a: { name: n1, index: parseIndex(x, lineNo) }, b: { name: n2, index: parseIndex(y, lineNo) } });
    } else {
      throw new Error(`pairs line ${lineNo}: expected 3 or 4 tab-separated columns, got ${cols[0] === '' ? 0 : cols.length}`);
    }
  }
  return { folds, pairsPerFold, pairs };
}

/** Relative path of an LFW image: `name/name_000i.jpg`. */
export function lfwImagePath(name: string, index: number): string {
  if (!Number.isInteger(index) || index < 1) throw new Error(`invalid LFW image index ${index}`);
  return `${name}/${name}_${String(index).padStart(4, '0')}.jpg`;
}

// ---------------------------------------------------------------- metrics

function check(scores: readonly number[], same: readonly boolean[]): void {
  if (scores.length !== same.length) throw new Error(`scores (${scores.length}) and labels (${same.length}) differ in length`);
  if (scores.length === 0) throw new Error('no pairs');
  scores.forEach((s, i) => {
    if (!Number.isFinite(s)) throw new Error(`score ${i} is not finite (${s})`);
  });
}

/** Fraction of pairs classified correctly with "same iff score ≥ threshold". */
export function accuracyAt(scores: readonly number[], same: readonly boolean[], threshold: number): number {
  check(scores, same);
  let correct = 0;
  for (let i = 0; i < scores.length; i++) if ((scores[i]! >= threshold) === same[i]) correct++;
  return correct / scores.length;
}

export interface ThresholdResult {
  threshold: number;
  accuracy: number;
}

/**
 * Threshold maximising accuracy, searched over all midpoints between sorted
 * unique scores plus one below the minimum (min − 1) and one above the maximum
 * (max + 1). Ties go to the lowest threshold. O(n log n).
 */
export function bestThreshold(scores: readonly number[], same: readonly boolean[]): ThresholdResult {
  check(scores, same);
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => scores[i]! - scores[j]!);
  // Threshold below everything: all predicted same.
  let correct = same.reduce((c, s) => c + (s ? 1 : 0), 0);
  let best = { threshold: scores[order[0]!]! - 1, correct };
  for (let k = 0; k < n; ) {
    const v = scores[order[k]!]!;
    // Move the whole group of equal scores to "different".
    for (; k < n && scores[order[k]!] === v; k++) correct += same[order[k]!] ? -1 : 1;
    if (correct > best.correct) {
      const threshold = k < n ? (v + scores[order[k]!]!) / 2 : v + 1;
      best = { threshold, correct };
    }
  }
  return { threshold: best.threshold, accuracy: best.correct / n };
}

/** Highest accuracy over all thresholds (see {@link bestThreshold}). */
export function bestAccuracy(scores: readonly number[], same: readonly boolean[]): number {
  return bestThreshold(scores, same).accuracy;
}

export interface FoldAccuracy {
  /** Mean test-fold accuracy (or the best accuracy when not cross-validated). */
  mean: number;
  /** Standard deviation across folds (0 when not cross-validated). */
  std: number;
  /** false when there was only one fold: the result is bestAccuracy on all pairs. */
  crossValidated: boolean;
  folds: Array<{ fold: number; threshold: number; accuracy: number }>;
}

/**
 * Standard LFW protocol: for each fold, choose the best threshold on the other
 * folds and evaluate it on this fold; report the mean over folds.
 */
export function foldAccuracy(scores: readonly number[], same: readonly boolean[], fold: readonly number[]): FoldAccuracy {
  check(scores, same);
  if (fold.length !== scores.length) throw new Error(`fold ids (${fold.length}) and scores (${scores.length}) differ in length`);
  const ids = [...new Set(fold)].sort((x, y) => x - y);
  if (ids.length < 2) {
    const { threshold, accuracy } = bestThreshold(scores, same);
    return { mean: accuracy, std: 0, crossValidated: false, folds: [{ fold: ids[0]!, threshold, accuracy }] };
  }
  const folds = ids.map((f) => {
    const train = scores.map((_, i) => i).filter((i) => fold[i] !== f);
    const test = scores.map((_, i) => i).filter((i) => fold[i] === f);
    const { threshold } = bestThreshold(train.map((i) => scores[i]!), train.map((i) => same[i]!));
    const accuracy = accuracyAt(test.map((i) => scores[i]!), test.map((i) => same[i]!), threshold);
    return { fold: f, threshold, accuracy };
  });
  const mean = folds.reduce((s, f) => s + f.accuracy, 0) / folds.length;
  const std = Math.sqrt(folds.reduce((s, f) => s + (f.accuracy - mean) ** 2, 0) / folds.length);
  return { mean, std, crossValidated: true, folds };
}

export interface TarAtFar {
  /** Requested false-accept rate bound. */
  far: number;
  /** False-accept rate actually achieved at `threshold` (≤ far). */
  actualFar: number;
  /** True-accept rate (fraction of same pairs with score ≥ threshold). */
  tar: number;
  threshold: number;
}

/**
 * TAR at the smallest threshold (among midpoints between sorted unique scores,
 * as in {@link bestThreshold}) whose false-accept rate over different-person pairs is ≤ `far`.
 */
export function tarAtFar(scores: readonly number[], same: readonly boolean[], far: number): TarAtFar {
  check(scores, same);
  if (!(far >= 0 && far <= 1)) throw new Error(`far must be in [0, 1], got ${far}`);
  const diff = scores.filter((_, i) => !same[i]).sort((x, y) => y - x); // descending
  const pos = scores.filter((_, i) => same[i]);
  if (diff.length === 0 || pos.length === 0) throw new Error('tarAtFar needs both same and different pairs');

  const allowed = Math.floor(far * diff.length + 1e-9); // false accepts we may keep
  let threshold: number;
  if (allowed >= diff.length) {
    threshold = scores.reduce((m, s) => Math.min(m, s), Infinity) - 1; // accept everything
  } else {
    // Must reject diff[allowed] (and all ties with it): threshold just above it.
    const v = diff[allowed]!;
    let next = Infinity;
    for (const s of scores) if (s > v && s < next) next = s;
    threshold = next === Infinity ? v + 1 : (v + next) / 2;
  }
  const fa = diff.filter((s) => s >= threshold).length;
  const ta = pos.filter((s) => s >= threshold).length;
  return { far, actualFar: fa / diff.length, tar: ta / pos.length, threshold };
}

export interface VerificationSummary {
  pairs: number;
  samePairs: number;
  bestThreshold: number;
  bestAccuracy: number;
  foldAccuracy: FoldAccuracy;
  tarAtFar: TarAtFar[];
}

/** All metrics in one object. */
export function summarize(
  scores: readonly number[],
  same: readonly boolean[],
  fold: readonly number[],
  fars: readonly number[] = [1e-3, 1e-2, 1e-1],
): VerificationSummary {
  const best = bestThreshold(scores, same);
  return {
    pairs: scores.length,
    samePairs: same.filter(Boolean).length,
    bestThreshold: best.threshold,
    bestAccuracy: best.accuracy,
    foldAccuracy: foldAccuracy(scores, same, fold),
    tarAtFar: fars.map((f) => tarAtFar(scores, same, f)),
  };
}
