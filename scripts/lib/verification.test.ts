import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  accuracyAt,
  bestAccuracy,
  bestThreshold,
  foldAccuracy,
  lfwImagePath,
  parsePairs,
  summarize,
  tarAtFar,
} from './verification';

describe('parsePairs', () => {
  const tenFold = [
    '2\t2',
    'Alice\t1\t2',
    'Bob\t1\t3',
    'Alice\t1\tBob\t2',
    'Carol\t4\tDave\t1',
    'Eve\t1\t2',
    'Frank\t2\t3',
    'Eve\t1\tFrank\t1',
    'Gina\t10\tHank\t1',
  ];

  it('parses the folds format (CRLF and trailing blank lines tolerated)', () => {
    for (const text of [tenFold.join('\n') + '\n', tenFold.join('\r\n') + '\r\n\r\n\n']) {
      const p = parsePairs(text);
      expect(p.folds).toBe(2);
      expect(p.pairsPerFold).toBe(2);
      expect(p.pairs).toHaveLength(8);
      expect(p.pairs.map((x) => x.fold)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
      expect(p.pairs.map((x) => x.same)).toEqual([true, true, false, false, true, true, false, false]);
      expect(p.pairs[0]).toEqual({ fold: 0, same: true, a: { name: 'Alice', index: 1 }, b: { name: 'Alice', index: 2 } });
      expect(p.pairs[7]).toEqual({ fold: 1, same: false, a: { name: 'Gina', index: 10 }, b: { name: 'Hank', index: 1 } });
    }
  });

  it('parses the single-set variant', () => {
    const p = parsePairs('2\nA 1 2\nB 1 3\nA 1 B 2\nC 4 D 1');
    expect(p.folds).toBe(1);
    expect(p.pairsPerFold).toBe(2);
    expect(p.pairs.map((x) => [x.fold, x.same])).toEqual([[0, true], [0, true], [0, false], [0, false]]);
  });

  it('reports malformed input with line numbers', () => {
    const bad = (i: number, line: string) => tenFold.map((l, j) => (j === i ? line : l)).join('\n');
    expect(() => parsePairs(bad(3, 'Alice\t1\tBob\t2\textra'))).toThrow(/line 4: expected 3 or 4/);
    expect(() => parsePairs(bad(2, 'Bob\tx\t3'))).toThrow(/line 3: invalid image index "x"/);
    expect(() => parsePairs(bad(5, 'Eve\t0\t2'))).toThrow(/line 6: invalid image index "0"/);
    expect(() => parsePairs(bad(6, ''))).toThrow(/line 7: expected 3 or 4 .* got 0/);
    expect(() => parsePairs(bad(0, 'ten\tfolds'))).toThrow(/line 1: expected header/);
    expect(() => parsePairs(tenFold.slice(0, 8).join('\n'))).toThrow(/announces 8 pair lines .* found 7/);
    expect(() => parsePairs('\n\n')).toThrow(/empty/);
  });

  it('builds LFW image paths', () => {
    expect(lfwImagePath('Aaron_Peirsol', 1)).toBe('Aaron_Peirsol/Aaron_Peirsol_0001.jpg');
    expect(lfwImagePath('George_W_Bush', 530)).toBe('George_W_Bush/George_W_Bush_0530.jpg');
    expect(() => lfwImagePath('X', 0)).toThrow(/index/);
  });

  const lfwDev = fileURLToPath(new URL('../../../shared/datasets/lfw-dev/pairs.txt', import.meta.url));
  it.skipIf(!existsSync(lfwDev))('parses the real LFW pairs.txt', () => {
    const p = parsePairs(readFileSync(lfwDev, 'utf8'));
    expect(p.folds).toBe(5);
    expect(p.pairs).toHaveLength(3000);
    expect(p.pairs.filter((x) => x.same)).toHaveLength(1500);
    for (let f = 0; f < 5; f++) {
      const inFold = p.pairs.filter((x) => x.fold === f);
      expect(inFold).toHaveLength(600);
      expect(inFold.filter((x) => x.same)).toHaveLength(300);
    }
  });
});

describe('accuracy metrics', () => {
  const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
  const same = [true, true, false, true, false, false];

  it('accuracyAt uses score ≥ threshold', () => {
    expect(accuracyAt(scores, same, 0.65)).toBeCloseTo(4 / 6, 12);
    expect(accuracyAt(scores, same, 0.6)).toBeCloseTo(5 / 6, 12); // 0.6 counts as same
    expect(accuracyAt(scores, same, 0.75)).toBeCloseTo(5 / 6, 12);
    expect(accuracyAt(scores, same, -10)).toBe(0.5);
    expect(accuracyAt(scores, same, 10)).toBe(0.5);
  });

  it('bestThreshold picks the lowest best midpoint', () => {
    const best = bestThreshold(scores, same);
    expect(best.threshold).toBeCloseTo(0.55, 12);
    expect(best.accuracy).toBeCloseTo(5 / 6, 12);
    expect(bestAccuracy(scores, same)).toBeCloseTo(5 / 6, 12);
    expect(accuracyAt(scores, same, best.threshold)).toBeCloseTo(best.accuracy, 12);
  });

  it('never splits tied scores', () => {
    const s = [0.5, 0.5, 0.5, 0.2];
    const y = [true, true, false, false];
    const best = bestThreshold(s, y);
    expect(best.threshold).toBeCloseTo(0.35, 12);
    expect(best.accuracy).toBe(0.75);
    expect(accuracyAt(s, y, best.threshold)).toBe(0.75);
  });

  it('handles all-same / all-different extremes', () => {
    expect(bestThreshold([0.3, 0.1], [true, true])).toEqual({ threshold: 0.1 - 1, accuracy: 1 });
    expect(bestThreshold([0.3, 0.1], [false, false])).toEqual({ threshold: 0.3 + 1, accuracy: 1 });
  });

  it('foldAccuracy thresholds each fold on the other folds', () => {
    const s = [0.9, 0.3, 0.6, 0.2, 0.8, 0.7, 0.4, 0.1];
    const y = [true, true, false, false, true, true, false, false];
    const f = [0, 0, 0, 0, 1, 1, 1, 1];
    const r = foldAccuracy(s, y, f);
    expect(r.crossValidated).toBe(true);
    expect(r.folds.map((x) => x.fold)).toEqual([0, 1]);
    expect(r.folds[0]!.threshold).toBeCloseTo(0.55, 12); // learned on fold 1
    expect(r.folds[0]!.accuracy).toBe(0.5);
    expect(r.folds[1]!.threshold).toBeCloseTo(0.25, 12); // learned on fold 0
    expect(r.folds[1]!.accuracy).toBe(0.75);
    expect(r.mean).toBeCloseTo(0.625, 12);
    expect(r.std).toBeCloseTo(0.125, 12);
  });

  it('foldAccuracy falls back to bestAccuracy with one fold', () => {
    const r = foldAccuracy(scores, same, scores.map(() => 0));
    expect(r.crossValidated).toBe(false);
    expect(r.mean).toBeCloseTo(5 / 6, 12);
    expect(r.folds).toHaveLength(1);
  });

  it('rejects bad input', () => {
    expect(() => accuracyAt([0.1], [true, false], 0)).toThrow(/length/);
    expect(() => bestThreshold([], [])).toThrow(/no pairs/);
    expect(() => bestThreshold([NaN], [true])).toThrow(/not finite/);
    expect(() => foldAccuracy([0.1], [true], [0, 1])).toThrow(/fold/);
  });
});

describe('tarAtFar', () => {
  // same: 0.9 0.8 0.6 0.3   different: 0.7 0.5 0.5 0.2
  const scores = [0.9, 0.7, 0.8, 0.5, 0.6, 0.5, 0.3, 0.2];
  const same = [true, false, true, false, true, false, true, false];

  const cases: Array<[number, number, number, number]> = [
    // far, threshold, tar, actualFar
    [0, 0.75, 0.5, 0],
    [0.25, 0.55, 0.75, 0.25],
    [0.3, 0.55, 0.75, 0.25],
    [0.5, 0.55, 0.75, 0.25], // the tie at 0.5 cannot be split: both rejected
    [0.75, 0.25, 1, 0.75],
    [1, 0.2 - 1, 1, 1],
  ];
  for (const [far, threshold, tar, actualFar] of cases) {
    it(`FAR ≤ ${far}`, () => {
      const r = tarAtFar(scores, same, far);
      expect(r.far).toBe(far);
      expect(r.threshold).toBeCloseTo(threshold, 12);
      expect(r.tar).toBeCloseTo(tar, 12);
      expect(r.actualFar).toBeCloseTo(actualFar, 12);
      expect(r.actualFar).toBeLessThanOrEqual(far);
    });
  }

  it('rejects everything when the top score is a different pair and FAR = 0', () => {
    expect(tarAtFar([0.95, 0.5], [false, true], 0)).toEqual({ far: 0, actualFar: 0, tar: 0, threshold: 1.95 });
  });

  it('rejects bad input', () => {
    expect(() => tarAtFar(scores, same, 1.5)).toThrow(/far/);
    expect(() => tarAtFar([0.1, 0.2], [true, true], 0.1)).toThrow(/both/);
  });
});

describe('summarize', () => {
  it('returns all metrics together', () => {
    const s = [0.9, 0.3, 0.6, 0.2, 0.8, 0.7, 0.4, 0.1];
    const y = [true, true, false, false, true, true, false, false];
    const f = [0, 0, 0, 0, 1, 1, 1, 1];
    const r = summarize(s, y, f, [0, 0.5]);
    expect(r.pairs).toBe(8);
    expect(r.samePairs).toBe(4);
    expect(r.bestAccuracy).toBe(bestAccuracy(s, y));
    expect(r.bestThreshold).toBe(bestThreshold(s, y).threshold);
    expect(r.foldAccuracy).toEqual(foldAccuracy(s, y, f));
    expect(r.tarAtFar).toEqual([tarAtFar(s, y, 0), tarAtFar(s, y, 0.5)]);
  });
});
