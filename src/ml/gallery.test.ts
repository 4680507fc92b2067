import { describe, expect, it } from 'vitest';
import { Gallery } from './gallery';
import { DEFAULT_MATCH_THRESHOLD, normalizeEmbedding } from './matcher';
import { rng } from '../../scripts/lib/rng';


function randomUnit(rand: () => number, dim: number): Float32Array {
  const v = new Float32Array(dim);
  for (let i = 0; i < dim; i++) v[i] = rand() * 2 - 1;
  return normalizeEmbedding(v, dim);
}

/** Unit vector in 2-D at angle `deg` (cosine to [1, 0] = cos(deg)). */
const dir = (deg: number) => new Float32Array([Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)]);

describe('Gallery', () => {
  it('returns top-k distinct persons in descending order, max over templates', () => {
    const g = new Gallery(2);
    g.add('alice', dir(10));
    g.add('alice', dir(50));
    g.add('bob', dir(20));
    g.add('carol', dir(80));
    g.add('bob', dir(-5)); // bob's best template
    g.add('dave', dir(170));

    const hits = g.search(dir(0), 3);
    expect(hits.map((h) => h.personId)).toEqual(['bob', 'alice', 'carol']);
    expect(hits[0]!.similarity).toBeCloseTo(Math.cos((5 * Math.PI) / 180), 6);
    expect(hits[0]!.templateIndex).toBe(4);
    expect(hits[1]!.templateIndex).toBe(0);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.similarity).toBeLessThanOrEqual(hits[i - 1]!.similarity);

    expect(g.search(dir(0), 10).map((h) => h.personId)).toEqual(['bob', 'alice', 'carol', 'dave']);
    expect(g.search(dir(0), 0)).toEqual([]);
    expect(g.size).toBe(6);
    expect(g.persons).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(g.templateCount('bob')).toBe(2);
  });

  it('normalises templates on add', () => {
    const g = new Gallery(2);
    g.add('x', new Float32Array([30, 40]));
    const t = g.template(0);
    expect(t.personId).toBe('x');
    expect(t.embedding[0]).toBeCloseTo(0.6, 6);
    expect(t.embedding[1]).toBeCloseTo(0.8, 6);
    expect(g.search(new Float32Array([3, 4]))[0]!.similarity).toBeCloseTo(1, 6);
  });

  it('removes a person and keeps the rest searchable', () => {
    const g = new Gallery(2, 2);
    g.add('a', dir(0));
    g.add('b', dir(30));
    g.add('a', dir(5));
    g.add('c', dir(60));
    g.add('b', dir(35));
    expect(g.removePerson('a')).toBe(2);
    expect(g.removePerson('a')).toBe(0);
    expect(g.size).toBe(3);
    expect(g.persons).toEqual(['b', 'c']);
    expect(g.has('a')).toBe(false);
    const hits = g.search(dir(0), 5);
    expect(hits.map((h) => h.personId)).toEqual(['b', 'c']);
    // Template indices refer to the compacted storage.
    for (const h of hits) expect(g.template(h.templateIndex).personId).toBe(h.personId);
    expect(g.template(0).personId).toBe('b');
    expect(g.template(2).personId).toBe('b');

    // Re-adding after removal works, including a removed id.
    g.add('a', dir(1));
    expect(g.search(dir(0), 1)[0]!.personId).toBe('a');
    expect(g.removePerson('b')).toBe(2);
    expect(g.search(dir(90), 5).map((h) => h.personId)).toEqual(['c', 'a']);
  });

  it('grows beyond its initial capacity', () => {
    const g = new Gallery(8, 1);
    const rand = rng(1);
    const vecs: Float32Array[] = [];
    for (let i = 0; i < 100; i++) {
      const v = randomUnit(rand, 8);
      vecs.push(v);
      g.add(`p${i % 37}`, v);
    }
    expect(g.size).toBe(100);
    expect(g.capacity).toBeGreaterThanOrEqual(100);
    expect(g.capacity).toBe(128);
    vecs.forEach((v, i) => {
      expect(Array.from(g.template(i).embedding)).toEqual(Array.from(v));
      const hit = g.search(v, 1)[0]!;
      expect(hit.personId).toBe(`p${i % 37}`);
      expect(hit.similarity).toBeCloseTo(1, 5);
    });
  });

  it('makes open-set decisions at the threshold boundary', () => {
    const g = new Gallery(4);
    g.add('known', new Float32Array([1, 0, 0, 0]));
    g.add('other', new Float32Array([0, 1, 0, 0]));
    const q = new Float32Array([0.5, 0.5, 0.5, 0.5]); // cos = 0.5 exactly to both; first enrolled wins ties
    const id = g.identify(q, 0.5);
    expect(id.similarity).toBe(0.5);
    expect(id.personId).toBe('known');
    expect(id.runnerUp).toEqual({ personId: 'other', similarity: 0.5 });

    const below = g.identify(q, 0.5 + 1e-9);
    expect(below.personId).toBeNull();
    expect(below.nearestPersonId).toBe('known');
    expect(below.similarity).toBe(0.5);

    const q2 = new Float32Array([0.6, 0.2, 0.1, 0.3]);
    const sim = g.search(q2, 1)[0]!.similarity;
    expect(g.identify(q2, sim).personId).toBe('known');
    expect(g.identify(q2, sim + 1e-12).personId).toBeNull();
    expect(g.identify(q2).personId).toBe(sim >= DEFAULT_MATCH_THRESHOLD ? 'known' : null);
  });

  it('handles an empty gallery and a single person', () => {
    const g = new Gallery(2);
    expect(g.search(dir(0), 3)).toEqual([]);
    expect(g.identify(dir(0), 0)).toEqual({ personId: null, nearestPersonId: null, similarity: -Infinity });
    g.add('solo', dir(0));
    const id = g.identify(dir(0), 0.9);
    expect(id.personId).toBe('solo');
    expect(id.runnerUp).toBeUndefined();
  });

  it('rejects bad input with clear errors', () => {
    const g = new Gallery(3);
    expect(() => g.add('a', new Float32Array(4))).toThrow(/length 4, expected 3/);
    expect(() => g.add('a', new Float32Array([0, 0, 0]))).toThrow(/zero vector/);
    expect(() => g.add('a', new Float32Array([1, NaN, 0]))).toThrow(/non-finite/);
    expect(() => g.add('a', new Float32Array([1, Infinity, 0]))).toThrow(/non-finite/);
    expect(() => g.add('', new Float32Array([1, 0, 0]))).toThrow(/personId/);
    expect(() => g.search(new Float32Array(2))).toThrow(/expected 3/);
    expect(() => g.search(new Float32Array([1, 0, 0]), -1)).toThrow(/k must/);
    expect(() => g.template(0)).toThrow(/out of range/);
    expect(() => new Gallery(0)).toThrow(/dim/);
    expect(g.size).toBe(0);
    expect(g.persons).toEqual([]);
  });

  it('finds the planted nearest neighbour among 100k × 192 templates', () => {
    const dim = 192;
    const n = 100_000;
    const rand = rng(7);
    const g = new Gallery(dim);
    for (let i = 0; i < n; i++) g.add(`person${i % 25_000}`, randomUnit(rand, dim));
    expect(g.size).toBe(n);

    // A query close to template 61_803 (owner person11803), with small noise.
    const target = g.template(61_803);
    const query = new Float32Array(dim);
    for (let j = 0; j < dim; j++) query[j] = target.embedding[j]! + (rand() - 0.5) * 0.02;

    const hits = g.search(query, 5);
    expect(hits).toHaveLength(5);
    expect(hits[0]!.personId).toBe(target.personId);
    expect(hits[0]!.templateIndex).toBe(61_803);
    expect(hits[0]!.similarity).toBeGreaterThan(0.99);
    expect(hits[1]!.similarity).toBeLessThan(0.5);
    expect(new Set(hits.map((h) => h.personId)).size).toBe(5);
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.similarity).toBeLessThanOrEqual(hits[i - 1]!.similarity);

    // Brute-force check of the runner-up ordering against a full scan over persons.
    const bestByPerson = new Map<string, number>();
    const qn = normalizeEmbedding(query, dim);
    for (let i = 0; i < n; i++) {
      const t = g.template(i);
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += t.embedding[j]! * qn[j]!;
      if (dot > (bestByPerson.get(t.personId) ?? -Infinity)) bestByPerson.set(t.personId, dot);
    }
    const expected = [...bestByPerson.entries()].sort((x, y) => y[1] - x[1]).slice(0, 5);
    expect(hits.map((h) => h.personId)).toEqual(expected.map((e) => e[0]));
    hits.forEach((h, i) => expect(h.similarity).toBeCloseTo(expected[i]![1], 12));

    expect(g.identify(query, 0.9).personId).toBe(target.personId);
  });
});
