/**
 * Converts a float32 TensorFlow Lite model into a TensorFlow.js graph model
 * (model.json + one weights file), without Python or the official converter.
 *
 * Supported TFLite ops: CONV_2D, DEPTHWISE_CONV_2D, ADD, SUB, MUL, RELU, RELU6, ABS, RESHAPE,
 * MAX_POOL_2D, PAD, RESIZE_BILINEAR, and DEQUANTIZE of float16 constants (folded at parsing)
 * (see ./tflite.ts). Each op maps onto the TensorFlow op that the tfjs-converter runtime
 * executes with identical semantics (NHWC, same SAME/VALID padding rule, numpy broadcasting):
 * ./tflite-lower.ts and ./tflite-lower-conv.ts lower them, ./tflite-prelu.ts finds the PReLU
 * pattern, ./tfjs-graph.ts holds the output format. This file walks the graph.
 *
 * Rewrites, all exact (see the comments at each one):
 *  - conv + constant bias (+ RELU / RELU6 fused activation) → _FusedConv2D /
 *    FusedDepthwiseConv2dNative with fused_ops ["BiasAdd"(, "Relu" | "Relu6")];
 *  - the PReLU decomposition TOCO emits,  y = relu(x) + c * (x - |x|),  → Prelu(x, 2c)
 *    (and, when x comes straight from a biased conv, fused_ops ["BiasAdd", "Prelu"]);
 *  - the batch dimension becomes dynamic (-1) in the input placeholder and in RESHAPE
 *    targets, so one model serves any batch size.
 * Anything that cannot be converted faithfully throws an Error saying what and where.
 */
import { attr, dims, GraphBuilder, sanitizeNodeName, type GraphModelJson } from './tfjs-graph.ts';
import { lowerConv } from './tflite-lower-conv.ts';
import { lowerElementwise, lowerMaxPool, lowerPad, lowerReshape, lowerResizeBilinear, lowerUnary, tfType, type LowerContext } from './tflite-lower.ts';
import { findPreluPatterns, type PreluMatch } from './tflite-prelu.ts';
import { parseTflite, type TfliteModel, type TfliteTensor } from './tflite.ts';

export interface ConvertOptions {
  /** File name written into the weights manifest (default "weights.bin"). */
  weightsFileName?: string;
  /** Make the batch dimension dynamic (-1) everywhere (default true). */
  dynamicBatch?: boolean;
  /** Fuse conv + bias (+ fused activation) into _FusedConv2D / FusedDepthwiseConv2dNative (default true). */
  fuseConvBias?: boolean;
  /** Rewrite the RELU/ABS/SUB/MUL/ADD PReLU decomposition into Prelu (default true). */
  fusePrelu?: boolean;
  /** `generatedBy` field of model.json (default: the TFLite model description). */
  generatedBy?: string;
  /** Store as float16 every float32 constant that float16 holds exactly (e.g. a float16 model's weights). */
  halfWhereExact?: boolean;
}

export interface ConversionStats {
  /** Emitted TensorFlow ops by type (Const and Placeholder included). */
  tfOps: Record<string, number>;
  /** PReLU decompositions recognised and replaced. */
  prelu: number;
  /** ... of which were fused into the preceding conv as fused_ops "Prelu". */
  preluFusedIntoConv: number;
  /** Convs whose bias (and activation) went into a fused op. */
  convBiasFused: number;
}

export interface ConversionResult {
  modelJson: GraphModelJson;
  /** Contents of the single weights file named in the manifest. */
  weights: Uint8Array;
  stats: ConversionStats;
}

/** Converts .tflite bytes into a TF.js graph model. */
export function convertTfliteToTfjs(tflite: Uint8Array, opts: ConvertOptions = {}): ConversionResult {
  return convertTfliteModel(parseTflite(tflite), opts);
}

