/**
 * `npm run eval:liveness`'s report: per attack type (from the sequence's name: `flat-…`,
 * `bent-…`, `replay-…`, `swap-…`, `screen-…`) the attacks accepted (APCER), the real people
 * refused (BPCER) with the held-out ones apart, each person's outcome, and how long a real person
 * took to pass (footage time). Pure: the evaluation gives it its results.
 */

export const ATTACK_TYPES = ['flat', 'bent', 'replay', 'swap', 'screen'] as const;
export type AttackType = (typeof ATTACK_TYPES)[number] | 'other';

export interface SequenceResult {
  name: string;
  label: 'bonafide' | 'attack';
  accepted: boolean;
  /** Why refused (a challenge's reason, or `no-hold`), with the wait hint for `no-hold`. */
  reason: string | null;
  hint: string | null;
  /** How long the held frame (the most frontal) was held before the footage (s). */
  heldSec: number;
  /** When the challenge started, in footage time (s; ≤ 0: during the held frame). */
  challengeAtSec: number | null;
  /** When the last move was done, in footage time (s). */
  passedAtSec: number | null;
}

export interface Rate {
  /** Accepted (attacks) or refused (real people). */
  errors: number;
  tried: number;
  /** errors / tried (null when none was tried). */
  rate: number | null;
}

export interface PassTimes {
  /** Footage time from the first frame of the footage to the pass (s): median and worst. */
  median: number | null;
  worst: number | null;
  /** The same with the held frame counted (the hold phase as the eval played it). */
  medianWithHold: number | null;
  worstWithHold: number | null;
}

export interface BonafideGroup extends Rate {
  people: string[];
  passTimes: PassTimes;
}

export interface LivenessSummary {
  apcer: Record<AttackType, Rate>;
  /** Every attack together. */
  apcerAll: Rate;
  /** Real people used for tuning (everyone not held out). */
  bpcer: BonafideGroup;
  /** Real people held out of every choice of threshold (`--holdout`). */
  bpcerHoldout: BonafideGroup;
  /** Every real person. */
  bpcerAll: BonafideGroup;
}

export function attackType(name: string): AttackType {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return ATTACK_TYPES.find((t) => base.startsWith(`${t}-`)) ?? 'other';
}

const r2 = (x: number) => Math.round(x * 100) / 100;

function rate(errors: number, tried: number): Rate {
  return { errors, tried, rate: tried ? Math.round((errors / tried) * 1e4) / 1e4 : null };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return r2(s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2);
}

function group(results: readonly SequenceResult[]): BonafideGroup {
  const passed = results.filter((r) => r.accepted && r.passedAtSec !== null);
  const times = passed.map((r) => r.passedAtSec!);
  const withHold = passed.map((r) => r.passedAtSec! + r.heldSec);
  return {
    ...rate(results.filter((r) => !r.accepted).length, results.length),
    people: results.map((r) => r.name),
    passTimes: {
      median: median(times),
      worst: times.length ? r2(Math.max(...times)) : null,
      medianWithHold: median(withHold),
      worstWithHold: withHold.length ? r2(Math.max(...withHold)) : null,
    },
  };
}

/** `holdout`: names (or name endings after `/`) of real people reported apart. */
export function summarize(results: readonly SequenceResult[], holdout: readonly string[]): LivenessSummary {
  const held = (r: SequenceResult) => holdout.some((h) => r.name === h || r.name.endsWith(`/${h}`));
  const attacks = results.filter((r) => r.label === 'attack');
  const bonafide = results.filter((r) => r.label === 'bonafide');
  const apcer = Object.fromEntries(
    [...ATTACK_TYPES, 'other' as const].map((t) => {
      const of = attacks.filter((r) => attackType(r.name) === t);
      return [t, rate(of.filter((r) => r.accepted).length, of.length)];
    }),
  ) as Record<AttackType, Rate>;
  return {
    apcer,
    apcerAll: rate(attacks.filter((r) => r.accepted).length, attacks.length),
    bpcer: group(bonafide.filter((r) => !held(r))),
    bpcerHoldout: group(bonafide.filter(held)),
    bpcerAll: group(bonafide),
  };
}

const pct = (r: Rate) => (r.rate === null ? '—' : `${r2(r.rate * 100)}%`);
const sec = (x: number | null) => (x === null ? '—' : `${x.toFixed(2)} s`);

function outcome(r: SequenceResult): string {
  if (r.accepted) return `accepted at ${sec(r.passedAtSec)}`;
  return `refused: ${r.reason ?? '?'}${r.hint ? ` (${r.hint})` : ''}`;
}

/** The report as text: a table per attack type, then the real people. */
export function formatReport(results: readonly SequenceResult[], s: LivenessSummary, holdout: readonly string[]): string {
  const lines = ['', '| attack type | accepted / tried | APCER | reasons |', '|---|---|---|---|'];
  for (const t of [...ATTACK_TYPES, 'other' as const]) {
    const rt = s.apcer[t];
    if (rt.tried === 0 && (t === 'other' || t === 'screen')) continue;
    const reasons = tally(results.filter((r) => r.label === 'attack' && attackType(r.name) === t && !r.accepted).map((r) => r.reason ?? '?'));
    lines.push(`| ${t} | ${rt.errors} / ${rt.tried} | ${pct(rt)} | ${reasons || '—'} |`);
  }
  lines.push(`| all attacks | ${s.apcerAll.errors} / ${s.apcerAll.tried} | ${pct(s.apcerAll)} | |`, '');
  lines.push('| real people | refused / tried | BPCER | time to pass: median, worst (footage) | with the held frame |', '|---|---|---|---|---|');
  const row = (label: string, g: BonafideGroup) => `| ${label} | ${g.errors} / ${g.tried} | ${pct(g)} | ${sec(g.passTimes.median)}, ${sec(g.passTimes.worst)} | ${sec(g.passTimes.medianWithHold)}, ${sec(g.passTimes.worstWithHold)} |`;
  lines.push(row(holdout.length ? 'tuning' : 'all', holdout.length ? s.bpcer : s.bpcerAll));
  if (holdout.length) lines.push(row('held out', s.bpcerHoldout), row('all', s.bpcerAll));
  lines.push('', '| person | outcome | challenge started | frontal frame held |', '|---|---|---|---|');
  for (const r of results.filter((x) => x.label === 'bonafide')) {
    const tag = holdout.some((h) => r.name === h || r.name.endsWith(`/${h}`)) ? ' (held out)' : '';
    lines.push(`| ${r.name}${tag} | ${outcome(r)} | ${sec(r.challengeAtSec)} | ${sec(r.heldSec)} |`);
  }
  return lines.join('\n');
}

function tally(xs: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
}
