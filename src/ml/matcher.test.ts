import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_THRESHOLD, THRESHOLD_PER_DECADE, cosineSimilarity, meanTemplates, thresholdForGallery } from './matcher';
import { NETWORKS } from './model-spec';

describe('thresholdForGallery', () => {
  it('is the 1:1 threshold for one person and rises by THRESHOLD_PER_DECADE per tenfold gallery', () => {
    expect(thresholdForGallery(1)).toBe(DEFAULT_MATCH_THRESHOLD);
    expect(thresholdForGallery(0)).toBe(DEFAULT_MATCH_THRESHOLD);
    expect(thresholdForGallery(10)).toBeCloseTo(DEFAULT_MATCH_THRESHOLD + THRESHOLD_PER_DECADE, 12);
    expect(thresholdForGallery(1000)).toBeCloseTo(DEFAULT_MATCH_THRESHOLD + 3 * THRESHOLD_PER_DECADE, 12);
    expect(thresholdForGallery(1546)).toBeGreaterThan(0.49); // the 1,546-person protocol's threshold at FPIR 1% (README)
  });

  it("follows another network's rule when given one", () => {
    const rule = NETWORKS.mobilefacenet.rule;
    expect(thresholdForGallery(1, rule)).toBe(rule.pair);
    expect(thresholdForGallery(100, rule)).toBeCloseTo(rule.pair + 2 * rule.perDecade, 12);
    expect(rule.pair).not.toBe(DEFAULT_MATCH_THRESHOLD);
  });
});

describe('cosineSimilarity', () => {
  it('is the cosine of the angle whatever the scale, and 0 for a zero vector', () => {
    expect(cosineSimilarity([1, 0], [3, 3])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([2, 0, 0], [-5, 0, 0])).toBe(-1);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });
});

describe('meanTemplates', () => {
  it('gives each person the normalised mean of their normalised templates, people in first-seen order', () => {
    const out = meanTemplates(
      [
        { personId: 'a', embedding: [2, 0, 0] },
        { personId: 'b', embedding: [0, 0, 5] },
        { personId: 'a', embedding: [0, 3, 0] },
      ],
      3,
    );
    expect(out.map((t) => t.personId)).toEqual(['a', 'b']);
    expect(Array.from(out[0]!.embedding)).toEqual([Math.SQRT1_2, Math.SQRT1_2, 0].map(Math.fround));
    expect(Array.from(out[1]!.embedding)).toEqual([0, 0, 1]);
  });

  it('refuses what normalizeEmbedding refuses; templates that cancel out leave the first', () => {
    expect(() => meanTemplates([{ personId: 'a', embedding: [1, 0] }], 3)).toThrow(/length 2/);
    const [only] = meanTemplates([{ personId: 'a', embedding: [2, 0, 0] }, { personId: 'a', embedding: [-1, 0, 0] }], 3);
    expect(Array.from(only!.embedding)).toEqual([1, 0, 0]);
  });
});