/** Converts an already parsed TFLite model (see parseTflite) into a TF.js graph model. */
export function convertTfliteModel(model: TfliteModel, opts: ConvertOptions = {}): ConversionResult {
  const dynamicBatch = opts.dynamicBatch ?? true;
  const fusePrelu = opts.fusePrelu ?? true;
  const { tensors, operators } = model;

  const tensor = (i: number, where: string): TfliteTensor => {
    const t = tensors[i];
    if (!t) throw new Error(`${where}: tensor index ${i} does not exist`);
    return t;
  };

  // --- Graph analysis ------------------------------------------------------------------
  const consumers: number[][] = tensors.map(() => []);
  for (const op of operators) for (const i of op.inputs) if (i >= 0) consumers[i]?.push(op.index);
  const graphOutputs = new Set(model.outputs);
  const isGraphOutput = (t: number): boolean => graphOutputs.has(t);

  const preluByAdd = new Map<number, PreluMatch>();
  const preluByX = new Map<number, PreluMatch>();
  const skippedOps = new Set<number>();
  if (fusePrelu) {
    for (const m of findPreluPatterns(model, consumers, isGraphOutput)) {
      preluByAdd.set(m.ops[4]!, m);
      preluByX.set(m.x, m);
      for (const i of m.ops.slice(0, 4)) skippedOps.add(i);
    }
  }

  // --- Node / weight emission ----------------------------------------------------------
  const graph = new GraphBuilder({ halfWhereExact: opts.halfWhereExact ?? false });

  // Graph input / output names are reserved first so they keep their TFLite names.
  const reservedName = (t: TfliteTensor): string => sanitizeNodeName(t.name);
  for (const i of new Set([...model.inputs, ...model.outputs])) {
    const name = reservedName(tensor(i, 'graph input/output'));
    if (!graph.reserve(name)) {
      throw new Error(`Two graph inputs/outputs share the name "${name}"`);
    }
  }

  const ref = new Map<number, string>();
  const batched = new Set<number>();
  const nameFor = (t: number): string => {
    const tt = tensor(t, 'output');
    return isGraphOutput(t) ? reservedName(tt) : graph.uniqueName(tt.name);
  };

  for (const i of model.inputs) {
    const t = tensor(i, 'graph input');
    if (t.data) throw new Error(`Graph input "${t.name}" is a constant`);
    const shape = t.shape.slice();
    if (dynamicBatch && shape.length > 0) {
      shape[0] = -1;
      batched.add(i);
    }
    ref.set(i, graph.addNode({
      name: reservedName(t),
      op: 'Placeholder',
      attr: { dtype: attr.type(tfType(t)), shape: { shape: dims(shape) } },
    }));
  }

  const input = (t: number, where: string): string => {
    const existing = ref.get(t);
    if (existing !== undefined) return existing;
    const tt = tensor(t, where);
    if (!tt.data) throw new Error(`${where}: input tensor ${t} "${tt.name}" is used before it is produced`);
    const name = graph.addConst(tt.name, tt.data, tt.shape);
    ref.set(t, name);
    return name;
  };

  const c: LowerContext = {
    graph,
    dynamicBatch,
    fuseConvBias: opts.fuseConvBias ?? true,
    consumers,
    isGraphOutput,
    preluByX,
    preluByAdd,
    ref,
    batched,
    stats: { preluFusedIntoConv: 0, convBiasFused: 0 },
    tensor,
    input,
    nameFor,
  };

  for (const op of operators) {
    if (skippedOps.has(op.index)) continue;
    const where = `at operator ${op.index} (${op.op})`;
    if (op.outputs.length !== 1) throw new Error(`${where}: expected 1 output, got ${op.outputs.length}`);
    const out = op.outputs[0]!;
    const outT = tensor(out, where);
    if (outT.data) throw new Error(`${where}: output tensor "${outT.name}" is a constant`);
    if (ref.has(out)) continue; // already produced by a fused node (conv + PReLU)

    switch (op.op) {
      case 'CONV_2D':
      case 'DEPTHWISE_CONV_2D':
        lowerConv(c, { op, out, outT, where });
        break;
      case 'ADD':
      case 'SUB':
      case 'MUL':
        lowerElementwise(c, { op, out, outT, where });
        break;
      case 'RELU':
      case 'RELU6':
      case 'ABS':
        lowerUnary(c, { op, out, outT, where });
        break;
      case 'RESHAPE':
        lowerReshape(c, { op, out, outT, where });
        break;
      case 'MAX_POOL_2D':
        lowerMaxPool(c, { op, out, outT, where });
        break;
      case 'PAD':
        lowerPad(c, { op, out, outT, where });
        break;
      case 'RESIZE_BILINEAR':
        lowerResizeBilinear(c, { op, out, outT, where });
        break;
      case 'DEQUANTIZE':
        throw new Error(`${where}: left after parsing (foldDequantize)`);
    }
  }

  // --- Outputs & signature ---------------------------------------------------------------
  const signatureShape = (t: number): number[] => {
    const shape = tensor(t, 'signature').shape.slice();
    if (batched.has(t) && shape.length > 0) shape[0] = -1;
    return shape;
  };
  const signature: GraphModelJson['signature'] = { inputs: {}, outputs: {} };
  for (const i of model.inputs) {
    const t = tensor(i, 'graph input');
    signature.inputs[reservedName(t)] = { name: `${ref.get(i)!}:0`, dtype: tfType(t), tensorShape: dims(signatureShape(i)) };
  }
  for (const i of model.outputs) {
    const t = tensor(i, 'graph output');
    let name = ref.get(i);
    if (name === undefined && !t.data) throw new Error(`Graph output "${t.name}" is never produced`);
    if (name === undefined || (name !== reservedName(t) && !model.inputs.includes(i))) {
      // A constant output (or one whose node got another name): give it an Identity node
      // under the output's own name.
      name = graph.addNode({ name: reservedName(t), op: 'Identity', input: [input(i, 'graph output')], attr: { T: attr.type(tfType(t)) } });
    }
    signature.outputs[reservedName(t)] = { name: `${name}:0`, dtype: tfType(t), tensorShape: dims(signatureShape(i)) };
  }

  const modelJson: GraphModelJson = {
    format: 'graph-model',
    generatedBy: opts.generatedBy ?? model.description ?? 'TensorFlow Lite',
    convertedBy: 'visage scripts/lib/tflite-to-tfjs.ts',
    signature,
    modelTopology: { node: graph.nodes, library: {}, versions: {} },
    weightsManifest: [{ paths: [opts.weightsFileName ?? 'weights.bin'], weights: graph.weightSpecs }],
  };
  return {
    modelJson,
    weights: graph.weights(),
    stats: { tfOps: graph.tfOps, prelu: preluByAdd.size, ...c.stats },
  };
}
