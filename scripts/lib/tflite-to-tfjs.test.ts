/**
 * Tests for the TFLite parser and the TFLite → TF.js graph-model converter.
 *
 * The converted model is checked against an independent, deliberately naive interpreter of
 * the TFLite graph written below (plain loops, float64 accumulation, TFLite semantics read
 * straight off the parsed ops), on the real MobileFaceNet and on small synthetic models
 * that exercise what MobileFaceNet does not (dilation, depth multiplier, RELU6, asymmetric
 * SAME padding, broadcasting, operand orders).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { Builder } from 'flatbuffers';
import { beforeAll, describe, expect, it } from 'vitest';
import { countOps, parseTflite, type Activation, type TfliteModel } from './tflite.ts';
import { convertTfliteToTfjs, type ConversionResult, type GraphModelJson } from './tflite-to-tfjs.ts';
import { rng } from './rng';

const MODEL_PATH = fileURLToPath(new URL('../../.cache/models/MobileFaceNet.tflite', import.meta.url));

// ---------------------------------------------------------------------------------------
// Helpers


function randomArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r(lo, hi);
  return out;
}

async function loadConverted(result: ConversionResult): Promise<tf.GraphModel> {
  const json: GraphModelJson = result.modelJson;
  const weights = result.weights.slice(); // own, exactly-sized ArrayBuffer
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0]!.weights,
      weightData: weights.buffer,
      signature: json.signature,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
    }),
  );
}

async function predict(model: tf.GraphModel, data: Float32Array, shape: number[]): Promise<{ shape: number[]; data: Float32Array }> {
  const x = tf.tensor(data, shape, 'float32');
  const y = model.predict(x) as tf.Tensor;
  const out = { shape: y.shape.slice(), data: (await y.data()) as Float32Array };
  x.dispose();
  y.dispose();
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb);
}

// ---------------------------------------------------------------------------------------
// Naive reference interpreter of a parsed TFLite graph (TFLite semantics, NHWC).

interface RefTensor {
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

function runReference(model: TfliteModel, feeds: Map<number, RefTensor>): Map<number, RefTensor> {
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
        expect(size(shape)).toBe(x.data.length);
        values.set(out, { shape, data: x.data });
        break;
      }
    }
  }
  return values;
}

// ---------------------------------------------------------------------------------------
// A tiny TFLite writer for synthetic test models (flatbuffers Builder, schema slots).

const TYPE = { FLOAT32: 0, INT32: 2, INT8: 9 } as const;
const OP = { ADD: 0, CONV_2D: 3, DEPTHWISE_CONV_2D: 4, MUL: 18, RELU: 19, RELU6: 21, RESHAPE: 22, SOFTMAX: 25, SUB: 41, ABS: 101 } as const;
const ACT = { NONE: 0, RELU: 1, RELU6: 3, TANH: 4 } as const;
const PAD = { SAME: 0, VALID: 1 } as const;

interface SynthTensor {
  name: string;
  shape: number[];
  type?: number;
  data?: Float32Array | Int32Array;
  /** Store the data after the flatbuffer (Buffer.offset/size) instead of inline. */
  external?: boolean;
}

type Field = ['i8' | 'i32', number, number];

interface SynthOp {
  code: number;
  inputs: number[];
  outputs: number[];
  /** BuiltinOptions union type and the option table's fields. */
  options?: { type: number; fields: Field[] };
}

interface SynthModel {
  tensors: SynthTensor[];
  ops: SynthOp[];
  inputs: number[];
  outputs: number[];
}

const conv2dOptions = (padding: number, stride: [number, number], dilation: [number, number], act: number) => ({
  type: 1,
  fields: [['i8', 0, padding], ['i32', 1, stride[1]], ['i32', 2, stride[0]], ['i8', 3, act], ['i32', 4, dilation[1]], ['i32', 5, dilation[0]]] as Field[],
});
const depthwiseOptions = (padding: number, stride: [number, number], dilation: [number, number], mult: number, act: number) => ({
  type: 2,
  fields: [['i8', 0, padding], ['i32', 1, stride[1]], ['i32', 2, stride[0]], ['i32', 3, mult], ['i8', 4, act], ['i32', 5, dilation[1]], ['i32', 6, dilation[0]]] as Field[],
});
const actOptions = (type: number, act: number) => ({ type, fields: [['i8', 0, act]] as Field[] });
const ADD_OPTIONS = 11;
const MUL_OPTIONS = 21;
const SUB_OPTIONS = 28;

