/**
 * In-memory face gallery: every template lives in one contiguous Float32Array
 * (count × dim) with a parallel owner table; several templates per person.
 * Similarity is cosine = dot product of L2-normalised vectors (matcher.ts).
 *
 * Search goes through a quantized copy (search-simd.ts, or search.ts without WebAssembly SIMD)
 * and an exact re-rank of every template the copy cannot rule out (gallery-scan.ts), which gives
 * exactly the full float32 scan's answer, about 20× faster at 100,000 templates (README, "1:N search").
 *
 * Framework-free; runs in a window or a Web Worker.
 */
import { quantizedTemplates, scanExact, scanQuantized, type ScanKind, type SlotHit, type TemplateRows } from './gallery-scan';
import { DEFAULT_MATCH_THRESHOLD, normalizeEmbedding, normalizeInto } from './matcher';
import { DEFAULT_MODEL_SPEC } from './model-spec';
import { scanScoresLength, type TemplateScan } from './search';

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
  private readonly quantized: TemplateScan;
  /** Scratch of the quantized search: one score per template. */
  private scores = new Float64Array(0);

  /** `scan`: which quantized scan to keep (gallery-scan.ts; tests and the bench choose). */
  constructor(dim = DEFAULT_MODEL_SPEC.dim, initialCapacity = 64, scan: ScanKind = 'auto') {
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`invalid embedding dim ${dim}`);
    this.dim = dim;
    const cap = Math.max(1, Math.floor(initialCapacity));
    this.data = new Float32Array(cap * dim);
    this.owners = new Int32Array(cap);
    this.quantized = quantizedTemplates(dim, cap, scan);
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

  /** One pass over the float32 templates. */
  private scanExact(q: Float32Array, k: number): SearchHit[] {
    return scanExact(this.rows(), q, k).map((h) => this.hit(h));
  }

  /** The quantized scan and an exact re-rank (gallery-scan.ts). */
  private scanQuantized(q: Float32Array, k: number): SearchHit[] {
    if (this.scores.length < scanScoresLength(this.count)) {
      this.scores = new Float64Array(scanScoresLength(this.capacity));
    }
    return scanQuantized(this.rows(), this.quantized, this.scores, q, k).map((h) => this.hit(h));
  }

  private rows(): TemplateRows {
    return { dim: this.dim, data: this.data, owners: this.owners, count: this.count, persons: this.personIds.length };
  }

  private hit({ slot, similarity, templateIndex }: SlotHit): SearchHit {
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
