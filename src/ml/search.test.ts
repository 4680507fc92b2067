import { describe, expect, it } from 'vitest';
import { Gallery } from './gallery';
import { normalizeEmbedding } from './matcher';
import { QuantizedTemplates, dotRow } from './search';
import { seededRandom } from './random';
import { noisyCopy, randomUnit, syntheticGallery } from '../../test/support/search-bench';

/** Spread of a noisy copy whose cosine to the original is about `cos` (see noisyCopy). */
const spreadFor = (cos: number) => Math.sqrt(1 / (cos * cos) - 1);

describe('QuantizedTemplates', () => {
  it('scores every template within the bound of its exact similarity, lanes decoded exactly', () => {
    const dim = 192;
    const rand = seededRandom(3);
    // Random templates, plus the extremes of the integer norm: a flat vector and a one-hot one.
    const rows = Array.from({ length: 250 }, () => randomUnit(rand, dim));
    rows.push(normalizeEmbedding(new Float32Array(dim).fill(1), dim));
    rows.push(normalizeEmbedding(Float32Array.from({ length: dim }, (_, j) => (j % 2 ? -1 : 1)), dim));
    rows.push(normalizeEmbedding(Float32Array.from({ length: dim }, (_, j) => (j === 5 ? 1 : 0)), dim));
    const data = new Float32Array(rows.length * dim);
    rows.forEach((r, i) => data.set(r, i * dim));
    const qt = new QuantizedTemplates(dim, 1);
    qt.reserve(rows.length);
    for (let t = 0; t < rows.length; t++) qt.append(data, t * dim);
    expect(qt.size).toBe(rows.length);

    const scores = new Float64Array(QuantizedTemplates.scoresLength(rows.length));
    const quantize = (v: Float32Array) => Array.from(v, (x) => Math.floor(x * qt.scale + 0.5));
    for (const query of [...rows.slice(0, 20), ...rows.slice(-3)]) {
      const bound = qt.scan(query, scores);
      expect(bound).toBeGreaterThan(0);
      expect(bound).toBeLessThan(0.05);
      const qq = quantize(query);
      rows.forEach((row, t) => {
        const xq = quantize(row);
        expect(Math.hypot(...xq)).toBeLessThan(255); // the norm cap that keeps lanes apart
        expect(scores[t]).toBe(xq.reduce((s, x, j) => s + x * qq[j]!, 0));
        expect(Math.abs(scores[t]! / qt.scale ** 2 - dotRow(data, t * dim, query, dim))).toBeLessThanOrEqual(bound);
      });
    }
  });

  it('drops templates from the end and re-packs a partly kept block', () => {
    const dim = 7;
    const rand = seededRandom(4);
    const data = new Float32Array(30 * dim);
    for (let t = 0; t < 30; t++) data.set(randomUnit(rand, dim), t * dim);
    const full = new QuantizedTemplates(dim, 30);
    for (let t = 0; t < 30; t++) full.append(data, t * dim);
    full.truncate(17, data);
    const fresh = new QuantizedTemplates(dim, 30);
    for (let t = 0; t < 17; t++) fresh.append(data, t * dim);
    const a = new Float64Array(QuantizedTemplates.scoresLength(30));
    const b = new Float64Array(QuantizedTemplates.scoresLength(30));
    const query = randomUnit(rand, dim);
    full.scan(query, a);
    fresh.scan(query, b);
    expect(full.size).toBe(17);
    expect(Array.from(a.subarray(0, 24))).toEqual(Array.from(b.subarray(0, 24)));
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

  it('stays exact as people are removed, added and cleared (dims 7 and 32)', () => {
    for (const dim of [7, 32]) {
      const rand = seededRandom(dim);
      const { entries } = syntheticGallery(rand, 3000, dim, 3);
      const g = new Gallery(dim, 16);
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
