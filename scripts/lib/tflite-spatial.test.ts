/**
 * The TFLite parser and converter on what BlazeFace's full-range model adds to MobileFaceNet's
 * ops: float16 weights behind DEQUANTIZE, PAD, MAX_POOL_2D and RESIZE_BILINEAR — a synthetic
 * model checked against the naive reference interpreter, and the model MediaPipe ships.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from './rng.ts';
import { countOps, parseTflite } from './tflite.ts';
import { halfToFloat } from './tflite-data.ts';
import { convertTfliteToTfjs } from './tflite-to-tfjs.ts';
import { runReference } from './tflite-testing/reference.ts';
import { loadConverted, maxAbsDiff, predict, randomArray } from './tflite-testing/tfjs.ts';
import { ACT, conv2dOptions, OP, PAD, PAD_OPTIONS, pool2dOptions, resizeBilinearOptions, writeTflite, type SynthModel } from './tflite-testing/writer.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Binary16 values of moderate size (|v| in 2^-5 … 2), either sign. */
function halves(n: number, seed: number): Uint16Array {
  const r = rng(seed);
  return Uint16Array.from({ length: n }, () => (r() < 0.5 ? 0x8000 : 0) | (Math.floor(r(10, 17)) << 10) | Math.floor(r(0, 1024)));
}

/**
 * input [1,9,9,3] → PAD (rows 1 / 2, columns 0 / 1) [1,12,10,3] → CONV_2D 3×3 VALID with float16
 * weights and bias behind DEQUANTIZE, RELU [1,10,8,4] → MAX_POOL_2D 3×3 stride 2 SAME (asymmetric
 * padding) [1,5,4,4] → RESIZE_BILINEAR to 7×9, half-pixel centres → RESIZE_BILINEAR to 4×5, corners
 * aligned → MAX_POOL_2D 2×2 VALID with RELU6 [1,2,2,4].
 */
function buildModel(): SynthModel {
  return {
    tensors: [
      { name: 'input', shape: [1, 9, 9, 3] }, // 0
      { name: 'pads', shape: [4, 2], data: Int32Array.from([0, 0, 1, 2, 0, 1, 0, 0]) }, // 1
      { name: 'padded', shape: [1, 12, 10, 3] }, // 2
      { name: 'w16', shape: [4, 3, 3, 3], data: halves(108, 1) }, // 3
      { name: 'w', shape: [4, 3, 3, 3] }, // 4
      { name: 'b16', shape: [4], data: halves(4, 2) }, // 5
      { name: 'b', shape: [4] }, // 6
      { name: 'conv', shape: [1, 10, 8, 4] }, // 7
      { name: 'pool', shape: [1, 5, 4, 4] }, // 8
      { name: 'size1', shape: [2], data: Int32Array.from([7, 9]) }, // 9
      { name: 'up', shape: [1, 7, 9, 4] }, // 10
      { name: 'size2', shape: [2], data: Int32Array.from([4, 5]) }, // 11
      { name: 'down', shape: [1, 4, 5, 4] }, // 12
      { name: 'out', shape: [1, 2, 2, 4] }, // 13
    ],
    ops: [
      { code: OP.PAD_OP, inputs: [0, 1], outputs: [2], options: PAD_OPTIONS },
      { code: OP.DEQUANTIZE, inputs: [3], outputs: [4] },
      { code: OP.DEQUANTIZE, inputs: [5], outputs: [6] },
      { code: OP.CONV_2D, inputs: [2, 4, 6], outputs: [7], options: conv2dOptions(PAD.VALID, [1, 1], [1, 1], ACT.RELU) },
      { code: OP.MAX_POOL_2D, inputs: [7], outputs: [8], options: pool2dOptions(PAD.SAME, [2, 2], [3, 3], ACT.NONE) },
      { code: OP.RESIZE_BILINEAR, inputs: [8, 9], outputs: [10], options: resizeBilinearOptions(false, true) },
      { code: OP.RESIZE_BILINEAR, inputs: [10, 11], outputs: [12], options: resizeBilinearOptions(true, false) },
      { code: OP.MAX_POOL_2D, inputs: [12], outputs: [13], options: pool2dOptions(PAD.VALID, [2, 2], [2, 2], ACT.RELU6) },
    ],
    inputs: [0],
    outputs: [13],
  };
}