function writeTflite(spec: SynthModel): Uint8Array {
  const bytesOf = (d: Float32Array | Int32Array): Uint8Array => new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  const external = spec.tensors.filter((t) => t.external && t.data);

  // Build twice when there is external data: the first pass measures the flatbuffer, the
  // second writes the real offsets (same field sizes, so the same layout).
  const build = (base: number): Uint8Array => {
    const b = new Builder(1024);
    const int32Vector = (values: number[]): number => {
      b.startVector(4, values.length, 4);
      for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]!);
      return b.endVector();
    };
    const offsetVector = (values: number[]): number => {
      b.startVector(4, values.length, 4);
      for (let i = values.length - 1; i >= 0; i--) b.addOffset(values[i]!);
      return b.endVector();
    };

    // Buffers: 0 is the mandatory empty buffer; then one per constant tensor.
    const bufferOffsets: number[] = [];
    b.startObject(3);
    bufferOffsets.push(b.endObject());
    const bufferIndex = new Map<number, number>();
    let externalPos = base;
    spec.tensors.forEach((t, i) => {
      if (!t.data) return;
      const raw = bytesOf(t.data);
      if (t.external) {
        b.startObject(3);
        b.addFieldInt64(1, BigInt(externalPos), null);
        b.addFieldInt64(2, BigInt(raw.length), null);
        externalPos += raw.length;
      } else {
        const data = b.createByteVector(raw);
        b.startObject(3);
        b.addFieldOffset(0, data, 0);
      }
      bufferIndex.set(i, bufferOffsets.length);
      bufferOffsets.push(b.endObject());
    });

    const tensorOffsets = spec.tensors.map((t, i) => {
      const name = b.createString(t.name);
      const shape = int32Vector(t.shape);
      b.startObject(8);
      b.addFieldOffset(0, shape, 0);
      b.addFieldInt8(1, t.type ?? (t.data instanceof Int32Array ? TYPE.INT32 : TYPE.FLOAT32), null);
      b.addFieldInt32(2, bufferIndex.get(i) ?? 0, null);
      b.addFieldOffset(3, name, 0);
      return b.endObject();
    });

    const codes = [...new Set(spec.ops.map((o) => o.code))];
    const opcodeOffsets = codes.map((code) => {
      b.startObject(4);
      b.addFieldInt8(0, Math.min(code, 127), null);
      b.addFieldInt32(2, 1, null);
      b.addFieldInt32(3, code, null);
      return b.endObject();
    });

    const operatorOffsets = spec.ops.map((o) => {
      let options = 0;
      if (o.options) {
        b.startObject(8);
        for (const [kind, slot, value] of o.options.fields) {
          if (kind === 'i8') b.addFieldInt8(slot, value, null);
          else b.addFieldInt32(slot, value, null);
        }
        options = b.endObject();
      }
      const inputs = int32Vector(o.inputs);
      const outputs = int32Vector(o.outputs);
      b.startObject(6);
      b.addFieldInt32(0, codes.indexOf(o.code), null);
      b.addFieldOffset(1, inputs, 0);
      b.addFieldOffset(2, outputs, 0);
      if (o.options) {
        b.addFieldInt8(3, o.options.type, null);
        b.addFieldOffset(4, options, 0);
      }
      return b.endObject();
    });

    const tensorsVec = offsetVector(tensorOffsets);
    const inputsVec = int32Vector(spec.inputs);
    const outputsVec = int32Vector(spec.outputs);
    const operatorsVec = offsetVector(operatorOffsets);
    b.startObject(5);
    b.addFieldOffset(0, tensorsVec, 0);
    b.addFieldOffset(1, inputsVec, 0);
    b.addFieldOffset(2, outputsVec, 0);
    b.addFieldOffset(3, operatorsVec, 0);
    const subgraph = b.endObject();

    const opcodesVec = offsetVector(opcodeOffsets);
    const subgraphsVec = offsetVector([subgraph]);
    const buffersVec = offsetVector(bufferOffsets);
    const description = b.createString('synthetic test model');
    b.startObject(8);
    b.addFieldInt32(0, 3, null);
    b.addFieldOffset(1, opcodesVec, 0);
    b.addFieldOffset(2, subgraphsVec, 0);
    b.addFieldOffset(3, description, 0);
    b.addFieldOffset(4, buffersVec, 0);
    b.finish(b.endObject(), 'TFL3');
    return b.asUint8Array().slice();
  };

  if (external.length === 0) return build(0);
  const align = (n: number) => Math.ceil(n / 16) * 16;
  const probe = build(1 << 20);
  const base = align(probe.length);
  const fb = build(base);
  expect(fb.length).toBe(probe.length);
  const total = base + external.reduce((n, t) => n + t.data!.byteLength, 0);
  const file = new Uint8Array(total);
  file.set(fb);
  let pos = base;
  for (const t of external) {
    file.set(bytesOf(t.data!), pos);
    pos += t.data!.byteLength;
  }
  return file;
}

