/**
 * Tests for the ONNX reader and the ONNX → TF.js converter on the real candidate embedder
 * (faceplugin's ArcFace MobileFaceNet, cached by `npm run models`): the converted NHWC graph must
 * agree with a deliberately naive NCHW interpreter of the ONNX graph, written here from the ONNX
 * operator definitions (Conv with pads, strides and groups; PRelu; Add; Reshape).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseOnnx, type OnnxModel } from './onnx.ts';
import { convertOnnxModel } from './onnx-to-tfjs.ts';
import { cosine, loadConverted, maxAbsDiff, predict, randomArray } from './tflite-testing/tfjs.ts';

const MODEL_PATH = fileURLToPath(new URL('../../.cache/models/fr_feature.onnx', import.meta.url));

/** A value of the naive interpreter: NCHW, batch 1. */
type Nchw = { c: number; h: number; w: number; data: Float32Array };

function conv(model: OnnxModel, x: Nchw, node: OnnxModel['nodes'][number]): Nchw {
  const w = model.initializers.get(node.inputs[1]!)!;
  const b = node.inputs[2] ? (model.initializers.get(node.inputs[2])!.data as Float32Array) : null;
  const [O, I, KH, KW] = w.dims as [number, number, number, number];
  const group = node.attributes.get('group')?.i ?? 1;
  const [sh, sw] = node.attributes.get('strides')!.ints!;
  const [pt, pl, pb, pr] = node.attributes.get('pads')?.ints ?? [0, 0, 0, 0];
  const h = Math.floor((x.h + pt! + pb! - KH) / sh!) + 1;
  const wd = Math.floor((x.w + pl! + pr! - KW) / sw!) + 1;
  const out = new Float32Array(O * h * wd);
  const wt = w.data as Float32Array;
  const perGroup = O / group;
  for (let o = 0; o < O; o++) {
    const g = Math.floor(o / perGroup);
    for (let y = 0; y < h; y++)
      for (let xx = 0; xx < wd; xx++) {
        let sum = b ? b[o]! : 0;
        for (let i = 0; i < I; i++)
          for (let kh = 0; kh < KH; kh++)
            for (let kw = 0; kw < KW; kw++) {
              const iy = y * sh! - pt! + kh;
              const ix = xx * sw! - pl! + kw;
              if (iy < 0 || ix < 0 || iy >= x.h || ix >= x.w) continue;
              sum += wt[((o * I + i) * KH + kh) * KW + kw]! * x.data[((g * I + i) * x.h + iy) * x.w + ix]!;
            }
        out[(o * h + y) * wd + xx] = sum;
      }
  }
  return { c: O, h, w: wd, data: out };
}

/** Runs the ONNX graph on one NCHW image. */
function reference(model: OnnxModel, input: Nchw): Float32Array {
  const values = new Map<string, Nchw>([[model.inputs[0]!.name, input]]);
  for (const n of model.nodes) {
    const x = values.get(n.inputs[0]!)!;
    let y: Nchw;
    if (n.opType === 'Conv') y = conv(model, x, n);
    else if (n.opType === 'PRelu') {
      const slope = model.initializers.get(n.inputs[1]!)!.data as Float32Array;
      const per = x.h * x.w;
      y = { ...x, data: x.data.map((v, k) => (v >= 0 ? v : v * slope[Math.floor(k / per)]!)) };
    } else if (n.opType === 'Add') {
      const b = values.get(n.inputs[1]!)!;
      y = { ...x, data: x.data.map((v, k) => v + b.data[k]!) };
    } else if (n.opType === 'Reshape') y = x;
    else throw new Error(`no reference for ${n.opType}`);
    values.set(n.outputs[0]!, y);
  }
  return values.get(model.outputs[0]!.name)!.data;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('the ArcFace MobileFaceNet ONNX model', () => {
  let parsed: OnnxModel;

  beforeAll(() => {
    if (!existsSync(MODEL_PATH)) throw new Error(`${MODEL_PATH} is missing: run \`npm run models\` (the install step writes it)`);
    parsed = parseOnnx(new Uint8Array(readFileSync(MODEL_PATH)));
  });

  it('is read whole: its input, output, ops and weights', () => {
    expect(parsed.inputs).toEqual([{ name: 'input', shape: [1, 3, 112, 112] }]);
    expect(parsed.outputs).toEqual([{ name: 'output', shape: [1, 512] }]);
    const ops: Record<string, number> = {};
    for (const n of parsed.nodes) ops[n.opType] = (ops[n.opType] ?? 0) + 1;
    expect(ops).toEqual({ Conv: 50, PRelu: 33, Add: 12, Reshape: 1 });
    const floats = [...parsed.initializers.values()].reduce((s, t) => s + (t.data instanceof Float32Array ? t.data.length : 0), 0);
    expect(floats).toBe(1_190_336);
  });

  it('converts to an NHWC graph that agrees with the naive NCHW interpreter, at any batch size', async () => {
    const converted = convertOnnxModel(parsed, 'test');
    // Every PRelu follows a biased conv it alone reads: all fused; the 4 stride-2 convs get a Pad.
    expect(converted.tfOps).toMatchObject({ Pad: 4, _FusedConv2D: 33, FusedDepthwiseConv2dNative: 17, AddV2: 12, Reshape: 1 });
    expect(converted.tfOps['Prelu']).toBeUndefined();
    const model = await loadConverted(converted);
    const nhwc = randomArray(2 * 112 * 112 * 3, 7);
    const out = await predict(model, nhwc, [2, 112, 112, 3]);
    expect(out.shape).toEqual([2, 512]);
    // The second image through the reference (NHWC → NCHW).
    const chw = new Float32Array(3 * 112 * 112);
    for (let y = 0; y < 112; y++) for (let x = 0; x < 112; x++) for (let c = 0; c < 3; c++) chw[(c * 112 + y) * 112 + x] = nhwc[112 * 112 * 3 + (y * 112 + x) * 3 + c]!;
    const want = reference(parsed, { c: 3, h: 112, w: 112, data: chw });
    const got = out.data.subarray(512);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-4);
    expect(cosine(got, want)).toBeGreaterThan(0.99999);
    model.dispose();
  });

  it('names what it cannot convert', () => {
    const renamed = { ...parsed, nodes: parsed.nodes.map((n, i) => (i === 5 ? { ...n, opType: 'Sigmoid' } : n)) };
    expect(() => convertOnnxModel(renamed, 'test')).toThrow(/the op Sigmoid is not supported/);
    const grouped = { ...parsed, nodes: parsed.nodes.map((n, i) => (i === 2 ? { ...n, attributes: new Map([...n.attributes, ['group', { name: 'group', i: 2 }]]) } : n)) };
    expect(() => convertOnnxModel(grouped, 'test')).toThrow(/only depthwise grouping/);
  });

  it('refuses a file that is not ONNX, and a truncated one', () => {
    expect(() => parseOnnx(new TextEncoder().encode('not a model at all'))).toThrow(/ONNX/);
    const bytes = new Uint8Array(readFileSync(MODEL_PATH));
    expect(() => parseOnnx(bytes.subarray(0, bytes.length - 1000))).toThrow(/ONNX/);
  });
});
