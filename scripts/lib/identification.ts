/**
 * Open-set 1:N identification, measured as NIST does for 1:N search: every probe is searched
 * against the whole gallery (best template per person); a mated probe (an enrolled person) is a
 * hit when its own identity comes first at or above the threshold, a non-mated probe (a stranger)
 * is a false positive when anyone comes back at or above it.
 *
 * - FPIR: share of non-mated searches that return anyone.
 * - FNIR: share of mated searches that do not return their own identity at rank 1 above the
 *   threshold (a wrong person, or nobody).
 * - wrongId: share of mated searches answered with another enrolled person (the worst error).
 * - rank1: share of mated searches whose rank-1 person is right, whatever the threshold.
 */
import { Gallery } from '../../src/ml/gallery.ts';

/** One line of a protocol file: `person<TAB>path`; person null for `UNKNOWN` (a stranger). */
export interface ProtocolEntry {
  person: string | null;
  path: string;
}

export const UNKNOWN = 'UNKNOWN';

/** Parses `person<TAB>path` lines (blank lines and `#` comments skipped); throws naming the bad line. */
export function parseProtocol(text: string, what: 'gallery' | 'probes'): ProtocolEntry[] {
  const out: ProtocolEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const parts = line.split('\t');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new Error(`${what} line ${i + 1}: expected "person<TAB>path", got ${JSON.stringify(raw)}`);
    const [person, path] = parts as [string, string];
    if (person === UNKNOWN && what === 'gallery') throw new Error(`gallery line ${i + 1}: UNKNOWN cannot be enrolled`);
    out.push({ person: person === UNKNOWN ? null : person, path });
  });
  if (out.length === 0) throw new Error(`the ${what} file has no entries`);
  return out;
}

/** What one search returned: the rank-1 person and similarity, and who the probe really is. */
export interface SearchOutcome {
  /** The probe's identity if enrolled in this gallery; null for a non-mated search. */
  truth: string | null;
  top: string | null;
  similarity: number;
}

/** Searches every probe in `gallery` (rank 1, best template per person). */
export function searchAll(gallery: Gallery, probes: ReadonlyArray<{ person: string | null; embedding: ArrayLike<number> }>): SearchOutcome[] {
  return probes.map((p) => {
    const hit = gallery.search(p.embedding, 1)[0];
    return { truth: p.person !== null && gallery.has(p.person) ? p.person : null, top: hit?.personId ?? null, similarity: hit?.similarity ?? -Infinity };
  });
}

export interface Rates {
  mated: number;
  nonMated: number;
  fpir: number;
  fnir: number;
  wrongId: number;
  rank1: number;
}

export function rates(outcomes: readonly SearchOutcome[], threshold: number): Rates {
  let mated = 0, nonMated = 0, falsePositives = 0, misses = 0, wrong = 0, rank1 = 0;
  for (const o of outcomes) {
    const returned = o.top !== null && o.similarity >= threshold;
    if (o.truth === null) {
      nonMated++;
      if (returned) falsePositives++;
    } else {
      mated++;
      if (o.top === o.truth) rank1++;
      if (!(returned && o.top === o.truth)) misses++;
      if (returned && o.top !== o.truth) wrong++;
    }
  }
  const share = (n: number, of: number) => (of ? n / of : 0);
  return { mated, nonMated, fpir: share(falsePositives, nonMated), fnir: share(misses, mated), wrongId: share(wrong, mated), rank1: share(rank1, mated) };
}

/**
 * The lowest threshold whose FPIR is at most `fpir`: just above the (k+1)-th highest non-mated
 * score, k = ⌊fpir · nonMated⌋ (so exactly k strangers are returned, ties included).
 */
export function thresholdAtFpir(outcomes: readonly SearchOutcome[], fpir: number): number {
  const scores = outcomes.filter((o) => o.truth === null).map((o) => o.similarity).sort((a, b) => b - a);
  const k = Math.floor(fpir * scores.length + 1e-9);
  if (k >= scores.length) return -Infinity;
  // Just above the (k+1)-th: the next representable double.
  const s = scores[k]!;
  return s + Math.max(Math.abs(s), 1e-300) * Number.EPSILON;
}

/** `count` of `items` drawn without replacement by `random` (a partial Fisher–Yates shuffle). */
export function sample<T>(items: readonly T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/**
 * The protocol with `count` of its strangers (drawn with `random`) enrolled as distractors under
 * their photo's folder name (LFW's `Name/Name_0001.jpg`), no longer searched for: a larger gallery
 * from the same photos (scripts/identify-protocol.ts).
 */
export function withDistractors(gallery: readonly ProtocolEntry[], probes: readonly ProtocolEntry[], count: number, random: () => number): { gallery: ProtocolEntry[]; probes: ProtocolEntry[] } {
  const strangers = probes.filter((p) => p.person === null);
  if (count > strangers.length) throw new Error(`only ${strangers.length} strangers to enrol, ${count} asked`);
  const enrolled = new Set(gallery.map((g) => g.person));
  const chosen = new Set(sample(strangers, count, random));
  const distractors = [...chosen].map((p) => ({ person: p.path.includes('/') ? p.path.slice(0, p.path.lastIndexOf('/')) : '', path: p.path }));
  const clash = distractors.find((d) => !d.person || enrolled.has(d.person));
  if (clash) throw new Error(`stranger ${clash.path} has no folder of its own, or its folder is an enrolled person's`);
  return { gallery: [...gallery, ...distractors], probes: probes.filter((p) => !chosen.has(p)) };
}

/**
 * Several views of one face searched as one (issue 17: a live track sees many frames): each
 * enrolled person's mated probes, `views` at a time in file order (a remainder is left out), each
 * group's L2-normalised embeddings averaged and normalised again. `members`: the probes of each
 * group (to compare with searching them one by one).
 */
export function viewGroups(probes: ReadonlyArray<{ person: string | null; embedding: ArrayLike<number> }>, views: number): Array<{ person: string; embedding: Float32Array; members: number[] }> {
  const byPerson = new Map<string, number[]>();
  probes.forEach((p, i) => {
    if (p.person !== null) byPerson.set(p.person, [...(byPerson.get(p.person) ?? []), i]);
  });
  const unit = (v: ArrayLike<number>) => {
    const n = Math.hypot(...Array.from(v)) || 1;
    return Array.from(v, (x) => x / n);
  };
  const out: Array<{ person: string; embedding: Float32Array; members: number[] }> = [];
  for (const [person, idx] of byPerson) {
    for (let k = 0; k + views <= idx.length; k += views) {
      const members = idx.slice(k, k + views);
      const sum = members.map((i) => unit(probes[i]!.embedding)).reduce((a, b) => a.map((x, j) => x + b[j]!));
      out.push({ person, embedding: Float32Array.from(unit(sum)), members });
    }
  }
  return out;
}
