/**
 * Converts a float32 ONNX image model made of Conv, PRelu, Add and a final Reshape (the ArcFace
 * MobileFaceNet family) into a TensorFlow.js graph model (model.json + one weights file) that
 * takes NHWC input, as the app's embedder feeds it, and any batch size.
 *
 * - The NCHW graph becomes NHWC: filters OIHW → HWIO (Conv2D) or HW·C·1 (depthwise, group =
 *   channels); any other grouping throws.
 * - Padding: none → VALID; symmetric and stride 1 with an odd kernel → SAME (TensorFlow pads
 *   (k − 1) / 2 each side then, the same); anything else → an explicit Pad node and VALID (with
 *   stride 2 TensorFlow's SAME would pad bottom/right only, ONNX pads both sides).
 * - Conv + bias (+ a PRelu that alone reads the conv) → _FusedConv2D / FusedDepthwiseConv2dNative
 *   with fused_ops ["BiasAdd"(, "Prelu")], as the TFLite converter fuses them.
 * - The final Reshape must flatten a 1×1 feature map (then NCHW and NHWC orders agree).
 * Anything else throws an Error naming the node.
 */
import { attr, dims, GraphBuilder, type GraphModelJson } from './tfjs-graph.ts';
import { parseOnnx, type OnnxModel, type OnnxNode, type OnnxTensor } from './onnx.ts';

export interface OnnxConversion {
  modelJson: GraphModelJson;
  weights: Uint8Array;
  /** Emitted TensorFlow ops by type. */
  tfOps: Record<string, number>;
}

/** Converts ONNX bytes; `generatedBy` goes into model.json. */
export function convertOnnxToTfjs(bytes: Uint8Array, generatedBy: string, weightsFileName = 'weights.bin'): OnnxConversion {
  return convertOnnxModel(parseOnnx(bytes), generatedBy, weightsFileName);
}

const float = () => attr.type('DT_FLOAT');

