/**
 * A deliberately naive interpreter of a parsed TFLite graph, the converter tests' oracle:
 * plain loops, float64 accumulation, TFLite semantics (NHWC) read straight off the parsed ops.
 */
import type { Activation, TfliteModel } from '../tflite.ts';

export interface RefTensor {
  shape: number[];
  data: Float32Array | Int32Array;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function refActivation(v: number, act: Activation): number {
  switch (act) {
    case 'NONE':
      return v;
    case 'RELU':
      return Math.max(0, v);
    case 'RELU6':
      return Math.min(6, Math.max(0, v));
    default:
      throw new Error(`reference: activation ${act}`);
  }
}

/** Output size and leading padding along one spatial axis, TFLite's rule. */
function refWindow(inSize: number, k: number, stride: number, dilation: number, padding: 'SAME' | 'VALID'): [number, number] {
  const effective = (k - 1) * dilation + 1;
  if (padding === 'VALID') return [Math.floor((inSize - effective) / stride) + 1, 0];
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + effective - inSize, 0);
  return [out, Math.floor(total / 2)];
}

/** Numpy-style broadcast of two shapes. */
function refBroadcast(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`reference: cannot broadcast [${a}] with [${b}]`);
    out.push(Math.max(da, db));
  }
  return out;
}

/** Element strides of `shape` aligned to `outShape`, 0 along broadcast axes. */
function refBroadcastStrides(shape: number[], outShape: number[]): number[] {
  const strides = new Array<number>(outShape.length).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const o = outShape.length - shape.length + i;
    strides[o] = shape[i] === 1 ? 0 : s;
    s *= shape[i]!;
  }
  return strides;
}

export function runReference(model: TfliteModel, feeds: Map<number, RefTensor>): Map<number, RefTensor> {
  const values = new Map<number, RefTensor>(feeds);
  const get = (i: number): RefTensor => {
    const v = values.get(i);
    if (v) return v;
    const t = model.tensors[i]!;
    if (!t.data) throw new Error(`reference: tensor ${i} "${t.name}" has no value`);
    return { shape: t.shape, data: t.data };
  };

  for (const op of model.operators) {
    const out = op.outputs[0]!;
    switch (op.op) {
      case 'CONV_2D':
      case 'DEPTHWISE_CONV_2D': {
        const x = get(op.inputs[0]!);
        const w = get(op.inputs[1]!);
        const bIndex = op.inputs[2] ?? -1;
        const bias = bIndex >= 0 ? get(bIndex).data : null;
        const [N, H, W, C] = x.shape as [number, number, number, number];
        const o = op.options;
        const [, KH, KW, WC] = w.shape as [number, number, number, number];
        const [OH, padTop] = refWindow(H, KH, o.strideH, o.dilationH, o.padding);
        const [OW, padLeft] = refWindow(W, KW, o.strideW, o.dilationW, o.padding);
        const depthwise = op.op === 'DEPTHWISE_CONV_2D';
        // CONV_2D filter [O, KH, KW, C]; DEPTHWISE filter [1, KH, KW, C*M], channel c = i*M + m.
        const OC = depthwise ? WC : w.shape[0]!;
        const M = depthwise ? WC / C : 0;
        const y = new Float32Array(N * OH * OW * OC);
        const xd = x.data;
        const wd = w.data;
        for (let n = 0; n < N; n++)
          for (let oy = 0; oy < OH; oy++)
            for (let ox = 0; ox < OW; ox++)
              for (let oc = 0; oc < OC; oc++) {
                let acc = bias ? bias[oc]! : 0;
                for (let ky = 0; ky < KH; ky++) {
                  const iy = oy * o.strideH - padTop + ky * o.dilationH;
                  if (iy < 0 || iy >= H) continue;
                  for (let kx = 0; kx < KW; kx++) {
                    const ix = ox * o.strideW - padLeft + kx * o.dilationW;
                    if (ix < 0 || ix >= W) continue;
                    const xBase = ((n * H + iy) * W + ix) * C;
                    if (depthwise) {
                      acc += xd[xBase + Math.floor(oc / M)]! * wd[(ky * KW + kx) * WC + oc]!;
                    } else {
                      const wBase = ((oc * KH + ky) * KW + kx) * C;
                      for (let ic = 0; ic < C; ic++) acc += xd[xBase + ic]! * wd[wBase + ic]!;
                    }
                  }
                }
                y[((n * OH + oy) * OW + ox) * OC + oc] = refActivation(acc, o.activation);
              }
        values.set(out, { shape: [N, OH, OW, OC], data: y });
        break;
      }
      case 'ADD':
      case 'SUB':
      case 'MUL': {
        const a = get(op.inputs[0]!);
        const b = get(op.inputs[1]!);
        const shape = refBroadcast(a.shape, b.shape);
        const sa = refBroadcastStrides(a.shape, shape);
        const sb = refBroadcastStrides(b.shape, shape);
        const y = new Float32Array(size(shape));
        const idx = new Array<number>(shape.length).fill(0);
        for (let i = 0; i < y.length; i++) {
          let ia = 0;
          let ib = 0;
          for (let d = 0; d < shape.length; d++) {
            ia += idx[d]! * sa[d]!;
            ib += idx[d]! * sb[d]!;
          }
          const va = a.data[ia]!;
          const vb = b.data[ib]!;
          const v = op.op === 'ADD' ? va + vb : op.op === 'SUB' ? va - vb : va * vb;
          y[i] = refActivation(v, op.options.activation);
          for (let d = shape.length - 1; d >= 0; d--) {
            if (++idx[d]! < shape[d]!) break;
            idx[d] = 0;
          }
        }
        values.set(out, { shape, data: y });
        break;
      }
      case 'RELU':
      case 'RELU6':
      case 'ABS': {
        const x = get(op.inputs[0]!);
        const f = op.op === 'RELU' ? (v: number) => Math.max(0, v) : op.op === 'RELU6' ? (v: number) => Math.min(6, Math.max(0, v)) : Math.abs;
        values.set(out, { shape: x.shape, data: Float32Array.from(x.data, f) });
        break;
      }
      case 'RESHAPE': {
        const x = get(op.inputs[0]!);
        const si = op.inputs[1] ?? -1;
        const target = si >= 0 ? Array.from(get(si).data) : op.options.newShape!;
        const known = size(target.filter((d) => d !== -1));
        const shape = target.map((d) => (d === -1 ? x.data.length / known : d));
        if (size(shape) !== x.data.length) throw new Error(`reference: cannot reshape [${x.shape}] to [${shape}]`);
        values.set(out, { shape, data: x.data });
        break;
      }
    }
  }
  return values;
}
