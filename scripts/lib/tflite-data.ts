/**
 * Constant data of a TFLite model, for the parser (./tflite.ts) and the runner (./tflite-run.ts):
 * little-endian element data decoded into typed arrays (float16 into float32), and for the parser
 * float16 weights behind DEQUANTIZE ops (how MediaPipe ships BlazeFace) folded into float32
 * constants, so the converter sees an ordinary float32 graph.
 */
import type { TfliteOperator, TfliteTensor } from './tflite.ts';

/** IEEE 754 half precision (binary16) → number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** The float16 bits of `v` when float16 holds it exactly (so halfToFloat gives `v` back), else null. */
export function exactHalf(v: number): number | null {
  if (Number.isNaN(v)) return null;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === 0) return sign;
  if (a === Infinity) return sign | 0x7c00;
  let exp = Math.floor(Math.log2(a));
  if (2 ** exp > a) exp--;
  else if (2 ** (exp + 1) <= a) exp++;
  if (exp > 15) return null;
  // Subnormal halves step by 2^-24; normal ones have 10 fraction bits.
  const frac = exp < -14 ? a / 2 ** -24 : (a / 2 ** exp - 1) * 1024;
  if (!Number.isInteger(frac)) return null;
  const h = exp < -14 ? sign | frac : sign | ((exp + 15) << 10) | frac;
  return halfToFloat(h) === v ? h : null;
}

/** Decodes little-endian element data into a fresh, aligned typed array (float16 → float32). */
export function decodeData(bytes: Uint8Array, type: 'float32' | 'float16' | 'int32', count: number, what: string): Float32Array | Int32Array {
  const size = type === 'float16' ? 2 : 4;
  if (bytes.byteLength !== count * size) {
    throw new Error(`${what}: buffer holds ${bytes.byteLength} bytes, shape needs ${count * size}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'float16') return Float32Array.from({ length: count }, (_, i) => halfToFloat(view.getUint16(2 * i, true)));
  if (type === 'float32') {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
    return out;
  }
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, true);
  return out;
}

/**
 * Each DEQUANTIZE of a constant becomes that constant (its output tensor gets the decoded
 * values; the operator is dropped, the others renumbered in order). A DEQUANTIZE of anything
 * else (a quantized activation) is refused.
 */
export function foldDequantize(tensors: TfliteTensor[], operators: TfliteOperator[]): { tensors: TfliteTensor[]; operators: TfliteOperator[] } {
  const kept: TfliteOperator[] = [];
  for (const op of operators) {
    if (op.op !== 'DEQUANTIZE') {
      kept.push({ ...op, index: kept.length });
      continue;
    }
    const from = tensors[op.inputs[0] ?? -1];
    const to = tensors[op.outputs[0] ?? -1];
    if (!from?.data || !to || op.inputs.length !== 1 || op.outputs.length !== 1) {
      throw new Error(`DEQUANTIZE at operator ${op.index}: only a constant's dequantization can be converted`);
    }
    if (from.data.length !== to.shape.reduce((a, b) => a * b, 1)) throw new Error(`DEQUANTIZE at operator ${op.index}: shapes differ`);
    tensors[to.index] = { ...to, dtype: 'float32', data: Float32Array.from(from.data) };
  }
  return { tensors, operators: kept };
}
