/** Helpers for the converter tests: seeded inputs, loading and running a converted model, comparisons. */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { GraphModelJson } from '../tfjs-graph.ts';
import type { ConversionResult } from '../tflite-to-tfjs.ts';
import { rng } from '../rng';

export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = r(lo, hi);
  return out;
}

export async function loadConverted(result: Pick<ConversionResult, 'modelJson' | 'weights'>): Promise<tf.GraphModel> {
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

export async function predict(model: tf.GraphModel, data: Float32Array, shape: number[]): Promise<{ shape: number[]; data: Float32Array }> {
  const x = tf.tensor(data, shape, 'float32');
  const y = model.predict(x) as tf.Tensor;
  const out = { shape: y.shape.slice(), data: (await y.data()) as Float32Array };
  x.dispose();
  y.dispose();
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
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