// ---------------------------------------------------------------------------------------

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('MobileFaceNet.tflite', () => {
  let bytes: Uint8Array;
  let parsed: TfliteModel;
  let converted: ConversionResult;
  let model: tf.GraphModel;

  beforeAll(async () => {
    if (!existsSync(MODEL_PATH)) {
      throw new Error(`${MODEL_PATH} is missing: run \`npm run models\` (the install step writes it)`);
    }
    bytes = new Uint8Array(readFileSync(MODEL_PATH));
    parsed = parseTflite(bytes);
    converted = convertTfliteToTfjs(bytes);
    model = await loadConverted(converted);
  });

  it('parses the expected graph', () => {
    expect(countOps(parsed)).toEqual({
      ADD: 45,
      CONV_2D: 35,
      DEPTHWISE_CONV_2D: 17,
      MUL: 33,
      RELU: 33,
      SUB: 33,
      ABS: 33,
      RESHAPE: 1,
    });
    expect(parsed.inputs.map((i) => parsed.tensors[i]!.name)).toEqual(['input']);
    expect(parsed.outputs.map((i) => parsed.tensors[i]!.name)).toEqual(['embeddings']);
    expect(parsed.tensors[parsed.inputs[0]!]!.shape).toEqual([2, 112, 112, 3]);
    expect(parsed.tensors[parsed.outputs[0]!]!.shape).toEqual([2, 192]);
  });

  it('converts to a well-formed graph model with a dynamic batch', () => {
    const json = converted.modelJson;
    const nodes = new Map(json.modelTopology.node.map((n) => [n.name, n]));
    expect(nodes.size).toBe(json.modelTopology.node.length); // unique names
    for (const n of json.modelTopology.node) for (const i of n.input ?? []) expect(nodes.has(i.split(':')[0]!), `${n.name} ← ${i}`).toBe(true);

    const input = nodes.get('input')!;
    expect(input.op).toBe('Placeholder');
    expect(input.attr.shape).toEqual({ shape: { dim: [{ size: '-1' }, { size: '112' }, { size: '112' }, { size: '3' }] } });
    const output = nodes.get('embeddings')!;
    expect(output.op).toBe('Reshape');
    expect(json.signature.inputs.input!.name).toBe('input:0');
    expect(json.signature.outputs.embeddings!.name).toBe('embeddings:0');
    expect(json.signature.outputs.embeddings!.tensorShape.dim.map((d) => d.size)).toEqual(['-1', '192']);

    // Reshape target [2,192] became [-1,192].
    const specs = json.weightsManifest[0]!.weights;
    const offsets = new Map<string, number>();
    let total = 0;
    for (const s of specs) {
      offsets.set(s.name, total);
      total += s.shape.reduce((a, b) => a * b, 1) * 4;
    }
    expect(converted.weights.length).toBe(total);
    const shapeConst = output.input![1]!;
    const dv = new DataView(converted.weights.buffer, converted.weights.byteOffset);
    const at = offsets.get(shapeConst)!;
    expect([dv.getInt32(at, true), dv.getInt32(at + 4, true)]).toEqual([-1, 192]);
    for (const n of json.modelTopology.node) if (n.op === 'Const') expect(offsets.has(n.name)).toBe(true);

    // Every conv got its bias fused, and every PReLU was folded into the conv before it.
    expect(converted.stats).toMatchObject({ prelu: 33, preluFusedIntoConv: 33, convBiasFused: 52 });
    expect(converted.stats.tfOps).toEqual({
      Placeholder: 1,
      Const: 35 * 2 + 17 * 2 + 33 + 1,
      _FusedConv2D: 35,
      FusedDepthwiseConv2dNative: 17,
      AddV2: 12,
      Reshape: 1,
    });
  });

  it('runs batches of 1 and 3 consistently', async () => {
    const per = 112 * 112 * 3;
    const batch3 = randomArray(3 * per, 3);
    const y3 = await predict(model, batch3, [3, 112, 112, 3]);
    expect(y3.shape).toEqual([3, 192]);
    const y1 = await predict(model, batch3.slice(per, 2 * per), [1, 112, 112, 3]);
    expect(y1.shape).toEqual([1, 192]);
    expect(maxAbsDiff(y1.data, y3.data.subarray(192, 384))).toBeLessThan(1e-4);
    expect(y3.data.every(Number.isFinite)).toBe(true);
    // Also through execute() with named input / output.
    const x = tf.tensor(batch3.slice(0, per), [1, 112, 112, 3]);
    const y = model.execute({ input: x }, 'embeddings') as tf.Tensor;
    expect(maxAbsDiff((await y.data()) as Float32Array, y3.data.subarray(0, 192))).toBeLessThan(1e-4);
    x.dispose();
    y.dispose();
  });

  it('matches a naive interpreter of the TFLite graph', async () => {
    // The reference runs the graph exactly as stored: static batch 2.
    const inputIndex = parsed.inputs[0]!;
    const data = randomArray(2 * 112 * 112 * 3, 7);
    const ref = runReference(parsed, new Map([[inputIndex, { shape: [2, 112, 112, 3], data }]])).get(parsed.outputs[0]!)!;
    expect(ref.shape).toEqual([2, 192]);
    const got = await predict(model, data, [2, 112, 112, 3]);
    for (let n = 0; n < 2; n++) {
      const a = got.data.subarray(n * 192, (n + 1) * 192);
      const b = ref.data.subarray(n * 192, (n + 1) * 192);
      expect(cosine(a, b)).toBeGreaterThanOrEqual(0.99999);
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-4); // outputs reach |8|; float32 vs float64 sums
    }
  });

  it('gives the same result with and without the fusions', async () => {
    const plain = await loadConverted(convertTfliteToTfjs(bytes, { fuseConvBias: false, fusePrelu: false }));
    const data = randomArray(112 * 112 * 3, 11, -3, 3);
    const a = await predict(model, data, [1, 112, 112, 3]);
    const b = await predict(plain, data, [1, 112, 112, 3]);
    plain.dispose();
    // Exact on the cpu backend: fused ops compute conv, +bias, activation in the same order,
    // and Prelu(x, 2c) is bit-identical to relu(x) + c*(x - |x|) (see the test below).
    expect(maxAbsDiff(a.data, b.data)).toBe(0);
  });
});