export function convertOnnxModel(model: OnnxModel, generatedBy: string, weightsFileName = 'weights.bin'): OnnxConversion {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) throw new Error('ONNX: one input and one output expected');
  const [input] = model.inputs as [OnnxModel['inputs'][0]];
  const [output] = model.outputs as [OnnxModel['outputs'][0]];
  if (input.shape.length !== 4) throw new Error(`ONNX: input "${input.name}" must be NCHW, got [${input.shape}]`);
  const graph = new GraphBuilder();
  graph.reserve(input.name);
  graph.reserve(output.name);
  /** Each ONNX value: its TF node and NHWC shape (batch -1). */
  const values = new Map<string, { node: string; shape: number[] }>();
  const [, C, H, W] = input.shape as [number, number, number, number];
  values.set(input.name, {
    node: graph.addNode({ name: input.name, op: 'Placeholder', attr: { dtype: float(), shape: { shape: dims([-1, H, W, C]) } } }),
    shape: [-1, H, W, C],
  });
  const readers = new Map<string, number>();
  for (const n of model.nodes) for (const i of n.inputs) readers.set(i, (readers.get(i) ?? 0) + 1);
  const nameOf = (value: string) => (value === output.name ? output.name : graph.uniqueName(value));
  const value = (name: string, where: string) => {
    const v = values.get(name);
    if (!v) throw new Error(`ONNX: ${where} reads "${name}" before it is made`);
    return v;
  };
  const constant = (name: string, where: string): OnnxTensor => {
    const t = model.initializers.get(name);
    if (!t || !(t.data instanceof Float32Array)) throw new Error(`ONNX: ${where} needs "${name}" as a float32 constant`);
    return t;
  };
  const done = new Set<OnnxNode>();

  for (const n of model.nodes) {
    if (done.has(n)) continue;
    const where = `node "${n.name || n.outputs[0]}" (${n.opType})`;
    const out = n.outputs[0]!;
    if (n.outputs.length !== 1) throw new Error(`ONNX: ${where} has ${n.outputs.length} outputs`);
    switch (n.opType) {
      case 'Conv': {
        const x = value(n.inputs[0]!, where);
        const w = constant(n.inputs[1]!, where);
        const b = n.inputs[2] ? constant(n.inputs[2], where) : null;
        const [O, I, KH, KW] = w.dims as [number, number, number, number];
        const inC = x.shape[3]!;
        const group = n.attributes.get('group')?.i ?? 1;
        const [sh = 1, sw = 1] = n.attributes.get('strides')?.ints ?? [];
        const [top = 0, left = 0, bottom = 0, right = 0] = n.attributes.get('pads')?.ints ?? [];
        const dil = n.attributes.get('dilations')?.ints ?? [1, 1];
        if (dil.some((d) => d !== 1)) throw new Error(`ONNX: ${where}: dilations are not supported`);
        if (n.attributes.get('auto_pad')?.s && n.attributes.get('auto_pad')?.s !== 'NOTSET') throw new Error(`ONNX: ${where}: auto_pad is not supported`);
        const depthwise = group > 1;
        if (depthwise && !(group === inC && O === inC && I === 1)) throw new Error(`ONNX: ${where}: only depthwise grouping (group = channels) is supported`);
        if (!depthwise && I !== inC) throw new Error(`ONNX: ${where}: filter takes ${I} channels, input has ${inC}`);
        const src = w.data as Float32Array;
        const filter = new Float32Array(src.length);
        // OIHW → HWIO (depthwise: [C, 1, kh, kw] → [kh, kw, C, 1]).
        for (let o = 0; o < O; o++)
          for (let i = 0; i < I; i++)
            for (let kh = 0; kh < KH; kh++)
              for (let kw = 0; kw < KW; kw++) {
                const from = ((o * I + i) * KH + kh) * KW + kw;
                filter[depthwise ? (kh * KW + kw) * O + o : ((kh * KW + kw) * I + i) * O + o] = src[from]!;
              }
        const filterNode = graph.addConst(`${w.name}/hwio`, filter, depthwise ? [KH, KW, O, 1] : [KH, KW, I, O]);
        const same = top === bottom && left === right && sh === 1 && sw === 1 && KH === 2 * top + 1 && KW === 2 * left + 1 && top + left > 0;
        let xNode = x.node;
        let padding = 'VALID';
        if (same) padding = 'SAME';
        else if (top + left + bottom + right > 0) {
          const pads = graph.addConst(`${out}/paddings`, Int32Array.from([0, 0, top, bottom, left, right, 0, 0]), [4, 2]);
          xNode = graph.addNode({ name: graph.uniqueName(`${out}/pad`), op: 'Pad', input: [x.node, pads], attr: { T: float(), Tpaddings: attr.type('DT_INT32') } });
        }
        const [, h, wd] = x.shape as [number, number, number, number];
        const pH = same ? KH - 1 : top + bottom;
        const pW = same ? KW - 1 : left + right;
        const shape = [-1, Math.floor((h + pH - KH) / sh) + 1, Math.floor((wd + pW - KW) / sw) + 1, O];
        // A PRelu that is the conv's only reader is fused into it.
        const next = model.nodes.find((m) => m.opType === 'PRelu' && m.inputs[0] === out);
        const fuse = b !== null && next !== undefined && readers.get(out) === 1 && out !== output.name;
        const fused = ['BiasAdd', ...(fuse ? ['Prelu'] : [])];
        const extra = b ? [graph.addConst(b.name, b.data as Float32Array, [O])] : [];
        if (fuse) extra.push(graph.addConst(next.inputs[1]!, preluSlope(constant(next.inputs[1]!, where), O, where), [O]));
        const final = fuse ? next.outputs[0]! : out;
        const base = {
          T: float(),
          strides: attr.ints([1, sh, sw, 1]),
          padding: attr.s(padding),
          data_format: attr.s('NHWC'),
          dilations: attr.ints([1, 1, 1, 1]),
          explicit_paddings: attr.emptyList(),
          ...(depthwise ? {} : { use_cudnn_on_gpu: attr.b(true) }),
        };
        const node = b
          ? graph.addNode({
              name: nameOf(final),
              op: depthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D',
              input: [xNode, filterNode, ...extra],
              attr: { ...base, fused_ops: attr.strings(fused), num_args: attr.i(extra.length), epsilon: attr.f(0) },
            })
          : graph.addNode({ name: nameOf(out), op: depthwise ? 'DepthwiseConv2dNative' : 'Conv2D', input: [xNode, filterNode], attr: base });
        values.set(final, { node, shape });
        if (fuse) done.add(next);
        break;
      }
      case 'PRelu': {
        const x = value(n.inputs[0]!, where);
        const slope = graph.addConst(n.inputs[1]!, preluSlope(constant(n.inputs[1]!, where), x.shape[3]!, where), [x.shape[3]!]);
        values.set(out, { node: graph.addNode({ name: nameOf(out), op: 'Prelu', input: [x.node, slope], attr: { T: float() } }), shape: x.shape });
        break;
      }
      case 'Add': {
        const [a, b] = n.inputs.map((i) => value(i, where)) as [{ node: string; shape: number[] }, { node: string; shape: number[] }];
        if (a.shape.join() !== b.shape.join()) throw new Error(`ONNX: ${where}: shapes [${a.shape}] and [${b.shape}] differ`);
        values.set(out, { node: graph.addNode({ name: nameOf(out), op: 'AddV2', input: [a.node, b.node], attr: { T: float() } }), shape: a.shape });
        break;
      }
      case 'Reshape': {
        const x = value(n.inputs[0]!, where);
        if (x.shape.length !== 4 || x.shape[1] !== 1 || x.shape[2] !== 1) throw new Error(`ONNX: ${where}: only a 1×1 feature map can be flattened, got [${x.shape}]`);
        const target = graph.addConst(`${out}/shape`, Int32Array.from([-1, x.shape[3]!]), [2]);
        values.set(out, {
          node: graph.addNode({ name: nameOf(out), op: 'Reshape', input: [x.node, target], attr: { T: float(), Tshape: attr.type('DT_INT32') } }),
          shape: [-1, x.shape[3]!],
        });
        break;
      }
      default:
        throw new Error(`ONNX: ${where}: the op ${n.opType} is not supported`);
    }
  }
  const out = value(output.name, 'the graph output');
  const modelJson: GraphModelJson = {
    format: 'graph-model',
    generatedBy,
    convertedBy: 'visage scripts/lib/onnx-to-tfjs.ts',
    signature: {
      inputs: { [input.name]: { name: `${input.name}:0`, dtype: 'DT_FLOAT', tensorShape: dims([-1, H, W, C]) } },
      outputs: { [output.name]: { name: `${out.node}:0`, dtype: 'DT_FLOAT', tensorShape: dims(out.shape) } },
    },
    modelTopology: { node: graph.nodes, library: {}, versions: {} },
    weightsManifest: [{ paths: [weightsFileName], weights: graph.weightSpecs }],
  };
  return { modelJson, weights: graph.weights(), tfOps: graph.tfOps };
}

/** A PRelu slope of shape [C], [C, 1, 1] or [1] as C values. */
function preluSlope(t: OnnxTensor, channels: number, where: string): Float32Array {
  const data = t.data as Float32Array;
  if (data.length === channels) return data;
  if (data.length === 1) return new Float32Array(channels).fill(data[0]!);
  throw new Error(`ONNX: ${where}: PRelu slope [${t.dims}] does not fit ${channels} channels`);
}
