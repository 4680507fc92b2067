/** The figures `npm run eval:antispoof` reports for each model, with scores oriented "higher = attack". */
import type { ImageSet } from './antispoof-sets.ts';
import { atBpcer, apcerAt, bpcerAt, equalErrorRate, rocAuc, summary } from './pad-metrics.ts';

export interface Scored {
  set: string;
  /** The model's own output (see `scale`). */
  score: number;
}

export interface ModelReport {
  file: string;
  source: string;
  input: string;
  scale: string;
  rule: string;
  msPerCrop: number;
  scored: Scored[];
  /** Native score → "higher = attack". */
  toAttack: (s: number) => number;
  fromAttack: (a: number) => number;
}

const r4 = (x: number | null) => (x === null || Number.isNaN(x) ? null : Math.round(x * 1e4) / 1e4);

/** The figures of one model, over the bona fide and attack pools of `sets`. */
export function figures(m: ModelReport, sets: ImageSet[]) {
  const by = (name: string) => m.scored.filter((s) => s.set === name).map((s) => s.score);
  const bonafide = sets.filter((s) => s.label === 'bonafide').flatMap((s) => by(s.name).map(m.toAttack));
  const attacks = sets.filter((s) => s.label === 'attack').flatMap((s) => by(s.name).map(m.toAttack));
  const at5 = atBpcer(bonafide, attacks, 0.05);
  const eer = equalErrorRate(bonafide, attacks);
  return {
    file: m.file,
    source: m.source,
    input: m.input,
    scale: m.scale,
    msPerCrop: Math.round(m.msPerCrop),
    bonafideCrops: bonafide.length,
    attackCrops: attacks.length,
    distribution: Object.fromEntries(
      sets.map((s) => {
        const d = summary(by(s.name));
        return [s.name, { label: s.label, n: d.n, min: r4(d.min), median: r4(d.median), max: r4(d.max) }];
      }),
    ),
    auc: r4(rocAuc(bonafide, attacks)),
    aucPerAttackSet: Object.fromEntries(sets.filter((s) => s.label === 'attack').map((s) => [s.name, r4(rocAuc(bonafide, by(s.name).map(m.toAttack)))])),
    atBpcer5: {
      threshold: r4(m.fromAttack(at5.threshold)),
      rule: m.rule.replace('T', String(r4(m.fromAttack(at5.threshold)))),
      bpcer: r4(at5.bpcer),
      apcer: r4(at5.apcer),
      apcerPerSet: Object.fromEntries(sets.filter((s) => s.label === 'attack').map((s) => [s.name, r4(apcerAt(by(s.name).map(m.toAttack), at5.threshold))])),
      bpcerPerSet: Object.fromEntries(sets.filter((s) => s.label !== 'attack').map((s) => [s.name, r4(bpcerAt(by(s.name).map(m.toAttack), at5.threshold))])),
    },
    eer: { eer: r4(eer.eer), threshold: r4(m.fromAttack(eer.threshold)), apcer: r4(eer.apcer), bpcer: r4(eer.bpcer) },
  };
}
