/**
 * In-memory face gallery: every template lives in one contiguous Float32Array
 * (count × dim) with a parallel owner table; several templates per person.
 * Similarity is cosine = dot product of L2-normalised vectors.
 *
 * Search goes through a quantized copy (search.ts) and an exact re-rank of every template the
 * copy cannot rule out, which gives exactly the full float32 scan's answer, 4× faster at 100,000
 * templates and already 1.7× at 100 (README, "1:N search").
 *
 * Framework-free; runs in a window or a Web Worker.
 */
import { QuantizedTemplates, dotRow } from './search';

/**
 * The 1:1 threshold on cosine similarity (embeddings with the mirrored crop added): a gallery of
 * one person. From `npm run eval` on lfw-dev: the thresholds chosen on each 4-fold split were
 * 0.378–0.380; at 0.38 there were 3 false accepts and 17 false rejects in 3,000 pairs (README).
 */
export const DEFAULT_MATCH_THRESHOLD = 0.38;

/** How much the threshold rises per tenfold growth of the gallery (see thresholdForGallery). */
export const THRESHOLD_PER_DECADE = 0.085;

/**
 * The open-set threshold for a gallery of `people` people: the app's default, and `npm run
 * eval`'s for one person (a pair). A stranger is compared with everyone, so the chance that
 * somebody scores above a fixed threshold grows with the gallery: on lfw-dev's identification
 * protocol, 0.38 returned somebody for 48% of strangers with 100 people enrolled and 97% with
 * 746. The threshold that keeps that share (FPIR) at 1% grows about linearly in log10(people)
 * (0.35 for 1 person, 0.47 for 10, 0.54 for 100, 0.61 for 746), so the rule is
 * 0.38 + 0.085 · log10(people): the smallest slope, in steps of 0.005, whose mean FPIR stays at or
 * under 1% for every sub-gallery size measured (3 to 746 people; `npm run eval:identify -- --fit`).
 */
export function thresholdForGallery(people: number): number {
  return DEFAULT_MATCH_THRESHOLD + THRESHOLD_PER_DECADE * Math.log10(Math.max(1, people));
}

/** Default embedding length. */
export const DEFAULT_EMBEDDING_DIM = 192;

export interface SearchHit {
  personId: string;
  /** Best cosine similarity over this person's templates. */
  similarity: number;
  /** Index (into the gallery) of the best-matching template. */
  templateIndex: number;
}

export interface Identification {
  /** The matched person, or null when the best similarity is below the threshold (unknown). */
  personId: string | null;
  /** Nearest person regardless of the threshold (null only for an empty gallery). */
  nearestPersonId: string | null;
  /** Best similarity (−Infinity for an empty gallery). */
  similarity: number;
  /** Second-best distinct person, if any. */
  runnerUp?: { personId: string; similarity: number };
}

/** Cosine similarity of two embeddings of any scale (0 when either is a zero vector). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i] ?? 0;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** Returns an L2-normalised copy of `v`; throws on wrong length, non-finite values or a zero vector. */
export function normalizeEmbedding(v: ArrayLike<number>, dim: number): Float32Array {
  const out = new Float32Array(dim);
  normalizeInto(v, dim, out, 0);
  return out;
}

/** Writes the L2-normalised `v` into `out` at `offset`; throws (writing nothing) on bad input. */
function normalizeInto(v: ArrayLike<number>, dim: number, out: Float32Array, offset: number): void {
  if (v.length !== dim) throw new Error(`embedding has length ${v.length}, expected ${dim}`);
  let ss = 0;
  for (let i = 0; i < dim; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x)) throw new Error(`embedding has a non-finite value at ${i}`);
    ss += x * x;
  }
  if (!(ss > 1e-20)) throw new Error('embedding is a zero vector');
  const inv = 1 / Math.sqrt(ss);
  for (let i = 0; i < dim; i++) out[offset + i] = v[i]! * inv;
}

