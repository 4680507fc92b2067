/**
 * Lowers each supported TFLite op to the TensorFlow node(s) that the tfjs-converter runtime
 * executes with identical semantics (NHWC, same SAME/VALID padding rule, numpy broadcasting),
 * for the converter in ./tflite-to-tfjs.ts, which owns the graph walk and the shared state
 * (`LowerContext`).
 */
import { attr, product, type GraphBuilder, type TfDataType } from './tfjs-graph.ts';
import type { PreluMatch } from './tflite-prelu.ts';
import type { Activation, TfliteOperator, TfliteTensor } from './tflite.ts';

export const tfType = (t: TfliteTensor): TfDataType => (t.dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32');

/** What the op lowerings share with the converter's graph walk. */
export interface LowerContext {
  graph: GraphBuilder;
  dynamicBatch: boolean;
  fuseConvBias: boolean;
  /** Consumers (operator indices) of each tensor. */
  consumers: number[][];
  isGraphOutput(t: number): boolean;
  /** PReLU patterns by their x tensor / by the index of their final ADD. */
  preluByX: Map<number, PreluMatch>;
  preluByAdd: Map<number, PreluMatch>;
  /** Name of the TF node producing each TFLite tensor. */
  ref: Map<number, string>;
  /** Tensors whose axis 0 is the (dynamic) batch axis. */
  batched: Set<number>;
  stats: { preluFusedIntoConv: number; convBiasFused: number };
  tensor(i: number, where: string): TfliteTensor;
  /** Input reference; constants become Const nodes on first use (in TFLite layout). */
  input(t: number, where: string): string;
  /** Node name of the TFLite tensor's own node: reserved names for graph outputs, else unique. */
  nameFor(t: number): string;
}

/** One operator to lower: its single output tensor and a "where" for errors. */
export interface OpSite<O extends TfliteOperator = TfliteOperator> {
  op: O;
  out: number;
  outT: TfliteTensor;
  where: string;
}

type OpOf<N extends TfliteOperator['op']> = Extract<TfliteOperator, { op: N }>;

/**
 * A constant operand of an elementwise op: with a dynamic batch it must not span the batch
 * axis (i.e. it has lower rank than the result, or size 1 on axis 0), else the graph could
 * not accept other batch sizes.
 */
function checkConstOperand(c: LowerContext, t: number, outRank: number, where: string): void {
  const tt = c.tensor(t, where);
  if (c.dynamicBatch && tt.data && tt.shape.length === outRank && outRank > 0 && tt.shape[0] !== 1) {
    throw new Error(
      `${where}: constant "${tt.name}" [${tt.shape}] spans the batch axis; cannot make the batch dynamic`,
    );
  }
}

/** Appends the node for a fused activation (if any) and returns the chain's last node. */
export function activationNode(c: LowerContext, prev: string, activation: Activation, finalName: () => string, dtype: TfDataType, where: string): string {
  switch (activation) {
    case 'NONE':
      return prev;
    case 'RELU':
      return c.graph.addNode({ name: finalName(), op: 'Relu', input: [prev], attr: { T: attr.type(dtype) } });
    case 'RELU6':
      return c.graph.addNode({ name: finalName(), op: 'Relu6', input: [prev], attr: { T: attr.type(dtype) } });
    default:
      throw new Error(`Unsupported fused activation ${activation} ${where}`);
  }
}

/** ADD / SUB / MUL, or the final ADD of a PReLU pattern (then one Prelu node). */
export function lowerElementwise(c: LowerContext, { op, out, outT, where }: OpSite<OpOf<'ADD' | 'SUB' | 'MUL'>>): void {
  const prelu = c.preluByAdd.get(op.index);
  if (prelu) {
    // See PreluMatch: Prelu(x, 2c) is bit-identical to relu(x) + c*(x - |x|).
    const x = c.input(prelu.x, where);
    const alpha = c.graph.addConst(prelu.alphaName, prelu.alpha, prelu.alphaShape);
    c.ref.set(out, c.graph.addNode({ name: c.nameFor(out), op: 'Prelu', input: [x, alpha], attr: { T: attr.type('DT_FLOAT') } }));
    if (c.batched.has(prelu.x)) c.batched.add(out);
    return;
  }
  if (op.inputs.length !== 2) throw new Error(`${where}: expected 2 inputs`);
  const [ai, bi] = op.inputs as [number, number];
  const rank = outT.shape.length;
  for (const t of [ai, bi]) checkConstOperand(c, t, rank, where);
  if (c.batched.has(ai) || c.batched.has(bi)) c.batched.add(out);
  const tfOp = op.op === 'ADD' ? 'AddV2' : op.op === 'SUB' ? 'Sub' : 'Mul';
  const dtype = tfType(outT);
  const act = op.options.activation;
  const prev = c.graph.addNode({
    name: act === 'NONE' ? c.nameFor(out) : c.graph.uniqueName(`${outT.name}/${tfOp}`),
    op: tfOp,
    input: [c.input(ai, where), c.input(bi, where)],
    attr: { T: attr.type(dtype) },
  });
  c.ref.set(out, activationNode(c, prev, act, () => c.nameFor(out), dtype, where));
}

/** RELU / RELU6 / ABS. */
export function lowerUnary(c: LowerContext, { op, out, outT, where }: OpSite<OpOf<'RELU' | 'RELU6' | 'ABS'>>): void {
  const xi = op.inputs[0];
  if (xi === undefined) throw new Error(`${where}: missing input`);
  if (c.batched.has(xi)) c.batched.add(out);
  const tfOp = op.op === 'RELU' ? 'Relu' : op.op === 'RELU6' ? 'Relu6' : 'Abs';
  c.ref.set(out, c.graph.addNode({ name: c.nameFor(out), op: tfOp, input: [c.input(xi, where)], attr: { T: attr.type(tfType(outT)) } }));
}

/** RESHAPE to a static target; with a dynamic batch, only reshapes that keep axis 0 as the batch. */
export function lowerReshape(c: LowerContext, { op, out, outT, where }: OpSite<OpOf<'RESHAPE'>>): void {
  const xi = op.inputs[0];
  if (xi === undefined) throw new Error(`${where}: missing input`);
  const xT = c.tensor(xi, where);
  // The target shape: the constant second input if there is one, else new_shape.
  let target: number[] | null;
  const si = op.inputs[1];
  if (si !== undefined && si >= 0) {
    const sT = c.tensor(si, where);
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
  if (c.batched.has(xi)) {
    // The batch can stay dynamic only if the reshape keeps axis 0 = batch and just
    // regroups the per-example dims; then target[0] becomes -1.
    const perExampleIn = product(xT.shape.slice(1));
    if (target.length === 0 || target[0] !== xT.shape[0] || product(target.slice(1)) !== perExampleIn) {
      throw new Error(
        `${where}: reshape [${xT.shape}] → [${target}] mixes the batch axis with other axes; cannot make the batch dynamic`,
      );
    }
    target = [-1, ...target.slice(1)];
    c.batched.add(out);
  }
  const shapeName = c.graph.addConst(`${outT.name}/shape`, Int32Array.from(target), [target.length]);
  c.ref.set(out, c.graph.addNode({
    name: c.nameFor(out),
    op: 'Reshape',
    input: [c.input(xi, where), shapeName],
    attr: { T: attr.type(tfType(outT)), Tshape: attr.type('DT_INT32') },
  }));
}

/** An int32 constant input (PAD's paddings, RESIZE_BILINEAR's size). */
function int32Const(c: LowerContext, t: number | undefined, where: string): Int32Array {
  const tt = t === undefined ? undefined : c.tensor(t, where);
  if (!tt?.data || tt.dtype !== 'int32') throw new Error(`${where}: input ${t ?? '?'} must be an int32 constant`);
  return tt.data as Int32Array;
}

/** MAX_POOL_2D → MaxPool (NHWC; TensorFlow's SAME / VALID rule, as TFLite's), plus a fused activation. */
export function lowerMaxPool(c: LowerContext, { op, out, outT, where }: OpSite<OpOf<'MAX_POOL_2D'>>): void {
  const xi = op.inputs[0];
  if (xi === undefined) throw new Error(`${where}: missing input`);
  if (c.batched.has(xi)) c.batched.add(out);
  const o = op.options;
  const act = o.activation;
  const pool = c.graph.addNode({
    name: act === 'NONE' ? c.nameFor(out) : c.graph.uniqueName(`${outT.name}/MaxPool`),
    op: 'MaxPool',
    input: [c.input(xi, where)],
    attr: {
      T: attr.type('DT_FLOAT'),
      ksize: attr.ints([1, o.filterH, o.filterW, 1]),
      strides: attr.ints([1, o.strideH, o.strideW, 1]),
      padding: attr.s(o.padding),
      data_format: attr.s('NHWC'),
    },
  });
  c.ref.set(out, activationNode(c, pool, act, () => c.nameFor(out), 'DT_FLOAT', where));
}

/** PAD with constant paddings → Pad (zeros); the batch axis may not be padded when it is dynamic. */
export function lowerPad(c: LowerContext, { op, out, outT, where }: OpSite<OpOf<'PAD'>>): void {
  const xi = op.inputs[0];
  if (xi === undefined) throw new Error(`${where}: missing input`);
  const pads = int32Const(c, op.inputs[1], where);
  if (c.batched.has(xi)) {
    if (pads[0] !== 0 || pads[1] !== 0) throw new Error(`${where}: pads the batch axis; cannot make the batch dynamic`);
    c.batched.add(out);
  }
  const padName = c.graph.addConst(`${outT.name}/paddings`, Int32Array.from(pads), [pads.length / 2, 2]);
  c.ref.set(out, c.graph.addNode({
    name: c.nameFor(out),
    op: 'Pad',
    input: [c.input(xi, where), padName],
    attr: { T: attr.type('DT_FLOAT'), Tpaddings: attr.type('DT_INT32') },
  }));
}

/** RESIZE_BILINEAR to a constant size → ResizeBilinear with the same corner rules. */
export function lowerResizeBilinear(c: LowerContext, { op, out, outT, where }: OpSite<OpOf<'RESIZE_BILINEAR'>>): void {
  const xi = op.inputs[0];
  if (xi === undefined) throw new Error(`${where}: missing input`);
  const size = int32Const(c, op.inputs[1], where);
  if (size.length !== 2) throw new Error(`${where}: the size must hold 2 values`);
  if (c.batched.has(xi)) c.batched.add(out);
  const sizeName = c.graph.addConst(`${outT.name}/size`, Int32Array.from(size), [2]);
  c.ref.set(out, c.graph.addNode({
    name: c.nameFor(out),
    op: 'ResizeBilinear',
    input: [c.input(xi, where), sizeName],
    attr: { T: attr.type('DT_FLOAT'), align_corners: attr.b(op.options.alignCorners), half_pixel_centers: attr.b(op.options.halfPixelCenters) },
  }));
}