describe('PReLU rewrite', () => {
  it('Prelu(x, 2c) is bit-identical to relu(x) + c * (x - |x|) in float32', () => {
    const f = Math.fround;
    const r = rng(42);
    // x over many magnitudes (subnormals to 1e30) and both signs; c likewise.
    const sample = (): number => {
      const mag = 10 ** r(-44, 30);
      return f((r() < 0.5 ? -1 : 1) * mag);
    };
    const edge = [0, -0, 1, -1, 1e-45, -1e-45, 3.4e37, -3.4e37, 0.5, -0.5];
    let checked = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const x = i < edge.length ? f(edge[i]!) : sample();
      const c = f(i % 7 === 0 ? r(-5, 5) : sample());
      const alpha = f(2 * c);
      const alphaRev = f(-2 * c);
      if (!Number.isFinite(alpha)) continue;
      // Float32 emulation: every op rounds its exact result once.
      const relu = f(Math.max(x, 0));
      const decomposed = f(relu + f(c * f(x - f(Math.abs(x)))));
      const decomposedRev = f(relu + f(c * f(f(Math.abs(x)) - x)));
      const prelu = x < 0 ? f(alpha * x) : x;
      const preluRev = x < 0 ? f(alphaRev * x) : x;
      // `===` treats -0 and +0 as equal (the one place the two forms may differ).
      if (decomposed !== prelu) mismatches.push(`x=${x} c=${c}`);
      if (decomposedRev !== preluRev) mismatches.push(`x=${x} c=${c} (reversed SUB)`);
      checked++;
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(190_000);
  });
});