describe('float16 weights, PAD, MAX_POOL_2D, RESIZE_BILINEAR', () => {
  it('folds each DEQUANTIZE into a float32 constant and matches the reference for any batch', async () => {
    const spec = buildModel();
    const parsed = parseTflite(writeTflite(spec));
    expect(parsed.operators.map((o) => o.op)).toEqual(['PAD', 'CONV_2D', 'MAX_POOL_2D', 'RESIZE_BILINEAR', 'RESIZE_BILINEAR', 'MAX_POOL_2D']);
    expect(parsed.operators.map((o) => o.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(parsed.tensors[4]!.data!)).toEqual(Array.from(spec.tensors[3]!.data!, halfToFloat));
    expect(parsed.operators[3]!.options).toEqual({ alignCorners: false, halfPixelCenters: true });

    const result = convertTfliteToTfjs(writeTflite(spec));
    expect(result.stats.tfOps).toMatchObject({ Pad: 1, _FusedConv2D: 1, MaxPool: 2, ResizeBilinear: 2 });
    const model = await loadConverted(result);
    const per = 9 * 9 * 3;
    const data = randomArray(3 * per, 5, -2, 2);
    const got = await predict(model, data, [3, 9, 9, 3]);
    expect(got.shape).toEqual([3, 2, 2, 4]);
    for (let n = 0; n < 3; n++) {
      const ref = runReference(parsed, new Map([[0, { shape: [1, 9, 9, 3], data: data.slice(n * per, (n + 1) * per) }]])).get(13)!;
      expect(ref.data.some((v) => v > 0 && v < 6)).toBe(true); // not all clipped: the comparison means something
      expect(maxAbsDiff(got.data.subarray(n * 16, (n + 1) * 16), ref.data)).toBeLessThan(1e-4);
    }
    model.dispose();
  });

  it('refuses a DEQUANTIZE of a computed tensor, and a PAD of a dynamic batch axis', () => {
    const spec = buildModel();
    spec.ops[1] = { code: OP.DEQUANTIZE, inputs: [2], outputs: [4] };
    expect(() => parseTflite(writeTflite(spec))).toThrow("DEQUANTIZE at operator 1: only a constant's dequantization can be converted");
    const padBatch = buildModel();
    padBatch.tensors[1]!.data = Int32Array.from([1, 0, 1, 2, 0, 1, 0, 0]);
    padBatch.tensors[2]!.shape = [2, 12, 10, 3];
    expect(() => convertTfliteToTfjs(writeTflite(padBatch))).toThrow(/pads the batch axis/);
  });
});

describe("MediaPipe's BlazeFace full range (face_detection_full_range.tflite)", () => {
  const file = createRequire(import.meta.url).resolve('@mediapipe/face_detection/face_detection_full_range.tflite');
  const bytes = new Uint8Array(readFileSync(file));

  it('converts into a graph that takes any batch: 2,304 anchors × (box, six points) and a score', async () => {
    const parsed = parseTflite(bytes);
    expect(countOps(parsed)).toEqual({ CONV_2D: 49, RELU: 47, DEPTHWISE_CONV_2D: 40, ADD: 23, MAX_POOL_2D: 4, PAD: 8, RESIZE_BILINEAR: 3, RESHAPE: 2 });
    const result = convertTfliteToTfjs(bytes);
    const model = await loadConverted(result);
    const data = randomArray(2 * 192 * 192 * 3, 9);
    const both = model.predict(tf.tensor(data, [2, 192, 192, 3])) as tf.Tensor[];
    expect(both.map((t) => t.shape)).toEqual([[2, 2304, 16], [2, 2304, 1]]);
    const one = model.predict(tf.tensor(data.slice(192 * 192 * 3), [1, 192, 192, 3])) as tf.Tensor[];
    for (let k = 0; k < 2; k++) {
      const all = both[k]!.dataSync();
      const second = all.subarray(all.length / 2);
      expect(second.every(Number.isFinite)).toBe(true);
      expect(maxAbsDiff(one[k]!.dataSync(), second)).toBeLessThan(1e-3);
    }
    tf.dispose([...both, ...one]);
    model.dispose();
  }, 60_000);
});
