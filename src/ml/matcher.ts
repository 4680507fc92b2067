/**
 * In-memory face gallery: every template lives in one contiguous Float32Array
 * (count × dim) with a parallel owner table; several templates per person.
 * Similarity is cosine = dot product of L2-normalised vectors.
 *
 * Framework-free; runs in a window or a Web Worker.
 */

/**
 * Open-set acceptance threshold on cosine similarity (embeddings with the mirrored crop added).
 * From `npm run eval` on lfw-dev: the thresholds chosen on each 4-fold split were 0.378–0.380;
 * at 0.38 there were 3 false accepts and 17 false rejects in 3,000 pairs (README).
 */
export const DEFAULT_MATCH_THRESHOLD = 0.38;

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

/** Returns an L2-normalised copy of `v`; throws on wrong length, non-finite values or a zero vector. */
export function normalizeEmbedding(v: ArrayLike<number>, dim: number): Float32Array {
  if (v.length !== dim) throw new Error(`embedding has length ${v.length}, expected ${dim}`);
  let ss = 0;
  for (let i = 0; i < dim; i++) {
    const x = v[i]!;
    if (!Number.isFinite(x)) throw new Error(`embedding has a non-finite value at ${i}`);
    ss += x * x;
  }
  if (!(ss > 1e-20)) throw new Error('embedding is a zero vector');
  const inv = 1 / Math.sqrt(ss);
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = v[i]! * inv;
  return out;
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

  constructor(dim = DEFAULT_EMBEDDING_DIM, initialCapacity = 64) {
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`invalid embedding dim ${dim}`);
    this.dim = dim;
    const cap = Math.max(1, Math.floor(initialCapacity));
    this.data = new Float32Array(cap * dim);
    this.owners = new Int32Array(cap);
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
    if (typeof personId !== 'string' || personId === '') throw new Error('personId must be a non-empty string');
    const v = normalizeEmbedding(embedding, this.dim);
    if (this.count === this.capacity) this.grow();
    let slot = this.slotOf.get(personId);
    if (slot === undefined) {
      slot = this.personIds.length;
      this.personIds.push(personId);
      this.templatesPerSlot.push(0);
      this.slotOf.set(personId, slot);
    }
    this.data.set(v, this.count * this.dim);
    this.owners[this.count] = slot;
    this.templatesPerSlot[slot]!++;
    return this.count++;
  }

  /** Remove all templates of `personId`, compacting storage (order preserved). Returns how many were removed. */
  removePerson(personId: string): number {
    const slot = this.slotOf.get(personId);
    if (slot === undefined) return 0;
    const { dim, data, owners } = this;
    let w = 0;
    for (let r = 0; r < this.count; r++) {
      const o = owners[r]!;
      if (o === slot) continue;
      if (w !== r) data.copyWithin(w * dim, r * dim, (r + 1) * dim);
      owners[w] = o > slot ? o - 1 : o; // slots above the removed one shift down
      w++;
    }
    const removed = this.count - w;
    this.count = w;
    this.personIds.splice(slot, 1);
    this.templatesPerSlot.splice(slot, 1);
    this.slotOf.delete(personId);
    for (let s = slot; s < this.personIds.length; s++) this.slotOf.set(this.personIds[s]!, s);
    return removed;
  }

  /** Remove everything (keeps the allocated capacity). */
  clear(): void {
    this.count = 0;
    this.personIds = [];
    this.templatesPerSlot = [];
    this.slotOf.clear();
  }

  /**
   * Top-`k` distinct persons by their best template's cosine similarity to
   * `query`, best first. One pass over the templates, then a size-k heap over persons.
   */
  search(query: ArrayLike<number>, k = 1): SearchHit[] {
    if (!Number.isInteger(k) || k < 0) throw new Error(`k must be a non-negative integer, got ${k}`);
    const q = normalizeEmbedding(query, this.dim);
    const nPersons = this.personIds.length;
    if (k === 0 || nPersons === 0) return [];

    const best = new Float64Array(nPersons).fill(-Infinity);
    const bestIdx = new Int32Array(nPersons);
    const { dim, data, owners } = this;
    for (let r = 0, off = 0; r < this.count; r++, off += dim) {
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += data[off + j]! * q[j]!;
      const o = owners[r]!;
      if (dot > best[o]!) {
        best[o] = dot;
        bestIdx[o] = r;
      }
    }

    // Min-heap of person slots keyed by best similarity; root = weakest of the current top-k.
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
    for (let s = 0; s < nPersons; s++) {
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
    heap.sort((s, t) => (less(s, t) ? 1 : less(t, s) ? -1 : 0));
    return heap.map((s) => ({ personId: this.personIds[s]!, similarity: best[s]!, templateIndex: bestIdx[s]! }));
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

  private grow(): void {
    const cap = this.capacity * 2;
    const data = new Float32Array(cap * this.dim);
    data.set(this.data.subarray(0, this.count * this.dim));
    const owners = new Int32Array(cap);
    owners.set(this.owners.subarray(0, this.count));
    this.data = data;
    this.owners = owners;
  }
}
