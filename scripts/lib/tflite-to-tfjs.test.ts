/**
 * Tests for the TFLite parser and the TFLite → TF.js graph-model converter.
 *
 * The converted model is checked against an independent, deliberately naive interpreter of
 * the TFLite graph (./tflite-testing/reference.ts), here on the real MobileFaceNet, and in
 * tflite-synthetic.test.ts on small synthetic models that exercise what MobileFaceNet does
 * not (dilation, depth multiplier, RELU6, asymmetric SAME padding, broadcasting, operand orders).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { countOps, parseTflite, type TfliteModel } from './tflite.ts';
import { convertTfliteToTfjs, type ConversionResult } from './tflite-to-tfjs.ts';
import { runReference } from './tflite-testing/reference.ts';
import { cosine, loadConverted, maxAbsDiff, predict, randomArray } from './tflite-testing/tfjs.ts';
import { rng } from './rng';

const MODEL_PATH = fileURLToPath(new URL('../../.cache/models/MobileFaceNet.tflite', import.meta.url));

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