/** The `k` best person slots by `best` (ties: lower slot first), best first. A size-k heap: no sort of all persons. */
function topSlots(best: Float64Array, k: number): number[] {
  // Min-heap of slots; root = weakest of the current top-k.
  const heap: number[] = [];
  const less = (s: number, t: number) => best[s]! < best[t]! || (best[s] === best[t] && s > t);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let s = 0; s < best.length; s++) {
    if (heap.length < k) {
      heap.push(s);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!less(heap[i]!, heap[p]!)) break;
        [heap[i], heap[p]] = [heap[p]!, heap[i]!];
        i = p;
      }
    } else if (less(heap[0]!, s)) {
      heap[0] = s;
      siftDown(0);
    }
  }
  return heap.sort((s, t) => (less(s, t) ? 1 : less(t, s) ? -1 : 0));
}

/** One template to enrol: `Gallery.addMany` takes what `VisageDb.allTemplates` returns. */
export interface TemplateEntry {
  personId: string;
  embedding: ArrayLike<number>;
}

export class Gallery {
  readonly dim: number;
  /** count × dim templates, row-major; capacity grows by doubling. */
  private data: Float32Array;
  /** Person slot of each template. */
  private owners: Int32Array;
  private count = 0;
  /** Person id of each slot, and slot of each id. Slots are dense: 0..personIds.length-1. */
  private personIds: string[] = [];
  private slotOf = new Map<string, number>();
  private templatesPerSlot: number[] = [];
  /** The same templates quantized, kept in step on every change. */
  private readonly quantized: QuantizedTemplates;
  /** Scratch of the quantized search: one integer score per template. */
  private scores = new Float64Array(0);

