/**
 * Quantized copy of the gallery's templates scanned with WebAssembly SIMD (scan-simd.wat): one
 * int8 per value, so a scan of 100,000 × 512 values reads 51 MB instead of the 137 MB of the
 * float64 lanes (search.ts), and 16 values go through each multiply. Measured in Node 20 on the
 * 2-core test machine, a search (top 2, re-rank included) among 100,000 × 512: with the float64
 * lanes 10.0 ms, with this scan 2.7 ms (README, "1:N search"). Used wherever WebAssembly SIMD
 * validates; the lanes otherwise.
 *
 * Each template has its own scale, s = 127 / (its largest |value|), so that its values use the
 * whole int8 range; the query is scaled to QUERY_MAX. A template's score x̂·q̂ / (s · s_q) is then
 * its cosine similarity to within the bound `scan` returns (same reasoning as search.ts).
 *
 * Framework-free; runs in a window or a Web Worker.
 */
import { SCAN_SIMD_WASM } from './generated/scan-simd';
import type { TemplateScan } from './search';

/** Templates a block holds: the kernel scores four at once. */
const BLOCK = 4;
/** The kernel's chunk: 16 values. Templates are padded with zeros to whole chunks. */
const CHUNK = 16;
/** int8 range used by a template. */
const TEMPLATE_MAX = 127;
/**
 * int16 range used by the query: |x̂·q̂| ≤ ‖x̂‖‖q̂‖ ≤ 127 · 8,191 · dim stays below 2³¹ up to
 * MAX_DIM, so no int32 sum in the kernel overflows.
 */
const QUERY_MAX = 8191;
const MAX_DIM = 2048;
const PAGE = 65536;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is not supported (compiled once). */
function kernel(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = Uint8Array.from(atob(SCAN_SIMD_WASM), (c) => c.charCodeAt(0));
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Whether this runtime can run the SIMD scan. */
export function simdScanSupported(): boolean {
  return kernel() !== null;
}

interface Exports {
  memory: WebAssembly.Memory;
  scan(rows: number, blocks: number, dim: number, query: number, out: number): void;
}

export class SimdTemplates implements TemplateScan {
  readonly dim: number;
  /** `dim` rounded up to whole chunks: the bytes of one template. */
  private readonly padded: number;
  private readonly wasm: Exports;
  /** Byte offsets in the module's memory: the query (int16), the templates, the scores (int32). */
  private readonly rowsAt: number;
  private outAt = 0;
  private capacity = 0;
  private count = 0;
  /** 1 / s of each template. */
  private inverseScale = new Float64Array(0);
  /** Largest ‖x − x̂ / s‖ of a template held since the store was last empty (an upper bound). */
  private residualMax = 0;

  constructor(dim: number, capacity: number) {
    const module = kernel();
    if (!module) throw new Error('WebAssembly SIMD is not supported here');
    if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIM) throw new Error(`embedding dim ${dim} is out of the SIMD search's range`);
    this.dim = dim;
    this.padded = Math.ceil(dim / CHUNK) * CHUNK;
    this.wasm = new WebAssembly.Instance(module).exports as unknown as Exports;
    this.rowsAt = this.padded * 2;
    this.reserve(capacity);
  }

  get size(): number {
    return this.count;
  }

  reserve(capacity: number): void {
    const blocks = Math.ceil(Math.max(1, capacity) / BLOCK);
    if (blocks * BLOCK <= this.capacity) return;
    this.capacity = blocks * BLOCK;
    this.outAt = this.rowsAt + blocks * BLOCK * this.padded;
    const bytes = this.outAt + this.capacity * 4;
    const { memory } = this.wasm;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    const inverse = new Float64Array(this.capacity);
    inverse.set(this.inverseScale.subarray(0, this.count));
    this.inverseScale = inverse;
  }

  append(data: Float32Array, offset: number): void {
    const { dim, padded } = this;
    const t = this.count;
    if (t >= this.capacity) throw new Error('no room reserved for the template');
    let largest = 0;
    for (let j = 0; j < dim; j++) largest = Math.max(largest, Math.abs(data[offset + j]!));
    const scale = largest > 0 ? TEMPLATE_MAX / largest : 1;
    const inv = 1 / scale;
    const bytes = new Int8Array(this.wasm.memory.buffer);
    // Chunk c of template t: block start + c · 64 + (t mod 4) · 16.
    const at = this.rowsAt + Math.floor(t / BLOCK) * BLOCK * padded + (t % BLOCK) * CHUNK;
    let residual = 0;
    for (let j = 0; j < dim; j++) {
      const x = data[offset + j]!;
      const xq = Math.max(-TEMPLATE_MAX, Math.min(TEMPLATE_MAX, Math.floor(x * scale + 0.5)));
      bytes[at + (j >> 4) * BLOCK * CHUNK + (j & 15)] = xq;
      const d = x - xq * inv;
      residual += d * d;
    }
    this.inverseScale[t] = inv;
    this.residualMax = Math.max(this.residualMax, Math.sqrt(residual));
    this.count++;
  }

  /** Keeps the first `length` templates (each template's bytes are its own: nothing to re-pack). */
  truncate(length: number): void {
    this.count = Math.min(this.count, length);
    if (this.count === 0) this.residualMax = 0;
  }

  scan(query: Float32Array, scores: Float64Array): number {
    const { dim, count, wasm } = this;
    let largest = 0;
    for (let j = 0; j < dim; j++) largest = Math.max(largest, Math.abs(query[j]!));
    const scale = largest > 0 ? QUERY_MAX / largest : 1;
    const inv = 1 / scale;
    const q = new Int16Array(wasm.memory.buffer, 0, this.padded);
    let qResidual = 0;
    for (let j = 0; j < dim; j++) {
      q[j] = Math.floor(query[j]! * scale + 0.5);
      const d = query[j]! - q[j]! * inv;
      qResidual += d * d;
    }
    const blocks = Math.ceil(count / BLOCK);
    wasm.scan(this.rowsAt, blocks, this.padded, 0, this.outAt);
    const dots = new Int32Array(wasm.memory.buffer, this.outAt, blocks * BLOCK);
    const { inverseScale } = this;
    for (let t = 0; t < count; t++) scores[t] = dots[t]! * inverseScale[t]! * inv;
    // As in search.ts: |error| ≤ ‖δ‖·‖q‖ + ‖x̂/s‖·‖γ‖ ≤ r + (1 + r)·‖γ‖; 1e-6 covers float rounding.
    const r = this.residualMax;
    return r + (1 + r) * Math.sqrt(qResidual) + 1e-6;
  }
}
