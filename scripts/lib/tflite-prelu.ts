/**
 * Finds the PReLU decomposition that TOCO emits in a TFLite graph, so that the converter can
 * replace it with one Prelu op (see PreluMatch for why that is exact).
 */
import type { TfliteModel, TfliteOperator } from './tflite.ts';

/**
 * TOCO lowers PReLU (alpha per channel) as
 *     r = RELU(x);  a = ABS(x);  s = SUB(x, a);  m = MUL(c, s);  y = ADD(r, m)
 * with c = alpha / 2 folded into one constant. (SUB(a, x) with c = -alpha / 2 is accepted
 * too, as are either operand order of MUL and ADD.)
 *
 * Why Prelu(x, alpha') with alpha' = 2c (or -2c) is exact in float32, for every finite x
 * with |x| < FLT_MAX / 2:
 *  - x >= 0: |x| = x, so s = 0 exactly, m = ±0, y = x + (±0) = x; Prelu gives x.
 *    (x = -0 may come out as +0 instead of -0; the values compare equal.)
 *  - x < 0: r = 0, s = x - (-x) = 2x exactly (doubling only changes the exponent), so
 *    y = 0 + fl(c * 2x) = fl(c * 2x). Prelu gives fl(alpha' * x) = fl(2c * x), where
 *    alpha' = 2c is itself exact. The two real products c·2x and 2c·x are equal, and
 *    IEEE multiplication rounds the exact product once, so the results are bit-identical.
 * The test suite checks this numerically as well (fused vs unfused graph, and against a
 * naive interpreter of the TFLite graph).
 */
export interface PreluMatch {
  /** Tensor PReLU is applied to. */
  x: number;
  /** Output tensor (the ADD's). */
  y: number;
  /** alpha = ±2c, in the constant's own (broadcastable) shape. */
  alpha: Float32Array;
  alphaShape: number[];
  /** Name for the alpha constant. */
  alphaName: string;
  /** Indices of the RELU, ABS, SUB, MUL and ADD operators. */
  ops: number[];
}

/**
 * Is a constant of shape `c` broadcast against `x` a pure per-trailing-dims factor: after
 * dropping leading 1s it equals the trailing dims of x? (Then Prelu, which every tfjs
 * backend broadcasts and the wasm backend applies as "alpha per last-dims block", is
 * unambiguous, and the batch axis is never involved.)
 */
function isTrailingFactor(c: readonly number[], x: readonly number[]): boolean {
  let k = 0;
  while (k < c.length && c[k] === 1) k++;
  const core = c.slice(k);
  if (core.length >= x.length) return false; // would cover the batch axis
  const tail = x.slice(x.length - core.length);
  return core.every((d, i) => d === tail[i]);
}

export function findPreluPatterns(model: TfliteModel, consumers: number[][], isGraphOutput: (t: number) => boolean): PreluMatch[] {
  const { tensors, operators } = model;
  const producerOp = new Map<number, TfliteOperator>();
  for (const op of operators) for (const o of op.outputs) producerOp.set(o, op);
  /** The single consumer of tensor t, if it has exactly one and is not a graph output. */
  const soleConsumer = (t: number): TfliteOperator | undefined => {
    const c = consumers[t];
    if (!c || c.length !== 1 || isGraphOutput(t)) return undefined;
    return operators[c[0]!];
  };
  const noAct = (op: TfliteOperator): boolean => !('activation' in op.options) || op.options.activation === 'NONE';

  const matches: PreluMatch[] = [];
  for (const relu of operators) {
    if (relu.op !== 'RELU' || relu.inputs.length !== 1 || relu.outputs.length !== 1) continue;
    const x = relu.inputs[0]!;
    const r = relu.outputs[0]!;
    const xt = tensors[x];
    if (!xt || xt.dtype !== 'float32') continue;
    // The ABS of the same x whose output feeds a SUB together with x.
    for (const ci of consumers[x] ?? []) {
      const abs = operators[ci]!;
      if (abs.op !== 'ABS') continue;
      const a = abs.outputs[0]!;
      const sub = soleConsumer(a);
      if (!sub || sub.op !== 'SUB' || !noAct(sub)) continue;
      let sign: number;
      if (sub.inputs[0] === x && sub.inputs[1] === a) sign = 1; // x - |x|  = 2x for x < 0
      else if (sub.inputs[0] === a && sub.inputs[1] === x) sign = -1; // |x| - x = -2x for x < 0
      else continue;
      const s = sub.outputs[0]!;
      const mul = soleConsumer(s);
      if (!mul || mul.op !== 'MUL' || !noAct(mul) || mul.inputs.length !== 2) continue;
      const cIndex = mul.inputs[0] === s ? mul.inputs[1]! : mul.inputs[1] === s ? mul.inputs[0]! : -1;
      const ct = tensors[cIndex];
      if (!ct || !ct.data || ct.dtype !== 'float32') continue;
      if (!isTrailingFactor(ct.shape, xt.shape)) continue;
      const m = mul.outputs[0]!;
      const add = soleConsumer(m);
      if (!add || add.op !== 'ADD' || !noAct(add)) continue;
      if (!((add.inputs[0] === r && add.inputs[1] === m) || (add.inputs[0] === m && add.inputs[1] === r))) continue;
      if (soleConsumer(r) !== add) continue;
      // alpha' = ±2c: exact (a power-of-two scaling) unless it overflows.
      const alpha = new Float32Array(ct.data.length);
      for (let i = 0; i < alpha.length; i++) alpha[i] = 2 * sign * ct.data[i]!;
      if (!alpha.every(Number.isFinite)) continue;
      matches.push({
        x,
        y: add.outputs[0]!,
        alpha,
        alphaShape: ct.shape.slice(),
        alphaName: `${ct.name}/prelu_alpha`,
        ops: [relu.index, abs.index, sub.index, mul.index, add.index],
      });
      break;
    }
  }
  return matches;
}
