import { describe, expect, it } from 'vitest';
import { apcerAt, atBpcer, bpcerAt, equalErrorRate, rocAuc, summary } from './pad-metrics.ts';

describe('pad-metrics', () => {
  it('summarises a set', () => {
    expect(summary([3, 1, 2])).toEqual({ n: 3, min: 1, median: 2, max: 3 });
    expect(summary([4, 1, 2, 3]).median).toBe(2.5);
    expect(summary([])).toEqual({ n: 0, min: null, median: null, max: null });
  });

  it('ROC AUC: perfect, inverted, chance and ties', () => {
    expect(rocAuc([0.1, 0.2, 0.3], [0.4, 0.9])).toBe(1);
    expect(rocAuc([0.4, 0.9], [0.1, 0.2, 0.3])).toBe(0);
    expect(rocAuc([0.5, 0.5], [0.5])).toBe(0.5);
    // One pair of four is mis-ordered: 0.75.
    expect(rocAuc([0.1, 0.6], [0.5, 0.7])).toBe(0.75);
    // Brute force on random data.
    const b = Array.from({ length: 40 }, (_, i) => ((i * 37) % 11) / 10);
    const a = Array.from({ length: 30 }, (_, i) => ((i * 13) % 17) / 10);
    let wins = 0;
    for (const x of a) for (const y of b) wins += x > y ? 1 : x === y ? 0.5 : 0;
    expect(rocAuc(b, a)).toBeCloseTo(wins / (a.length * b.length), 12);
  });

  it('APCER / BPCER at a threshold (attack when score > threshold)', () => {
    expect(apcerAt([0.2, 0.5, 0.9], 0.5)).toBeCloseTo(2 / 3);
    expect(bpcerAt([0.2, 0.5, 0.9], 0.5)).toBeCloseTo(1 / 3);
  });

  it('threshold at BPCER 5% lets at most 5% of bona fide samples above it', () => {
    const bonafide = Array.from({ length: 100 }, (_, i) => i / 100); // 0 … 0.99
    const attacks = [0.9, 0.95, 0.97, 0.999, 2];
    const r = atBpcer(bonafide, attacks, 0.05);
    expect(r.threshold).toBe(0.94);
    expect(r.bpcer).toBe(0.05);
    expect(r.apcer).toBeCloseTo(1 / 5);
    // Fewer than 20 samples: 5% allows none above.
    expect(atBpcer([0.1, 0.3, 0.2], [0.25], 0.05)).toEqual({ threshold: 0.3, bpcer: 0, apcer: 1 });
  });

  it('equal error rate', () => {
    expect(equalErrorRate([0.1, 0.2], [0.8, 0.9]).eer).toBe(0);
    const r = equalErrorRate([0.1, 0.2, 0.3, 0.7], [0.25, 0.8, 0.9, 0.95]);
    expect(r.eer).toBe(0.25);
    expect(r.apcer).toBe(0.25);
    expect(r.bpcer).toBe(0.25);
  });
});
