import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_THRESHOLD, THRESHOLD_PER_DECADE, cosineSimilarity, thresholdForGallery } from './matcher';

describe('thresholdForGallery', () => {
  it('is the 1:1 threshold for one person and rises by THRESHOLD_PER_DECADE per tenfold gallery', () => {
    expect(thresholdForGallery(1)).toBe(DEFAULT_MATCH_THRESHOLD);
    expect(thresholdForGallery(0)).toBe(DEFAULT_MATCH_THRESHOLD);
    expect(thresholdForGallery(10)).toBeCloseTo(DEFAULT_MATCH_THRESHOLD + THRESHOLD_PER_DECADE, 12);
    expect(thresholdForGallery(1000)).toBeCloseTo(DEFAULT_MATCH_THRESHOLD + 3 * THRESHOLD_PER_DECADE, 12);
    expect(thresholdForGallery(746)).toBeGreaterThan(0.6062); // lfw-dev's threshold at FPIR 1% (README)
  });
});

describe('cosineSimilarity', () => {
  it('is the cosine of the angle whatever the scale, and 0 for a zero vector', () => {
    expect(cosineSimilarity([1, 0], [3, 3])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineSimilarity([2, 0, 0], [-5, 0, 0])).toBe(-1);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
  });
});
