import { describe, expect, it } from 'vitest';
import { Gallery } from '../../src/ml/gallery.ts';
import { parseProtocol, rates, sample, searchAll, thresholdAtFpir, viewGroups, withDistractors, type SearchOutcome } from './identification.ts';
import { rng } from './rng.ts';

/** A unit vector in the x–y plane at `deg` degrees from x (so its cosine to x is cos(deg)). */
const at = (deg: number) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180), 0];

describe('identification protocol files', () => {
  it('reads person<TAB>path lines, UNKNOWN as a stranger, skipping blanks and comments', () => {
    expect(parseProtocol('# header\nAnn\tAnn/Ann_0001.jpg\r\n\nUNKNOWN\tZed/Zed_0001.jpg\n', 'probes')).toEqual([
      { person: 'Ann', path: 'Ann/Ann_0001.jpg' },
      { person: null, path: 'Zed/Zed_0001.jpg' },
    ]);
  });

  it('names the bad line', () => {
    expect(() => parseProtocol('Ann\tAnn/1.jpg\nBob Bob/1.jpg\n', 'gallery')).toThrow(/gallery line 2: expected "person<TAB>path"/);
    expect(() => parseProtocol('UNKNOWN\tx.jpg\n', 'gallery')).toThrow(/UNKNOWN cannot be enrolled/);
    expect(() => parseProtocol('\n# nothing\n', 'probes')).toThrow(/no entries/);
  });
});

describe('a larger protocol from the same photos', () => {
  const gallery = parseProtocol('ann\tann/ann_1.jpg\nbob\tbob/bob_1.jpg\n', 'gallery');
  const probes = parseProtocol('ann\tann/ann_2.jpg\nUNKNOWN\tcy/cy_1.jpg\nUNKNOWN\tdi/di_1.jpg\nUNKNOWN\ted/ed_1.jpg\n', 'probes');

  it('enrols some strangers under their folder name and stops searching for them; mated probes stay', () => {
    const out = withDistractors(gallery, probes, 2, rng(1));
    expect(out.gallery).toHaveLength(4);
    const added = out.gallery.slice(2);
    for (const d of added) expect(d.path.startsWith(`${d.person}/`)).toBe(true);
    expect(out.probes).toHaveLength(2);
    expect(out.probes.filter((p) => p.person === null)).toHaveLength(1);
    expect(out.probes).toContainEqual({ person: 'ann', path: 'ann/ann_2.jpg' });
    // Every photo keeps one role: no distractor is also searched as a stranger.
    expect(out.probes.some((p) => added.some((d) => d.path === p.path))).toBe(false);
  });

  it('refuses more distractors than strangers, and a stranger whose folder is an enrolled person', () => {
    expect(() => withDistractors(gallery, probes, 4, rng(1))).toThrow(/only 3 strangers/);
    const clash = parseProtocol('UNKNOWN\tbob/bob_9.jpg\n', 'probes');
    expect(() => withDistractors(gallery, clash, 1, rng(1))).toThrow(/enrolled person/);
  });
});

describe('several views of one face', () => {
  it('groups each person’s mated probes n at a time, averages them as unit vectors, leaves strangers and remainders out', () => {
    const probes = [
      { person: 'ann', embedding: [2, 0] },
      { person: null, embedding: [0, 1] },
      { person: 'ann', embedding: [0, 3] },
      { person: 'ann', embedding: [1, 0] },
      { person: 'bob', embedding: [0, 1] },
    ];
    const groups = viewGroups(probes, 2);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.person).toBe('ann');
    expect(groups[0]!.members).toEqual([0, 2]);
    expect(groups[0]!.embedding[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(groups[0]!.embedding[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(viewGroups(probes, 1)).toHaveLength(4);
  });
});

describe('FPIR, FNIR, wrong identities', () => {
  // Ann at 0°, Bob at 90° (two templates: 90° and 80°); cosines are cos(angle between).
  const gallery = new Gallery(3);
  gallery.addMany([
    { personId: 'Ann', embedding: at(0) },
    { personId: 'Bob', embedding: at(90) },
    { personId: 'Bob', embedding: at(80) },
  ]);
  const probes = [
    { person: 'Ann', embedding: at(10) }, // Ann, cos 10° = 0.985: a hit
    { person: 'Ann', embedding: at(60) }, // nearer Bob's 80° (cos 20° = 0.94): a wrong identity
    { person: 'Bob', embedding: at(150) }, // Bob's best is 90° → cos 60° = 0.5, Ann cos 150° < 0
    { person: null, embedding: at(-30) }, // stranger near Ann: cos 30° = 0.866
    { person: null, embedding: at(200) }, // stranger far from all: best is Bob's 90°, cos 110° < 0
    { person: 'Cy', embedding: at(45) }, // not enrolled here: counts as a stranger (best: cos 35° = 0.819)
  ];
  const outcomes = searchAll(gallery, probes);

  it('searches with the best template per person', () => {
    expect(outcomes.map((o) => [o.truth, o.top])).toEqual([
      ['Ann', 'Ann'],
      ['Ann', 'Bob'],
      ['Bob', 'Bob'],
      [null, 'Ann'],
      [null, 'Bob'],
      [null, 'Bob'],
    ]);
    expect(outcomes[2]!.similarity).toBeCloseTo(0.5, 6);
  });

  it('counts at a threshold of 0.9', () => {
    // Mated: hit (0.985), wrong (0.94 ≥ 0.9), Bob below (0.5): FNIR 2/3, wrongId 1/3, rank-1 2/3.
    // Non-mated: 0.866, <0, 0.819: none returned.
    expect(rates(outcomes, 0.9)).toEqual({ mated: 3, nonMated: 3, fpir: 0, fnir: 2 / 3, wrongId: 1 / 3, rank1: 2 / 3 });
  });

  it('counts at a threshold of 0.8 and 0.4', () => {
    expect(rates(outcomes, 0.8)).toMatchObject({ fpir: 2 / 3, fnir: 2 / 3, wrongId: 1 / 3 });
    expect(rates(outcomes, 0.4)).toMatchObject({ fpir: 2 / 3, fnir: 1 / 3, wrongId: 1 / 3 });
  });

  it('finds the lowest threshold with FPIR at most the target', () => {
    const scores = (xs: number[]): SearchOutcome[] => xs.map((similarity) => ({ truth: null, top: 'X', similarity }));
    const ten = scores([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0]);
    // 10% of 10 strangers = 1 may pass: just above the second-highest score.
    const t = thresholdAtFpir(ten, 0.1);
    expect(t).toBeGreaterThan(0.8);
    expect(t).toBeLessThan(0.8 + 1e-12);
    expect(rates(ten, t).fpir).toBe(0.1);
    // Below one stranger's worth: nobody may pass.
    expect(rates(ten, thresholdAtFpir(ten, 0.01)).fpir).toBe(0);
    expect(thresholdAtFpir(ten, 1)).toBe(-Infinity);
  });

  it('draws sub-galleries without repeats, the same for the same seed', () => {
    const people = Array.from({ length: 50 }, (_, i) => `p${i}`);
    const a = sample(people, 20, rng(7));
    expect(new Set(a).size).toBe(20);
    expect(sample(people, 20, rng(7))).toEqual(a);
    expect(sample(people, 99, rng(7))).toHaveLength(50);
  });
});
