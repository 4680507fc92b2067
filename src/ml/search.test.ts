import { describe, expect, it } from 'vitest';
import { Gallery } from './gallery';
import { normalizeEmbedding } from './matcher';
import { LaneTemplates, dotRow, scanScoresLength, type TemplateScan } from './search';
import { SimdTemplates, simdScanSupported } from './search-simd';
import { seededRandom } from './random';
import { noisyCopy, randomUnit, syntheticGallery } from '../../test/support/search-bench';

/** Spread of a noisy copy whose cosine to the original is about `cos` (see noisyCopy). */
const spreadFor = (cos: number) => Math.sqrt(1 / (cos * cos) - 1);

describe.each([
  ['SIMD (int8, WebAssembly)', (dim: number, cap: number): TemplateScan => new SimdTemplates(dim, cap)],
  ['lanes (float64, JavaScript)', (dim: number, cap: number): TemplateScan => new LaneTemplates(dim, cap)],
])('quantized templates: %s', (_kind, make) => {
  it('scores every template within the bound of its exact similarity; the bound is tight enough to rule most out', () => {
    const dim = 192;
    const rand = seededRandom(3);
    // Random templates, plus extremes: a flat vector, an alternating one and a one-hot one.
    const rows = Array.from({ length: 250 }, () => randomUnit(rand, dim));
    rows.push(normalizeEmbedding(new Float32Array(dim).fill(1), dim));
    rows.push(normalizeEmbedding(Float32Array.from({ length: dim }, (_, j) => (j % 2 ? -1 : 1)), dim));
    rows.push(normalizeEmbedding(Float32Array.from({ length: dim }, (_, j) => (j === 5 ? 1 : 0)), dim));
    const data = new Float32Array(rows.length * dim);
    rows.forEach((r, i) => data.set(r, i * dim));
    const qt = make(dim, 1);
    qt.reserve(rows.length);
    for (let t = 0; t < rows.length; t++) qt.append(data, t * dim);
    expect(qt.size).toBe(rows.length);

    const scores = new Float64Array(scanScoresLength(rows.length));
    for (const query of [...rows.slice(0, 20), ...rows.slice(-3)]) {
      const bound = qt.scan(query, scores);
      expect(bound).toBeGreaterThan(0);
      expect(bound).toBeLessThan(0.06);
      rows.forEach((_row, t) => {
        expect(Math.abs(scores[t]! - dotRow(data, t * dim, query, dim))).toBeLessThanOrEqual(bound);
      });
    }
  });

  it('drops templates from the end; those appended after score as in a fresh copy', () => {
    const dim = 7;
    const rand = seededRandom(4);
    const data = new Float32Array(30 * dim);
    for (let t = 0; t < 30; t++) data.set(randomUnit(rand, dim), t * dim);
    const other = new Float32Array(30 * dim);
    for (let t = 0; t < 30; t++) other.set(randomUnit(rand, dim), t * dim);
    const full = make(dim, 30);
    for (let t = 0; t < 30; t++) full.append(data, t * dim);
    full.truncate(17, data);
    expect(full.size).toBe(17);
    // Rows 17… are now others: appended over the dropped ones.
    data.set(other.subarray(17 * dim), 17 * dim);
    for (let t = 17; t < 30; t++) full.append(data, t * dim);
    const fresh = make(dim, 30);
    for (let t = 0; t < 30; t++) fresh.append(data, t * dim);
    const a = new Float64Array(scanScoresLength(30));
    const b = new Float64Array(scanScoresLength(30));
    const query = randomUnit(rand, dim);
    full.scan(query, a);
    fresh.scan(query, b);
    expect(Array.from(a.subarray(0, 30))).toEqual(Array.from(b.subarray(0, 30)));
  });
});

describe('the SIMD scan', () => {
  it('runs here (Node and Chromium support WebAssembly SIMD), and a gallery uses it by default', () => {
    expect(simdScanSupported()).toBe(true);
  });

  it('keeps every int32 sum exact at the largest dimension it takes: flat templates and query', () => {
    const dim = 2048;
    const flat = normalizeEmbedding(new Float32Array(dim).fill(1), dim);
    const qt = new SimdTemplates(dim, 4);
    for (let t = 0; t < 4; t++) qt.append(flat, 0);
    const scores = new Float64Array(scanScoresLength(4));
    const bound = qt.scan(flat, scores);
    for (let t = 0; t < 4; t++) expect(Math.abs(scores[t]! - 1)).toBeLessThanOrEqual(bound);
    expect(() => new SimdTemplates(dim + 1, 4)).toThrow(/range/);
  });
});

