/**
 * The TFLite parser and converter on small synthetic models written with
 * ./tflite-testing/writer.ts, checked against the naive reference interpreter: what
 * MobileFaceNet does not exercise (dilation, depth multiplier, RELU6, asymmetric SAME padding,
 * broadcasting, operand orders, external buffers) and the errors for what is not supported.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTflite } from './tflite.ts';
import { convertTfliteToTfjs } from './tflite-to-tfjs.ts';
import { runReference } from './tflite-testing/reference.ts';
import { loadConverted, maxAbsDiff, predict, randomArray } from './tflite-testing/tfjs.ts';
import {
  ACT,
  actOptions,
  ADD_OPTIONS,
  conv2dOptions,
  depthwiseOptions,
  MUL_OPTIONS,
  OP,
  PAD,
  SUB_OPTIONS,
  TYPE,
  writeTflite,
  type SynthModel,
  type SynthOp,
  type SynthTensor,
} from './tflite-testing/writer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
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
