/**
 * The gallery's two searches over its templates (gallery.ts): the exact full scan, and the
 * quantized scan (search.ts) with an exact re-rank of what it cannot rule out, which gives the
 * full scan's answer exactly. Both return the top k person slots, best first.
 *
 * Framework-free; runs in a window or a Web Worker.
 */
import { LaneTemplates, dotRow, type TemplateScan } from './search';
import { SimdTemplates, simdScanSupported } from './search-simd';

/** Which quantized scan a gallery keeps: 'auto' is the SIMD one wherever WebAssembly SIMD runs. */
export type ScanKind = 'auto' | 'simd' | 'lanes';

export function quantizedTemplates(dim: number, capacity: number, kind: ScanKind = 'auto'): TemplateScan {
  return kind === 'simd' || (kind === 'auto' && simdScanSupported()) ? new SimdTemplates(dim, capacity) : new LaneTemplates(dim, capacity);
}

/** The gallery's float32 templates, as the scans read them. */
export interface TemplateRows {
  dim: number;
  /** `count` × `dim` L2-normalised templates, row-major. */
  data: Float32Array;
  /** Person slot of each template. */
  owners: Int32Array;
  count: number;
  /** Number of person slots: 0..persons-1. */
  persons: number;
}

/** A person slot's best template and its similarity to the query. */
export interface SlotHit {
  slot: number;
  similarity: number;
  templateIndex: number;
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

/** One pass over the templates (best per person, the first template on ties), then the top k. */
export function scanExact(rows: TemplateRows, q: Float32Array, k: number): SlotHit[] {
  const nPersons = rows.persons;
  const best = new Float64Array(nPersons).fill(-Infinity);
  const bestIdx = new Int32Array(nPersons);
  const { dim, data, owners } = rows;
  for (let r = 0, off = 0; r < rows.count; r++, off += dim) {
    const dot = dotRow(data, off, q, dim);
    const o = owners[r]!;
    if (dot > best[o]!) {
      best[o] = dot;
      bestIdx[o] = r;
    }
  }
  return topSlots(best, k).map((s) => ({ slot: s, similarity: best[s]!, templateIndex: bestIdx[s]! }));
}

/**
 * The quantized scan, then an exact re-rank of every template that could be among the answer
 * (`scores`: scratch of at least `scanScoresLength(count)`, search.ts).
 * 1. Scores for all templates: each is the exact similarity to within ±bound.
 * 2. The k persons with the best scores (k < persons): the least exact similarity of their
 *    best-scored templates is a lower bound `floor` on the full scan's k-th best person.
 * 3. A template whose exact similarity is ≥ floor scores ≥ floor − bound: all those are
 *    re-ranked exactly (typically a few dozen). That includes, for each person of the full
 *    scan's top k, every template that could be their best (ties too); every other template is
 *    below floor. So the top k of the re-ranked templates is exactly the full scan's answer.
 */
export function scanQuantized(rows: TemplateRows, quantized: TemplateScan, scores: Float64Array, q: Float32Array, k: number): SlotHit[] {
  const { dim, data, owners, count } = rows;
  const bound = quantized.scan(q, scores);

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
  const minScore = floor - bound;
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
    .map(([s, b]) => ({ slot: s, similarity: b.similarity, templateIndex: b.templateIndex }));
}
