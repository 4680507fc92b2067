import { seededRandom } from '../../src/ml/random.ts';

/** Deterministic PRNG (mulberry32, src/ml/random.ts) for reproducible tests: uniform floats in [lo, hi). */
export function rng(seed: number): (lo?: number, hi?: number) => number {
  const next = seededRandom(seed);
  return (lo = 0, hi = 1) => lo + (hi - lo) * next();
}