describe('synthetic models', () => {
  /**
   * input [1,10,10,4]
   *  → CONV_2D 3x3 stride 2 SAME (asymmetric padding: total 1 → 0 before, 1 after), RELU6
   *  → DEPTHWISE 3x3 multiplier 2, dilation 2, SAME, RELU
   *  → CONV_2D 2x2 dilation 2 VALID, no bias                         t3 [1,3,3,5]
   *  → MUL by [5] → SUB [3,1,5] with fused RELU → ADD t3 (residual)  t6
   *  → PReLU decomposition with reversed operand orders               t11
   *  → RELU6 → RESHAPE [1,-1]                                         out [1,45]
   */
  function buildModel(): SynthModel {
    const r = (n: number, seed: number, lo = -1, hi = 1) => randomArray(n, seed, lo, hi);
    const tensors: SynthTensor[] = [
      { name: 'input', shape: [1, 10, 10, 4] }, // 0
      { name: 'w1', shape: [6, 3, 3, 4], data: r(6 * 36, 1) }, // 1
      { name: 'b1', shape: [6], data: r(6, 2) }, // 2
      { name: 't1', shape: [1, 5, 5, 6] }, // 3
      { name: 'w2', shape: [1, 3, 3, 12], data: r(108, 3), external: true }, // 4
      { name: 'b2', shape: [12], data: r(12, 4) }, // 5
      { name: 't2', shape: [1, 5, 5, 12] }, // 6
      { name: 'w3', shape: [5, 2, 2, 12], data: r(240, 5) }, // 7
      { name: 't3', shape: [1, 3, 3, 5] }, // 8
      { name: 'c1', shape: [5], data: r(5, 6) }, // 9
      { name: 't4', shape: [1, 3, 3, 5] }, // 10
      { name: 'c2', shape: [3, 1, 5], data: r(15, 7, -0.5, 0.5) }, // 11
      { name: 't5', shape: [1, 3, 3, 5] }, // 12
      { name: 't6', shape: [1, 3, 3, 5] }, // 13
      { name: 'p_relu', shape: [1, 3, 3, 5] }, // 14
      { name: 'p_abs', shape: [1, 3, 3, 5] }, // 15
      { name: 'p_sub', shape: [1, 3, 3, 5] }, // 16
      { name: 'p_c', shape: [1, 5], data: r(5, 8, -2, 2) }, // 17
      { name: 'p_mul', shape: [1, 3, 3, 5] }, // 18
      { name: 't11', shape: [1, 3, 3, 5] }, // 19
      { name: 't12', shape: [1, 3, 3, 5] }, // 20
      { name: 'shape', shape: [2], data: Int32Array.from([1, -1]) }, // 21
      { name: 'out', shape: [1, 45] }, // 22
    ];
    const ops: SynthOp[] = [
      { code: OP.CONV_2D, inputs: [0, 1, 2], outputs: [3], options: conv2dOptions(PAD.SAME, [2, 2], [1, 1], ACT.RELU6) },
      { code: OP.DEPTHWISE_CONV_2D, inputs: [3, 4, 5], outputs: [6], options: depthwiseOptions(PAD.SAME, [1, 1], [2, 2], 2, ACT.RELU) },
      { code: OP.CONV_2D, inputs: [6, 7, -1], outputs: [8], options: conv2dOptions(PAD.VALID, [1, 1], [2, 2], ACT.NONE) },
      { code: OP.MUL, inputs: [8, 9], outputs: [10], options: actOptions(MUL_OPTIONS, ACT.NONE) },
      { code: OP.SUB, inputs: [10, 11], outputs: [12], options: actOptions(SUB_OPTIONS, ACT.RELU) },
      { code: OP.ADD, inputs: [12, 8], outputs: [13], options: actOptions(ADD_OPTIONS, ACT.NONE) },
      { code: OP.RELU, inputs: [13], outputs: [14] },
      { code: OP.ABS, inputs: [13], outputs: [15] },
      { code: OP.SUB, inputs: [15, 13], outputs: [16], options: actOptions(SUB_OPTIONS, ACT.NONE) },
      { code: OP.MUL, inputs: [16, 17], outputs: [18], options: actOptions(MUL_OPTIONS, ACT.NONE) },
      { code: OP.ADD, inputs: [18, 14], outputs: [19], options: actOptions(ADD_OPTIONS, ACT.NONE) },
      { code: OP.RELU6, inputs: [19], outputs: [20] },
      { code: OP.RESHAPE, inputs: [20, 21], outputs: [22] },
    ];
    return { tensors, ops, inputs: [0], outputs: [22] };
  }

  it('parses and converts a hand-made model, matching the reference for any batch', async () => {
    const spec = buildModel();
    const bytes = writeTflite(spec);
    const parsed = parseTflite(bytes);
    // The externally stored depthwise filter (Buffer.offset/size) reads back intact.
    expect(Array.from(parsed.tensors[4]!.data!)).toEqual(Array.from(spec.tensors[4]!.data!));
    expect(parsed.operators[1]!.options).toMatchObject({ depthMultiplier: 2, dilationH: 2, dilationW: 2, activation: 'RELU' });

    for (const fuse of [true, false]) {
      const result = convertTfliteToTfjs(bytes, { fuseConvBias: fuse, fusePrelu: fuse });
      expect(result.stats.prelu).toBe(fuse ? 1 : 0);
      const model = await loadConverted(result);
      const per = 10 * 10 * 4;
      const data = randomArray(3 * per, 99, -2, 2);
      const got = await predict(model, data, [3, 10, 10, 4]);
      expect(got.shape).toEqual([3, 45]);
      for (let n = 0; n < 3; n++) {
        const ref = runReference(parsed, new Map([[0, { shape: [1, 10, 10, 4], data: data.slice(n * per, (n + 1) * per) }]])).get(22)!;
        expect(maxAbsDiff(got.data.subarray(n * 45, (n + 1) * 45), ref.data)).toBeLessThan(1e-4);
      }
      model.dispose();
    }
  });

  it('rejects an unknown op, naming it and its index', () => {
    const spec = buildModel();
    spec.tensors.push({ name: 'soft', shape: [1, 45] });
    spec.ops.push({ code: OP.SOFTMAX, inputs: [22], outputs: [23] });
    spec.outputs = [23];
    expect(() => parseTflite(writeTflite(spec))).toThrow('Unsupported TFLite op SOFTMAX (code 25) at operator 13');
  });

  it('rejects unsupported tensor types', () => {
    const spec = buildModel();
    spec.tensors[3]!.type = TYPE.INT8;
    expect(() => parseTflite(writeTflite(spec))).toThrow(/Unsupported TFLite tensor type INT8 .*tensor 3 "t1"/);
  });

  it('rejects unsupported fused activations', () => {
    const spec = buildModel();
    spec.ops[3]!.options = actOptions(MUL_OPTIONS, ACT.TANH);
    expect(() => convertTfliteToTfjs(writeTflite(spec))).toThrow('Unsupported fused activation TANH at operator 3 (MUL)');
  });

  it('refuses to make the batch dynamic when a reshape mixes it with other axes', () => {
    const spec = buildModel();
    spec.tensors[21]!.data = Int32Array.from([3, 15]);
    spec.tensors[22]!.shape = [3, 15];
    expect(() => convertTfliteToTfjs(writeTflite(spec))).toThrow(/mixes the batch axis/);
    // With a static batch it converts.
    expect(() => convertTfliteToTfjs(writeTflite(spec), { dynamicBatch: false })).not.toThrow();
  });
});
