/**
 * Micro-benchmarks of the gallery (`npx tsx scripts/bench-search.ts`): 1:N search time and bulk
 * loading on seeded synthetic galleries, so that runs are comparable. Also the synthetic faces
 * the search tests use.
 *
 * Framework-free (performance.now() only); runs in Node, a window or a Web Worker.
 */
import { Gallery, type TemplateEntry } from '../../src/ml/gallery';
import type { ScanKind } from '../../src/ml/gallery-scan';
import { DEFAULT_MODEL_SPEC } from '../../src/ml/model-spec';
import { seededRandom } from '../../src/ml/random';

/** A random unit vector (uniform components, normalised). */
export function randomUnit(rand: () => number, dim: number): Float32Array {
  const v = new Float32Array(dim);
  let ss = 0;
  for (let j = 0; j < dim; j++) {
    v[j] = rand() * 2 - 1;
    ss += v[j]! * v[j]!;
  }
  const inv = 1 / Math.sqrt(ss);
  for (let j = 0; j < dim; j++) v[j]! *= inv;
  return v;
}

/**
 * `v` plus a random direction of length `spread`, normalised: its cosine to `v` is about
 * 1 / √(1 + spread²) (0.6 apart: 0.86; 2.43 apart: 0.38, the default threshold).
 */
export function noisyCopy(rand: () => number, v: Float32Array, spread: number): Float32Array {
  const u = randomUnit(rand, v.length);
  const out = new Float32Array(v.length);
  let ss = 0;
  for (let j = 0; j < v.length; j++) {
    out[j] = v[j]! + spread * u[j]!;
    ss += out[j]! * out[j]!;
  }
  const inv = 1 / Math.sqrt(ss);
  for (let j = 0; j < v.length; j++) out[j]! *= inv;
  return out;
}

export interface SyntheticGallery {
  /** `n` templates, `perPerson` consecutive ones per person `p0`, `p1`, … */
  entries: TemplateEntry[];
  /** Each person's face (the centre of their templates). */
  centers: Float32Array[];
}

/**
 * `n` templates of `n / perPerson` people: each person a random face, each template that face
 * with noise of length 0.6 (templates of one person ≈ 0.74 alike, of two people ≈ 0 ± 0.07).
 */
export function syntheticGallery(rand: () => number, n: number, dim = DEFAULT_MODEL_SPEC.dim, perPerson = 5): SyntheticGallery {
  const entries: TemplateEntry[] = [];
  const centers: Float32Array[] = [];
  for (let t = 0; t < n; t++) {
    if (t % perPerson === 0) centers.push(randomUnit(rand, dim));
    entries.push({ personId: `p${centers.length - 1}`, embedding: noisyCopy(rand, centers[centers.length - 1]!, 0.6) });
  }
  return { entries, centers };
}

export interface BenchmarkOptions {
  /** Queries timed per size (after as many untimed ones to warm the JIT up). */
  queries?: number;
  seed?: number;
  /** Time `searchExact` (the full float32 scan) instead of `search`. */
  exact?: boolean;
  /** The quantized scan `search` goes through (gallery-scan.ts). */
  scan?: ScanKind;
}

/**
 * Median milliseconds of one `identify`-sized search (top 2 people) per gallery size, keyed by
 * size. Half the queries are new samples of enrolled people, half strangers.
 */
export function benchmarkSearch(sizes = [1_000, 10_000, 100_000], { queries = 100, seed = 1, exact = false, scan = 'auto' }: BenchmarkOptions = {}): Record<string, number> {
  const result: Record<string, number> = {};
  for (const n of sizes) {
    const rand = seededRandom(seed);
    const { entries, centers } = syntheticGallery(rand, n);
    const gallery = new Gallery(undefined, undefined, scan);
    gallery.addMany(entries);
    const probes: Float32Array[] = [];
    for (let i = 0; i < 2 * queries; i++) {
      probes.push(i % 2 ? randomUnit(rand, gallery.dim) : noisyCopy(rand, centers[Math.floor(rand() * centers.length)]!, 0.6));
    }
    const times: number[] = [];
    probes.forEach((probe, i) => {
      const t0 = performance.now();
      if (exact) gallery.searchExact(probe, 2);
      else gallery.search(probe, 2);
      if (i >= queries) times.push(performance.now() - t0);
    });
    result[n] = median(times);
  }
  return result;
}

/** Milliseconds to enrol `n` synthetic templates into an empty gallery: with `addMany`, and one `add` at a time. */
export function benchmarkLoad(n = 100_000, { seed = 1 }: { seed?: number } = {}): { addMany: number; add: number } {
  const { entries } = syntheticGallery(seededRandom(seed), n);
  const timeOf = (load: (g: Gallery) => void) => {
    const g = new Gallery();
    const t0 = performance.now();
    load(g);
    return performance.now() - t0;
  };
  // Fill once untimed so that both timings run optimised code.
  timeOf((g) => g.addMany(entries.slice(0, 1000)));
  return {
    addMany: timeOf((g) => g.addMany(entries)),
    add: timeOf((g) => {
      for (const e of entries) g.add(e.personId, e.embedding);
    }),
  };
}

/** The median of `values` (NaN for none); shared by the benchmarks. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
