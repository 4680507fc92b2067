/**
 * A deliberately naive interpreter of a parsed TFLite graph, the converter tests' oracle:
 * plain loops, float64 accumulation, TFLite semantics (NHWC) read straight off the parsed ops
 * (DEQUANTIZE is folded by the parser: its constants arrive as float32).
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
      case 'MAX_POOL_2D': {
        const x = get(op.inputs[0]!);
        const [N, H, W, C] = x.shape as [number, number, number, number];
        const o = op.options;
        const [OH, padTop] = refWindow(H, o.filterH, o.strideH, 1, o.padding);
        const [OW, padLeft] = refWindow(W, o.filterW, o.strideW, 1, o.padding);
        const y = new Float32Array(N * OH * OW * C);
        for (let n = 0; n < N; n++)
          for (let oy = 0; oy < OH; oy++)
            for (let ox = 0; ox < OW; ox++)
              for (let c = 0; c < C; c++) {
                let m = -Infinity; // padding never wins: only cells inside the image count
                for (let ky = 0; ky < o.filterH; ky++)
                  for (let kx = 0; kx < o.filterW; kx++) {
                    const iy = oy * o.strideH - padTop + ky;
                    const ix = ox * o.strideW - padLeft + kx;
                    if (iy >= 0 && iy < H && ix >= 0 && ix < W) m = Math.max(m, x.data[((n * H + iy) * W + ix) * C + c]!);
                  }
                y[((n * OH + oy) * OW + ox) * C + c] = refActivation(m, o.activation);
              }
        values.set(out, { shape: [N, OH, OW, C], data: y });
        break;
      }
      case 'PAD': {
        const x = get(op.inputs[0]!);
        const p = get(op.inputs[1]!).data;
        const shape = x.shape.map((d, i) => d + p[2 * i]! + p[2 * i + 1]!);
        const y = new Float32Array(size(shape));
        const idx = new Array<number>(x.shape.length).fill(0);
        for (let i = 0; i < x.data.length; i++) {
          let o = 0;
          for (let d = 0; d < shape.length; d++) o = o * shape[d]! + idx[d]! + p[2 * d]!;
          y[o] = x.data[i]!;
          for (let d = x.shape.length - 1; d >= 0; d--) {
            if (++idx[d]! < x.shape[d]!) break;
            idx[d] = 0;
          }
        }
        values.set(out, { shape, data: y });
        break;
      }
      case 'RESIZE_BILINEAR': {
        // TensorFlow's rule: a source coordinate per output cell, its two neighbours, linear weights.
        const x = get(op.inputs[0]!);
        const [N, H, W, C] = x.shape as [number, number, number, number];
        const [OH, OW] = Array.from(get(op.inputs[1]!).data) as [number, number];
        const { alignCorners, halfPixelCenters } = op.options;
        const source = (o: number, inSize: number, outSize: number): [number, number, number] => {
          const scale = alignCorners && outSize > 1 ? (inSize - 1) / (outSize - 1) : inSize / outSize;
          const s = halfPixelCenters ? Math.max(0, (o + 0.5) * scale - 0.5) : o * scale;
          const lo = Math.min(Math.floor(s), inSize - 1);
          return [lo, Math.min(lo + 1, inSize - 1), s - Math.floor(s)];
        };
        const y = new Float32Array(N * OH * OW * C);
        for (let n = 0; n < N; n++)
          for (let oy = 0; oy < OH; oy++) {
            const [y0, y1, fy] = source(oy, H, OH);
            for (let ox = 0; ox < OW; ox++) {
              const [x0, x1, fx] = source(ox, W, OW);
              for (let c = 0; c < C; c++) {
                const at = (yy: number, xx: number) => x.data[((n * H + yy) * W + xx) * C + c]!;
                const top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * fx;
                const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * fx;
                y[((n * OH + oy) * OW + ox) * C + c] = top + (bottom - top) * fy;
              }
            }
          }
        values.set(out, { shape: [N, OH, OW, C], data: y });
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
