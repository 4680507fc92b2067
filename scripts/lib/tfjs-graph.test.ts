import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './tfjs-graph.ts';
import { exactHalf, halfToFloat } from './tflite-data.ts';

describe('exactHalf', () => {
  it('gives back the bits of every float16 value, and null for what float16 cannot hold', () => {
    for (let h = 0; h < 0x10000; h++) {
      const v = halfToFloat(h);
      if (!Number.isNaN(v)) expect(exactHalf(v)).toBe(h);
    }
    for (const v of [0.1, 1 + 2 ** -11, 65520, 1e6, 2 ** -25, Math.fround(Math.PI), NaN]) expect(exactHalf(v), String(v)).toBeNull();
  });
});

describe('GraphBuilder halfWhereExact', () => {
  it('stores the constants float16 holds as float16, the others as before, and TF.js reads back the same values', async () => {
    const exact = new Float32Array([0, -0.5, 1.5, 65504, 2 ** -24, -3.25]);
    const inexact = new Float32Array([0.1, 1, 2]);
    const ints = new Int32Array([-1, 7]);
    const graph = new GraphBuilder({ halfWhereExact: true });
    graph.addConst('a', exact, [2, 3]);
    graph.addConst('b', inexact, [3]);
    graph.addConst('c', ints, [2]);
    expect(graph.weightSpecs.map((s) => s.quantization ?? null)).toEqual([{ dtype: 'float16' }, null, null]);
    const bytes = graph.weights();
    expect(bytes.byteLength).toBe(6 * 2 + 3 * 4 + 2 * 4);
    const read = tf.io.decodeWeights(bytes.slice().buffer, graph.weightSpecs);
    expect(Array.from(read['a']!.dataSync())).toEqual(Array.from(exact));
    expect(Array.from(read['b']!.dataSync())).toEqual(Array.from(inexact));
    expect(Array.from(read['c']!.dataSync())).toEqual([-1, 7]);
    // Without the option, every float32 constant stays float32.
    const plain = new GraphBuilder();
    plain.addConst('a', exact, [2, 3]);
    expect(plain.weightSpecs[0]!.quantization).toBeUndefined();
    expect(plain.weights().byteLength).toBe(6 * 4);
  });
});
