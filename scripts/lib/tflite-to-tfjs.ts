/**
 * Converts a float32 TensorFlow Lite model into a TensorFlow.js graph model
 * (model.json + one weights file), without Python or the official converter.
 *
 * Supported TFLite ops: CONV_2D, DEPTHWISE_CONV_2D, ADD, SUB, MUL, RELU, RELU6, ABS, RESHAPE
 * (see ./tflite.ts). Each op maps onto the TensorFlow op that the tfjs-converter runtime
 * executes with identical semantics (NHWC, same SAME/VALID padding rule, numpy broadcasting).
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
import {
  parseTflite,
  type Activation,
  type TfliteModel,
  type TfliteOperator,
  type TfliteTensor,
} from './tflite.ts';

// ---------------------------------------------------------------------------------------
// Public types

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
}

/** A TensorFlow AttrValue as it appears in model.json (protobuf JSON mapping). */
export type TfAttr = Record<string, unknown>;

export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr: Record<string, TfAttr>;
}

export interface TfTensorInfo {
  name: string;
  dtype: TfDataType;
  tensorShape: { dim: { size: string }[] };
}

export type TfDataType = 'DT_FLOAT' | 'DT_INT32';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}

export interface GraphModelJson {
  format: 'graph-model';
  generatedBy: string;
  convertedBy: string;
  signature: { inputs: Record<string, TfTensorInfo>; outputs: Record<string, TfTensorInfo> };
  modelTopology: { node: TfNode[]; library: Record<string, never>; versions: Record<string, never> };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
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

// ---------------------------------------------------------------------------------------
// Attr helpers (string attrs are base64 in the protobuf JSON mapping).

const attr = {
  type: (t: TfDataType): TfAttr => ({ type: t }),
  s: (value: string): TfAttr => ({ s: btoa(value) }),
  i: (value: number): TfAttr => ({ i: String(value) }),
  f: (value: number): TfAttr => ({ f: value }),
  b: (value: boolean): TfAttr => ({ b: value }),
  ints: (values: number[]): TfAttr => ({ list: { i: values.map(String) } }),
  strings: (values: string[]): TfAttr => ({ list: { s: values.map((v) => btoa(v)) } }),
  emptyList: (): TfAttr => ({ list: {} }),
};

const dims = (shape: number[]): { dim: { size: string }[] } => ({ dim: shape.map((d) => ({ size: String(d) })) });

const tfType = (t: TfliteTensor): TfDataType => (t.dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32');

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

// ---------------------------------------------------------------------------------------
// PReLU pattern

/**
 * TOCO lowers PReLU (alpha per channel) as
 *     r = RELU(x);  a = ABS(x);  s = SUB(x, a);  m = MUL(c, s);  y = ADD(r, m)
 * with c = alpha / 2 folded into one constant. (SUB(a, x) with c = -alpha / 2 is accepted
 * too, as are either operand order of MUL and ADD.)
 *
 * Why Prelu(x, alpha') with alpha' = 2c (or -2c) is exact in float32, for every finite x
 * with |x| < FLT_MAX / 2:
 *  - x >= 0: |x| = x, so s = 0 exactly, m = ±0, y = x + (±0) = x; Prelu gives x.
 *    (x = -0 may come out as +0 instead of -0; the values compare equal.)
 *  - x < 0: r = 0, s = x - (-x) = 2x exactly (doubling only changes the exponent), so
 *    y = 0 + fl(c * 2x) = fl(c * 2x). Prelu gives fl(alpha' * x) = fl(2c * x), where
 *    alpha' = 2c is itself exact. The two real products c·2x and 2c·x are equal, and
 *    IEEE multiplication rounds the exact product once, so the results are bit-identical.
 * The test suite checks this numerically as well (fused vs unfused graph, and against a
 * naive interpreter of the TFLite graph).
 */
interface PreluMatch {
  /** Tensor PReLU is applied to. */
  x: number;
  /** Output tensor (the ADD's). */
  y: number;
  /** alpha = ±2c, in the constant's own (broadcastable) shape. */
  alpha: Float32Array;
  alphaShape: number[];
  /** Name for the alpha constant. */
  alphaName: string;
  /** Indices of the RELU, ABS, SUB, MUL and ADD operators. */
  ops: number[];
}

/**
 * Is a constant of shape `c` broadcast against `x` a pure per-trailing-dims factor: after
 * dropping leading 1s it equals the trailing dims of x? (Then Prelu, which every tfjs
 * backend broadcasts and the wasm backend applies as "alpha per last-dims block", is
 * unambiguous, and the batch axis is never involved.)
 */
function isTrailingFactor(c: readonly number[], x: readonly number[]): boolean {
  let k = 0;
  while (k < c.length && c[k] === 1) k++;
  const core = c.slice(k);
  if (core.length >= x.length) return false; // would cover the batch axis
  const tail = x.slice(x.length - core.length);
  return core.every((d, i) => d === tail[i]);
}

function findPreluPatterns(model: TfliteModel, consumers: number[][], isGraphOutput: (t: number) => boolean): PreluMatch[] {
  const { tensors, operators } = model;
  const producerOp = new Map<number, TfliteOperator>();
  for (const op of operators) for (const o of op.outputs) producerOp.set(o, op);
  /** The single consumer of tensor t, if it has exactly one and is not a graph output. */
  const soleConsumer = (t: number): TfliteOperator | undefined => {
    const c = consumers[t];
    if (!c || c.length !== 1 || isGraphOutput(t)) return undefined;
    return operators[c[0]!];
  };
  const noAct = (op: TfliteOperator): boolean => !('activation' in op.options) || op.options.activation === 'NONE';

  const matches: PreluMatch[] = [];
  for (const relu of operators) {
    if (relu.op !== 'RELU' || relu.inputs.length !== 1 || relu.outputs.length !== 1) continue;
    const x = relu.inputs[0]!;
    const r = relu.outputs[0]!;
    const xt = tensors[x];
    if (!xt || xt.dtype !== 'float32') continue;
    // The ABS of the same x whose output feeds a SUB together with x.
    for (const ci of consumers[x] ?? []) {
      const abs = operators[ci]!;
      if (abs.op !== 'ABS') continue;
      const a = abs.outputs[0]!;
      const sub = soleConsumer(a);
      if (!sub || sub.op !== 'SUB' || !noAct(sub)) continue;
      let sign: number;
      if (sub.inputs[0] === x && sub.inputs[1] === a) sign = 1; // x - |x|  = 2x for x < 0
      else if (sub.inputs[0] === a && sub.inputs[1] === x) sign = -1; // |x| - x = -2x for x < 0
      else continue;
      const s = sub.outputs[0]!;
      const mul = soleConsumer(s);
      if (!mul || mul.op !== 'MUL' || !noAct(mul) || mul.inputs.length !== 2) continue;
      const cIndex = mul.inputs[0] === s ? mul.inputs[1]! : mul.inputs[1] === s ? mul.inputs[0]! : -1;
      const ct = tensors[cIndex];
      if (!ct || !ct.data || ct.dtype !== 'float32') continue;
      if (!isTrailingFactor(ct.shape, xt.shape)) continue;
      const m = mul.outputs[0]!;
      const add = soleConsumer(m);
      if (!add || add.op !== 'ADD' || !noAct(add)) continue;
      if (!((add.inputs[0] === r && add.inputs[1] === m) || (add.inputs[0] === m && add.inputs[1] === r))) continue;
      if (soleConsumer(r) !== add) continue;
      // alpha' = ±2c: exact (a power-of-two scaling) unless it overflows.
      const alpha = new Float32Array(ct.data.length);
      for (let i = 0; i < alpha.length; i++) alpha[i] = 2 * sign * ct.data[i]!;
      if (!alpha.every(Number.isFinite)) continue;
      matches.push({
        x,
        y: add.outputs[0]!,
        alpha,
        alphaShape: ct.shape.slice(),
        alphaName: `${ct.name}/prelu_alpha`,
        ops: [relu.index, abs.index, sub.index, mul.index, add.index],
      });
      break;
    }
  }
  return matches;
}

// ---------------------------------------------------------------------------------------
// Converter

/** Converts .tflite bytes into a TF.js graph model. */
export function convertTfliteToTfjs(tflite: Uint8Array, opts: ConvertOptions = {}): ConversionResult {
  return convertTfliteModel(parseTflite(tflite), opts);
}

/** Converts an already parsed TFLite model (see parseTflite) into a TF.js graph model. */
export function convertTfliteModel(model: TfliteModel, opts: ConvertOptions = {}): ConversionResult {
  const dynamicBatch = opts.dynamicBatch ?? true;
  const fuseConvBias = opts.fuseConvBias ?? true;
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
  const nodes: TfNode[] = [];
  const weightSpecs: WeightSpec[] = [];
  const weightData: (Float32Array | Int32Array)[] = [];
  const usedNames = new Set<string>();
  const tfOps: Record<string, number> = {};

  /** TF node names may not contain ':' (output index separator) or start with '^' (control input). */
  const sanitize = (wanted: string): string => wanted.replace(/:/g, '_').replace(/^\^+/, '') || 'node';
  const uniqueName = (wanted: string): string => {
    const base = sanitize(wanted);
    let name = base;
    for (let k = 1; usedNames.has(name); k++) name = `${base}_${k}`;
    usedNames.add(name);
    return name;
  };
  const addNode = (node: TfNode): string => {
    nodes.push(node);
    tfOps[node.op] = (tfOps[node.op] ?? 0) + 1;
    return node.name;
  };
  const addConst = (wanted: string, data: Float32Array | Int32Array, shape: number[]): string => {
    if (data.length !== product(shape)) throw new Error(`Constant "${wanted}": ${data.length} values for shape [${shape}]`);
    const dtype = data instanceof Float32Array ? 'float32' : 'int32';
    const type: TfDataType = dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32';
    const name = uniqueName(wanted);
    weightSpecs.push({ name, shape, dtype });
    weightData.push(data);
    return addNode({
      name,
      op: 'Const',
      attr: { dtype: attr.type(type), value: { tensor: { dtype: type, tensorShape: dims(shape) } } },
    });
  };

  // Graph input / output names are reserved first so they keep their TFLite names.
  const reservedName = (t: TfliteTensor): string => sanitize(t.name);
  for (const i of new Set([...model.inputs, ...model.outputs])) {
    const name = reservedName(tensor(i, 'graph input/output'));
    if (usedNames.has(name)) {
      throw new Error(`Two graph inputs/outputs share the name "${name}"`);
    }
    usedNames.add(name);
  }

  /** Name of the TF node producing each TFLite tensor. */
  const ref = new Map<number, string>();
  /** Tensors whose axis 0 is the (dynamic) batch axis. */
  const batched = new Set<number>();
  /** Node name of the TFLite tensor's own node: reserved names for graph outputs, else unique. */
  const nameFor = (t: number): string => {
    const tt = tensor(t, 'output');
    return isGraphOutput(t) ? reservedName(tt) : uniqueName(tt.name);
  };

  for (const i of model.inputs) {
    const t = tensor(i, 'graph input');
    if (t.data) throw new Error(`Graph input "${t.name}" is a constant`);
    const shape = t.shape.slice();
    if (dynamicBatch && shape.length > 0) {
      shape[0] = -1;
      batched.add(i);
    }
    ref.set(i, addNode({
      name: reservedName(t),
      op: 'Placeholder',
      attr: { dtype: attr.type(tfType(t)), shape: { shape: dims(shape) } },
    }));
  }

  /** Input reference; constants become Const nodes on first use (in TFLite layout). */
  const input = (t: number, where: string): string => {
    const existing = ref.get(t);
    if (existing !== undefined) return existing;
    const tt = tensor(t, where);
    if (!tt.data) throw new Error(`${where}: input tensor ${t} "${tt.name}" is used before it is produced`);
    const name = addConst(tt.name, tt.data, tt.shape);
    ref.set(t, name);
    return name;
  };

  /**
   * A constant operand of an elementwise op: with a dynamic batch it must not span the batch
   * axis (i.e. it has lower rank than the result, or size 1 on axis 0), else the graph could
   * not accept other batch sizes.
   */
  const checkConstOperand = (t: number, outRank: number, where: string): void => {
    const tt = tensor(t, where);
    if (dynamicBatch && tt.data && tt.shape.length === outRank && outRank > 0 && tt.shape[0] !== 1) {
      throw new Error(
        `${where}: constant "${tt.name}" [${tt.shape}] spans the batch axis; cannot make the batch dynamic`,
      );
    }
  };

  /** Appends the node for a fused activation (if any) and returns the chain's last node. */
  const activationNode = (prev: string, activation: Activation, finalName: () => string, dtype: TfDataType, where: string): string => {
    switch (activation) {
      case 'NONE':
        return prev;
      case 'RELU':
        return addNode({ name: finalName(), op: 'Relu', input: [prev], attr: { T: attr.type(dtype) } });
      case 'RELU6':
        return addNode({ name: finalName(), op: 'Relu6', input: [prev], attr: { T: attr.type(dtype) } });
      default:
        throw new Error(`Unsupported fused activation ${activation} ${where}`);
    }
  };

  let preluFusedIntoConv = 0;
  let convBiasFused = 0;

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
      case 'DEPTHWISE_CONV_2D': {
        const depthwise = op.op === 'DEPTHWISE_CONV_2D';
        const [xi, wi, bi = -1] = op.inputs;
        if (xi === undefined || wi === undefined) throw new Error(`${where}: missing input or filter`);
        const xT = tensor(xi, where);
        const wT = tensor(wi, where);
        const o = op.options;
        if (xT.shape.length !== 4) throw new Error(`${where}: input must be 4-D NHWC, got [${xT.shape}]`);
        if (!wT.data || wT.dtype !== 'float32') throw new Error(`${where}: filter "${wT.name}" must be a float32 constant`);
        if (wT.shape.length !== 4) throw new Error(`${where}: filter must be 4-D, got [${wT.shape}]`);
        if (o.strideH < 1 || o.strideW < 1 || o.dilationH < 1 || o.dilationW < 1) {
          throw new Error(`${where}: invalid strides ${o.strideH}x${o.strideW} / dilations ${o.dilationH}x${o.dilationW}`);
        }
        // TensorFlow (and tfjs) reject strides > 1 combined with dilations > 1.
        if ((o.strideH > 1 || o.strideW > 1) && (o.dilationH > 1 || o.dilationW > 1)) {
          throw new Error(`${where}: strides > 1 together with dilations > 1 are not supported by TensorFlow.js`);
        }
        const inC = xT.shape[3]!;
        let filterName: string;
        let outC: number;
        if (!depthwise) {
          // TFLite CONV_2D filter is [out, kh, kw, in]; TF Conv2D wants [kh, kw, in, out].
          const [O, KH, KW, I] = wT.shape as [number, number, number, number];
          if (I !== inC) throw new Error(`${where}: filter has ${I} input channels, input has ${inC} (grouped convolution is not supported)`);
          const src = wT.data as Float32Array;
          const dst = new Float32Array(src.length);
          for (let oc = 0; oc < O; oc++)
            for (let kh = 0; kh < KH; kh++)
              for (let kw = 0; kw < KW; kw++)
                for (let ic = 0; ic < I; ic++)
                  dst[((kh * KW + kw) * I + ic) * O + oc] = src[((oc * KH + kh) * KW + kw) * I + ic]!;
          filterName = addConst(`${wT.name}/hwio`, dst, [KH, KW, I, O]);
          outC = O;
        } else {
          // TFLite DEPTHWISE_CONV_2D filter is [1, kh, kw, in*mult] with output channel
          // c = i*mult + m; TF DepthwiseConv2dNative wants [kh, kw, in, mult] and produces
          // channel i*mult + m as well. Same memory order, so only the shape changes.
          const [one, KH, KW, C] = wT.shape as [number, number, number, number];
          if (one !== 1) throw new Error(`${where}: depthwise filter must be [1, kh, kw, channels], got [${wT.shape}]`);
          if (C % inC !== 0) throw new Error(`${where}: filter has ${C} channels, not a multiple of the ${inC} input channels`);
          const mult = C / inC;
          if (op.op === 'DEPTHWISE_CONV_2D' && op.options.depthMultiplier !== 0 && op.options.depthMultiplier !== mult) {
            throw new Error(`${where}: depth_multiplier ${op.options.depthMultiplier} disagrees with filter shape [${wT.shape}] and ${inC} input channels`);
          }
          filterName = addConst(`${wT.name}/hwim`, wT.data, [KH, KW, inC, mult]);
          outC = C;
        }
        if (outT.shape.length === 4 && outT.shape[3] !== outC) {
          throw new Error(`${where}: output has ${outT.shape[3]} channels, filter gives ${outC}`);
        }

        const bT = bi >= 0 ? tensor(bi, where) : null;
        const constBias = bT !== null && bT.data !== null && bT.dtype === 'float32' && bT.shape.length === 1 && bT.shape[0] === outC;
        const baseAttr: Record<string, TfAttr> = {
          T: attr.type('DT_FLOAT'),
          strides: attr.ints([1, o.strideH, o.strideW, 1]),
          padding: attr.s(o.padding),
          data_format: attr.s('NHWC'),
          dilations: attr.ints([1, o.dilationH, o.dilationW, 1]),
          explicit_paddings: attr.emptyList(),
          ...(depthwise ? {} : { use_cudnn_on_gpu: attr.b(true) }),
        };
        const x = input(xi, where);
        if (batched.has(xi)) batched.add(out);

        if (fuseConvBias && constBias) {
          // conv → +bias → activation, in that order, is exactly what the fused kernels
          // compute (tfjs: conv, add bias, then apply the activation).
          const fusedOps = ['BiasAdd'];
          const extra: string[] = [input(bi, where)];
          let finalTensor = out;
          const prelu = o.activation === 'NONE' ? preluByX.get(out) : undefined;
          // PReLU can be fused only if the raw conv output is used by nothing but the
          // PReLU pattern (its RELU, ABS and SUB) and is not a graph output.
          if (prelu && consumers[out]!.every((c) => prelu.ops.includes(c)) && !isGraphOutput(out)) {
            fusedOps.push('Prelu');
            extra.push(addConst(prelu.alphaName, prelu.alpha, prelu.alphaShape));
            finalTensor = prelu.y;
            preluFusedIntoConv++;
          } else if (o.activation === 'RELU') fusedOps.push('Relu');
          else if (o.activation === 'RELU6') fusedOps.push('Relu6');
          else if (o.activation !== 'NONE') throw new Error(`Unsupported fused activation ${o.activation} ${where}`);
          const name = addNode({
            name: nameFor(finalTensor),
            op: depthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D',
            input: [x, filterName, ...extra],
            attr: { ...baseAttr, fused_ops: attr.strings(fusedOps), num_args: attr.i(extra.length), epsilon: attr.f(0) },
          });
          ref.set(out, name);
          if (finalTensor !== out) {
            ref.set(finalTensor, name);
            if (batched.has(out)) batched.add(finalTensor);
          }
          convBiasFused++;
          break;
        }

        // Unfused: conv, then bias add, then activation.
        const tail = bT !== null || o.activation !== 'NONE';
        let prev = addNode({
          name: tail ? uniqueName(`${outT.name}/${depthwise ? 'depthwise' : 'Conv2D'}`) : nameFor(out),
          op: depthwise ? 'DepthwiseConv2dNative' : 'Conv2D',
          input: [x, filterName],
          attr: baseAttr,
        });
        if (bT !== null) {
          prev = addNode({
            name: o.activation !== 'NONE' ? uniqueName(`${outT.name}/BiasAdd`) : nameFor(out),
            op: 'AddV2',
            input: [prev, input(bi, where)],
            attr: { T: attr.type('DT_FLOAT') },
          });
        }
        ref.set(out, activationNode(prev, o.activation, () => nameFor(out), 'DT_FLOAT', where));
        break;
      }

      case 'ADD':
      case 'SUB':
      case 'MUL': {
        const prelu = preluByAdd.get(op.index);
        if (prelu) {
          // See PreluMatch: Prelu(x, 2c) is bit-identical to relu(x) + c*(x - |x|).
          const x = input(prelu.x, where);
          const alpha = addConst(prelu.alphaName, prelu.alpha, prelu.alphaShape);
          ref.set(out, addNode({ name: nameFor(out), op: 'Prelu', input: [x, alpha], attr: { T: attr.type('DT_FLOAT') } }));
          if (batched.has(prelu.x)) batched.add(out);
          break;
        }
        if (op.inputs.length !== 2) throw new Error(`${where}: expected 2 inputs`);
        const [ai, bi] = op.inputs as [number, number];
        const rank = outT.shape.length;
        for (const t of [ai, bi]) checkConstOperand(t, rank, where);
        if (batched.has(ai) || batched.has(bi)) batched.add(out);
        const tfOp = op.op === 'ADD' ? 'AddV2' : op.op === 'SUB' ? 'Sub' : 'Mul';
        const dtype = tfType(outT);
        const act = op.options.activation;
        const prev = addNode({
          name: act === 'NONE' ? nameFor(out) : uniqueName(`${outT.name}/${tfOp}`),
          op: tfOp,
          input: [input(ai, where), input(bi, where)],
          attr: { T: attr.type(dtype) },
        });
        ref.set(out, activationNode(prev, act, () => nameFor(out), dtype, where));
        break;
      }

      case 'RELU':
      case 'RELU6':
      case 'ABS': {
        const xi = op.inputs[0];
        if (xi === undefined) throw new Error(`${where}: missing input`);
        if (batched.has(xi)) batched.add(out);
        const tfOp = op.op === 'RELU' ? 'Relu' : op.op === 'RELU6' ? 'Relu6' : 'Abs';
        ref.set(out, addNode({ name: nameFor(out), op: tfOp, input: [input(xi, where)], attr: { T: attr.type(tfType(outT)) } }));
        break;
      }

      case 'RESHAPE': {
        const xi = op.inputs[0];
        if (xi === undefined) throw new Error(`${where}: missing input`);
        const xT = tensor(xi, where);
        // The target shape: the constant second input if there is one, else new_shape.
        let target: number[] | null = null;
        const si = op.inputs[1];
        if (si !== undefined && si >= 0) {
          const sT = tensor(si, where);
          if (!sT.data || sT.dtype !== 'int32') throw new Error(`${where}: shape input "${sT.name}" must be an int32 constant`);
          target = Array.from(sT.data);
        } else target = op.options.newShape;
        if (!target) throw new Error(`${where}: no target shape`);
        // Resolve a -1 against the static shapes first.
        const inCount = product(xT.shape);
        const known = product(target.filter((d) => d !== -1));
        target = target.map((d) => (d === -1 ? inCount / known : d));
        if (product(target) !== inCount || !target.every(Number.isInteger)) {
          throw new Error(`${where}: cannot reshape [${xT.shape}] to [${target}]`);
        }
        if (batched.has(xi)) {
          // The batch can stay dynamic only if the reshape keeps axis 0 = batch and just
          // regroups the per-example dims; then target[0] becomes -1.
          const perExampleIn = product(xT.shape.slice(1));
          if (target.length === 0 || target[0] !== xT.shape[0] || product(target.slice(1)) !== perExampleIn) {
            throw new Error(
              `${where}: reshape [${xT.shape}] → [${target}] mixes the batch axis with other axes; cannot make the batch dynamic`,
            );
          }
          target = [-1, ...target.slice(1)];
          batched.add(out);
        }
        const shapeName = addConst(`${outT.name}/shape`, Int32Array.from(target), [target.length]);
        ref.set(out, addNode({
          name: nameFor(out),
          op: 'Reshape',
          input: [input(xi, where), shapeName],
          attr: { T: attr.type(tfType(outT)), Tshape: attr.type('DT_INT32') },
        }));
        break;
      }
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
      name = addNode({ name: reservedName(t), op: 'Identity', input: [input(i, 'graph output')], attr: { T: attr.type(tfType(t)) } });
    }
    signature.outputs[reservedName(t)] = { name: `${name}:0`, dtype: tfType(t), tensorShape: dims(signatureShape(i)) };
  }

  // --- Weights -------------------------------------------------------------------------
  const totalBytes = weightData.reduce((n, d) => n + d.length * 4, 0);
  const weights = new Uint8Array(totalBytes);
  const view = new DataView(weights.buffer);
  let pos = 0;
  for (const d of weightData) {
    if (d instanceof Float32Array) for (let i = 0; i < d.length; i++, pos += 4) view.setFloat32(pos, d[i]!, true);
    else for (let i = 0; i < d.length; i++, pos += 4) view.setInt32(pos, d[i]!, true);
  }

  const modelJson: GraphModelJson = {
    format: 'graph-model',
    generatedBy: opts.generatedBy ?? model.description ?? 'TensorFlow Lite',
    convertedBy: 'visage scripts/lib/tflite-to-tfjs.ts',
    signature,
    modelTopology: { node: nodes, library: {}, versions: {} },
    weightsManifest: [{ paths: [opts.weightsFileName ?? 'weights.bin'], weights: weightSpecs }],
  };
  return {
    modelJson,
    weights,
    stats: { tfOps, prelu: preluByAdd.size, preluFusedIntoConv, convBiasFused },
  };
}