describe('Gallery search through the quantized copy', () => {
  it('decides exactly as the full float32 scan: 100,000 templates, 321 probes', () => {
    const dim = 192;
    // A threshold where random strangers among 100,000 random 192-d templates stay unknown (the
    // scan is the same at any threshold; this one lets the probes cover both decisions).
    const T = 0.38;
    const rand = seededRandom(2024);
    const { entries, centers } = syntheticGallery(rand, 100_000, dim, 5);
    // Identical templates under two names: ties must go to the first enrolled, as in the full scan.
    for (let i = 0; i < 10; i++) entries.push({ personId: `twin${i}`, embedding: entries[i * 5]!.embedding });
    const g = new Gallery(dim);
    g.addMany(entries);
    expect(g.size).toBe(100_010);

    const probes: { kind: string; q: Float32Array }[] = [];
    for (let i = 0; i < 80; i++) {
      const e = entries[Math.floor(rand() * 100_000)]!;
      probes.push({ kind: 'known', q: noisyCopy(rand, e.embedding as Float32Array, 0.6) });
      probes.push({ kind: 'stranger', q: randomUnit(rand, dim) });
      // Similarity to one template within 0.02 of the threshold, either side.
      probes.push({ kind: 'threshold', q: noisyCopy(rand, e.embedding as Float32Array, spreadFor(T - 0.02 + 0.04 * rand())) });
      // A new sample of a person's face (not a copy of a template).
      probes.push({ kind: 'sample', q: noisyCopy(rand, centers[Math.floor(rand() * centers.length)]!, 0.6) });
    }
    probes.push({ kind: 'twin', q: entries[0]!.embedding as Float32Array });

    const decisions = { known: 0, unknown: 0, thresholdKnown: 0, thresholdUnknown: 0 };
    probes.forEach(({ kind, q }, i) => {
      const k = i % 8 === 0 ? 5 : 2;
      const exact = g.searchExact(q, k);
      expect(g.search(q, k)).toEqual(exact); // same people, order, template and similarity (to the bit)
      const decision = exact[0]!.similarity >= T ? exact[0]!.personId : null;
      expect(g.identify(q, T).personId).toBe(decision);
      decisions[decision ? 'known' : 'unknown']++;
      if (kind === 'threshold') {
        decisions[decision ? 'thresholdKnown' : 'thresholdUnknown']++;
        // A threshold exactly at the best similarity still accepts; just above it, not.
        expect(g.identify(q, exact[0]!.similarity).personId).toBe(exact[0]!.personId);
        expect(g.identify(q, exact[0]!.similarity + 1e-12).personId).toBeNull();
      }
      if (kind === 'twin') {
        expect(exact.slice(0, 2).map((h) => h.personId)).toEqual(['p0', 'twin0']);
        expect(exact[1]!.similarity).toBe(exact[0]!.similarity);
      }
    });
    // The probes cover both decisions, near the threshold too.
    expect(decisions.known).toBeGreaterThan(100);
    expect(decisions.unknown).toBeGreaterThan(100);
    expect(decisions.thresholdKnown).toBeGreaterThan(15);
    expect(decisions.thresholdUnknown).toBeGreaterThan(15);
  });

  it.each(['simd', 'lanes'] as const)('stays exact as people are removed, added and cleared (dims 7, 32 and 512; %s scan)', (kind) => {
    for (const dim of [7, 32, 512]) {
      const rand = seededRandom(dim);
      const { entries } = syntheticGallery(rand, 3000, dim, 3);
      const g = new Gallery(dim, 16, kind);
      for (const e of entries.slice(0, 1000)) g.add(e.personId, e.embedding);
      g.addMany(entries.slice(1000));
      const check = () => {
        for (let i = 0; i < 60; i++) {
          const q = i % 2 ? randomUnit(rand, dim) : noisyCopy(rand, entries[Math.floor(rand() * entries.length)]!.embedding as Float32Array, 0.5);
          for (const k of [1, 2, 7]) expect(g.search(q, k)).toEqual(g.searchExact(q, k));
        }
      };
      check();
      for (const id of ['p0', 'p500', 'p999', 'p501', 'p3']) g.removePerson(id);
      expect(g.size).toBe(3000 - 15);
      check();
      g.addMany(entries.slice(0, 300).map((e) => ({ personId: `again-${e.personId}`, embedding: e.embedding })));
      check();
      g.clear();
      g.addMany(entries.slice(0, 1500));
      check();
    }
  });

  it('adds many templates all or nothing', () => {
    const g = new Gallery(3);
    g.addMany([{ personId: 'a', embedding: [1, 0, 0] }]);
    expect(() =>
      g.addMany([
        { personId: 'b', embedding: [0, 1, 0] },
        { personId: 'c', embedding: [0, 0, 0] },
      ]),
    ).toThrow(/zero vector/);
    expect(() => g.addMany([{ personId: '', embedding: [0, 1, 0] }])).toThrow(/personId/);
    expect(g.size).toBe(1);
    expect(g.persons).toEqual(['a']);
    expect(g.addMany([{ personId: 'b', embedding: [0, 3, 4] }, { personId: 'a', embedding: [0, 0, 2] }])).toBe(1);
    expect(g.templateCount('a')).toBe(2);
    expect(Array.from(g.template(1).embedding)).toEqual([0, 0.6000000238418579, 0.800000011920929]);
    expect(g.search([0, 0, 1], 2).map((h) => h.personId)).toEqual(['a', 'b']);
  });
});