  constructor(dim = DEFAULT_EMBEDDING_DIM, initialCapacity = 64) {
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`invalid embedding dim ${dim}`);
    this.dim = dim;
    const cap = Math.max(1, Math.floor(initialCapacity));
    this.data = new Float32Array(cap * dim);
    this.owners = new Int32Array(cap);
    this.quantized = new QuantizedTemplates(dim, cap);
  }

  /** Number of templates. */
  get size(): number {
    return this.count;
  }

  /** Number of allocated template rows. */
  get capacity(): number {
    return this.owners.length;
  }

  /** Distinct person ids, in order of first enrolment. */
  get persons(): string[] {
    return this.personIds.slice();
  }

  /** Number of distinct people. */
  get personCount(): number {
    return this.slotOf.size;
  }

  has(personId: string): boolean {
    return this.slotOf.has(personId);
  }

  /** Number of templates enrolled for `personId`. */
  templateCount(personId: string): number {
    const slot = this.slotOf.get(personId);
    return slot === undefined ? 0 : this.templatesPerSlot[slot]!;
  }

  /** Copy of template `index` and its owner. */
  template(index: number): { personId: string; embedding: Float32Array } {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new Error(`template index ${index} out of range [0, ${this.count})`);
    }
    const embedding = this.data.slice(index * this.dim, (index + 1) * this.dim);
    return { personId: this.personIds[this.owners[index]!]!, embedding };
  }

  /** Enrol one template for `personId` (normalised defensively). Returns its template index. */
  add(personId: string, embedding: ArrayLike<number>): number {
    return this.addMany([{ personId, embedding }]);
  }

  /**
   * Enrol many templates at once, e.g. the whole gallery at start-up: storage grows once, and
   * nothing is added if any entry is invalid. Returns the index of the first one.
   */
  addMany(entries: ArrayLike<TemplateEntry>): number {
    const n = entries.length;
    const first = this.count;
    this.reserve(first + n);
    // Validate and normalise everything into the free rows before changing any state.
    for (let i = 0; i < n; i++) {
      const { personId, embedding } = entries[i]!;
      if (typeof personId !== 'string' || personId === '') throw new Error('personId must be a non-empty string');
      normalizeInto(embedding, this.dim, this.data, (first + i) * this.dim);
    }
    for (let i = 0; i < n; i++) {
      const personId = entries[i]!.personId;
      let slot = this.slotOf.get(personId);
      if (slot === undefined) {
        slot = this.personIds.length;
        this.personIds.push(personId);
        this.templatesPerSlot.push(0);
        this.slotOf.set(personId, slot);
      }
      this.owners[first + i] = slot;
      this.templatesPerSlot[slot]!++;
      this.quantized.append(this.data, (first + i) * this.dim);
    }
    this.count += n;
    return first;
  }

  /** Remove all templates of `personId`, compacting storage (order preserved). Returns how many were removed. */
  removePerson(personId: string): number {
    const slot = this.slotOf.get(personId);
    if (slot === undefined) return 0;
    const { dim, data, owners } = this;
    const firstRemoved = owners.subarray(0, this.count).indexOf(slot);
    let w = firstRemoved;
    for (let r = firstRemoved; r < this.count; r++) {
      const o = owners[r]!;
      if (o === slot) continue;
      if (w !== r) data.copyWithin(w * dim, r * dim, (r + 1) * dim);
      owners[w] = o > slot ? o - 1 : o; // slots above the removed one shift down
      w++;
    }
    for (let r = 0; r < firstRemoved; r++) if (owners[r]! > slot) owners[r]!--;
    const removed = this.count - w;
    this.count = w;
    // Templates before the first removed one kept their place; the rest are quantized again.
    this.quantized.truncate(firstRemoved, data);
    for (let r = firstRemoved; r < w; r++) this.quantized.append(data, r * dim);
    this.personIds.splice(slot, 1);
    this.templatesPerSlot.splice(slot, 1);
    this.slotOf.delete(personId);
    for (let s = slot; s < this.personIds.length; s++) this.slotOf.set(this.personIds[s]!, s);
    return removed;
  }

  /** Remove everything (keeps the allocated capacity). */
  clear(): void {
    this.count = 0;
    this.quantized.truncate(0, this.data);
    this.personIds = [];
    this.templatesPerSlot = [];
    this.slotOf.clear();
  }

  /**
   * Top-`k` distinct persons by their best template's cosine similarity to `query`, best first.
   * Exactly the answer of `searchExact` (same persons, order, similarities and template
   * indices), through the quantized scan and an exact re-rank.
   */
  search(query: ArrayLike<number>, k = 1): SearchHit[] {
    checkK(k);
    const q = normalizeEmbedding(query, this.dim);
    if (k === 0 || this.personIds.length === 0) return [];
    // With k ≥ persons every person's best template is needed: only a full scan finds them all.
    return k >= this.personIds.length ? this.scanExact(q, k) : this.scanQuantized(q, k);
  }

  /** `search` by a full scan of the float32 templates: the reference the quantized search must match. */
  searchExact(query: ArrayLike<number>, k = 1): SearchHit[] {
    checkK(k);
    const q = normalizeEmbedding(query, this.dim);
    if (k === 0 || this.personIds.length === 0) return [];
    return this.scanExact(q, k);
  }

  /** Open-set identification: known iff the best similarity ≥ `threshold`. */
  identify(query: ArrayLike<number>, threshold = DEFAULT_MATCH_THRESHOLD): Identification {
    const [first, second] = this.search(query, 2);
    if (!first) return { personId: null, nearestPersonId: null, similarity: -Infinity };
    const result: Identification = {
      personId: first.similarity >= threshold ? first.personId : null,
      nearestPersonId: first.personId,
      similarity: first.similarity,
    };
    if (second) result.runnerUp = { personId: second.personId, similarity: second.similarity };
    return result;
  }

  /** One pass over the templates (best per person, the first template on ties), then the top k. */
  private scanExact(q: Float32Array, k: number): SearchHit[] {
    const nPersons = this.personIds.length;
    const best = new Float64Array(nPersons).fill(-Infinity);
    const bestIdx = new Int32Array(nPersons);
    const { dim, data, owners } = this;
    for (let r = 0, off = 0; r < this.count; r++, off += dim) {
      const dot = dotRow(data, off, q, dim);
      const o = owners[r]!;
      if (dot > best[o]!) {
        best[o] = dot;
        bestIdx[o] = r;
      }
    }
    return topSlots(best, k).map((s) => this.hit(s, best[s]!, bestIdx[s]!));
  }

  /**
   * The quantized scan, then an exact re-rank of every template that could be among the answer.
   * 1. Integer scores for all templates; score / scale² is the exact similarity to within ±bound.
   * 2. The k persons with the best scores (k < persons): the least exact similarity of their
   *    best-scored templates is a lower bound `floor` on the full scan's k-th best person.
   * 3. A template whose exact similarity is ≥ floor scores ≥ floor − bound: all those are
   *    re-ranked exactly (typically a few dozen). That includes, for each person of the full
   *    scan's top k, every template that could be their best (ties too); every other template is
   *    below floor. So the top k of the re-ranked templates is exactly the full scan's answer.
   */
  private scanQuantized(q: Float32Array, k: number): SearchHit[] {
    const { dim, data, owners, count } = this;
    if (this.scores.length < QuantizedTemplates.scoresLength(count)) {
      this.scores = new Float64Array(QuantizedTemplates.scoresLength(this.capacity));
    }
    const scores = this.scores;
    const bound = this.quantized.scan(q, scores);

    // Step 2: a k-entry list of (person, best score, its template); entries change rarely.
    const slots: number[] = [], top: number[] = [], topIdx: number[] = [];
    let weakest = -Infinity; // the list's lowest score once it is full
    for (let t = 0; t < count; t++) {
      const s = scores[t]!;
      if (s <= weakest) continue;
      const o = owners[t]!;
      let at = slots.indexOf(o);
      if (at < 0 && slots.length < k) at = slots.push(o) - 1;
      else if (at < 0) at = top.indexOf(weakest);
      else if (s <= top[at]!) continue;
      slots[at] = o;
      top[at] = s;
      topIdx[at] = t;
      if (slots.length === k) weakest = Math.min(...top);
    }
    let floor = Infinity;
    for (const t of topIdx) floor = Math.min(floor, dotRow(data, t * dim, q, dim));

    // Step 3: best exact similarity per person over the re-ranked templates, in index order so
    // that ties keep the first template, as the full scan does.
    const minScore = (floor - bound) * this.quantized.scale ** 2;
    const best = new Map<number, { similarity: number; templateIndex: number }>();
    for (let t = 0; t < count; t++) {
      if (scores[t]! < minScore) continue;
      const similarity = dotRow(data, t * dim, q, dim);
      const o = owners[t]!;
      const b = best.get(o);
      if (!b) best.set(o, { similarity, templateIndex: t });
      else if (similarity > b.similarity) Object.assign(b, { similarity, templateIndex: t });
    }
    return [...best]
      .sort(([s, a], [t, b]) => b.similarity - a.similarity || s - t)
      .slice(0, k)
      .map(([s, b]) => this.hit(s, b.similarity, b.templateIndex));
  }

  private hit(slot: number, similarity: number, templateIndex: number): SearchHit {
    return { personId: this.personIds[slot]!, similarity, templateIndex };
  }

  /** Room for `capacity` templates: at least double the current one, so that adding one by one stays linear. */
  private reserve(capacity: number): void {
    if (capacity <= this.capacity) return;
    const cap = Math.max(capacity, this.capacity * 2);
    const data = new Float32Array(cap * this.dim);
    data.set(this.data.subarray(0, this.count * this.dim));
    const owners = new Int32Array(cap);
    owners.set(this.owners.subarray(0, this.count));
    this.data = data;
    this.owners = owners;
    this.quantized.reserve(cap);
  }
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 0) throw new Error(`k must be a non-negative integer, got ${k}`);
}
