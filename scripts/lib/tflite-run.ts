/**
 * Runs a small float TensorFlow Lite model directly with TFJS ops, operator by operator, for
 * command-line evaluations (`npm run eval:antispoof`). Unlike ./tflite-to-tfjs.ts it writes no
 * graph model: it reads the flatbuffer itself and maps each op onto the TFJS op with the same
 * semantics. Weights stored as float16 behind DEQUANTIZE ops are decoded once, at load.
 *
 * Ops: CONV_2D, LEAKY_RELU, ADD, SUB, MUL, MAX_POOL_2D, AVERAGE_POOL_2D, RESHAPE, STRIDED_SLICE,
 * FULLY_CONNECTED, GREATER_EQUAL, LESS, CAST, CONCATENATION, DEQUANTIZE (float16 constants).
 * Anything else (or an option these mappings do not cover) throws, naming the op and its index.
 */
import type * as TF from '@tensorflow/tfjs';
import { rootTable, type FbTable } from './flatbuffers.ts';
import { builtinOpName, tensorTypeName } from './tflite-schema.ts';
import { decodeData } from './tflite-data.ts';

export { halfToFloat } from './tflite-data.ts';

type Tf = typeof TF;
type Tensor = TF.Tensor;

// Field slots (declaration order in tensorflow/lite/schema/schema.fbs).
const MODEL = { operatorCodes: 1, subgraphs: 2, buffers: 4 } as const;
const SUBGRAPH = { tensors: 0, inputs: 1, outputs: 2, operators: 3 } as const;
const TENSOR = { shape: 0, type: 1, buffer: 2, name: 3, sparsity: 6 } as const;
const OPERATOR = { opcodeIndex: 0, inputs: 1, outputs: 2, builtinOptions: 4 } as const;

const ACTIVATIONS = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6'] as const;

export interface RunTensor {
  index: number;
  name: string;
  shape: number[];
  /** TensorType name, e.g. FLOAT32, FLOAT16, INT32, BOOL. */
  type: string;
  /** Raw little-endian bytes of a constant, or null. */
  bytes: Uint8Array | null;
}

export interface RunOp {
  index: number;
  op: string;
  inputs: number[];
  outputs: number[];
  options: FbTable | null;
}

export interface RunGraph {
  tensors: RunTensor[];
  ops: RunOp[];
  inputs: number[];
  outputs: number[];
}

/** Reads the first subgraph: tensors (any type), operators with their raw options table. */
export function readTfliteGraph(bytes: Uint8Array): RunGraph {
  const model = rootTable(bytes, 'TFL3');
  const codes = model.tables(MODEL.operatorCodes).map((oc) => Math.max(oc.int8(0), oc.int32(3)));
  const sg = model.tables(MODEL.subgraphs)[0];
  if (!sg) throw new Error('TFLite model has no subgraph');
  const buffers = model.tables(MODEL.buffers);
  const tensors = sg.tables(SUBGRAPH.tensors).map((t, index): RunTensor => {
    if (t.has(TENSOR.sparsity)) throw new Error(`Sparse tensor ${index} is not supported`);
    const buffer = buffers[t.uint32(TENSOR.buffer)];
    const data = buffer?.bytes(0);
    return {
      index,
      name: t.string(TENSOR.name) ?? `tensor_${index}`,
      shape: t.int32s(TENSOR.shape),
      type: tensorTypeName(t.int8(TENSOR.type)),
      bytes: data && data.length > 0 ? data : null,
    };
  });
  const ops = sg.tables(SUBGRAPH.operators).map((o, index): RunOp => {
    const code = codes[o.uint32(OPERATOR.opcodeIndex)];
    if (code === undefined) throw new Error(`Operator ${index} refers to a missing operator code`);
    return {
      index,
      op: builtinOpName(code),
      inputs: o.int32s(OPERATOR.inputs),
      outputs: o.int32s(OPERATOR.outputs),
      options: o.table(OPERATOR.builtinOptions),
    };
  });
  return { tensors, ops, inputs: sg.int32s(SUBGRAPH.inputs), outputs: sg.int32s(SUBGRAPH.outputs) };
}

function decodeConstant(tf: Tf, t: RunTensor): Tensor {
  const b = t.bytes!;
  const count = t.shape.reduce((a, d) => a * d, 1);
  const what = `Tensor ${t.index} "${t.name}"`;
  switch (t.type) {
    case 'FLOAT32':
    case 'FLOAT16':
      return tf.tensor(decodeData(b, t.type === 'FLOAT16' ? 'float16' : 'float32', count, what), t.shape, 'float32');
    case 'INT32':
      return tf.tensor(decodeData(b, 'int32', count, what), t.shape, 'int32');
    case 'BOOL':
      if (b.byteLength !== count) throw new Error(`${what}: buffer holds ${b.byteLength} bytes, shape needs ${count}`);
      return tf.tensor(Array.from(b, (v) => v !== 0), t.shape, 'bool');
    default:
      throw new Error(`Constant tensor ${t.index} "${t.name}" has unsupported type ${t.type}`);
  }
}

/** A loaded model: constants decoded (float16 weights dequantized) and conv filters in TFJS layout. */
export class TfliteRunner {
  private readonly consts = new Map<number, Tensor>();
  /** CONV_2D filters, [out, h, w, in] → [h, w, in, out], by tensor index. */
  private readonly filters = new Map<number, Tensor>();

  constructor(
    private readonly tf: Tf,
    readonly graph: RunGraph,
  ) {
    for (const t of graph.tensors) if (t.bytes) this.consts.set(t.index, tf.keep(decodeConstant(tf, t)));
    for (const op of graph.ops) {
      const where = `${op.op} at operator ${op.index}`;
      if (op.op === 'DEQUANTIZE') {
        const src = this.consts.get(op.inputs[0]!);
        if (!src || graph.tensors[op.inputs[0]!]!.type !== 'FLOAT16') throw new Error(`${where}: only constant float16 inputs are supported`);
        this.consts.set(op.outputs[0]!, src); // already decoded to float32
      }
    }
    for (const op of graph.ops) {
      if (op.op !== 'CONV_2D') continue;
      const w = this.consts.get(op.inputs[1]!);
      if (!w) throw new Error(`CONV_2D at operator ${op.index}: the filter is not a constant`);
      if (!this.filters.has(op.inputs[1]!)) this.filters.set(op.inputs[1]!, tf.keep(tf.transpose(w, [1, 2, 3, 0])));
    }
  }

  get inputShape(): number[] {
    return this.graph.tensors[this.graph.inputs[0]!]!.shape;
  }

  /** Runs the graph on the given inputs (in the model's input order); returns its outputs in order. */
  run(inputs: Tensor[]): Tensor[] {
    const tf = this.tf;
    return tf.tidy(() => {
      const values = new Map<number, Tensor>(this.consts);
      this.graph.inputs.forEach((index, i) => {
        const x = inputs[i];
        if (!x) throw new Error(`Missing input ${i}`);
        values.set(index, x);
      });
      for (const op of this.graph.ops) {
        if (op.op === 'DEQUANTIZE') continue;
        const get = (k: number): Tensor => {
          const index = op.inputs[k];
          const v = index === undefined || index < 0 ? undefined : values.get(index);
          if (!v) throw new Error(`${op.op} at operator ${op.index}: input ${k} has no value`);
          return v;
        };
        const out = this.apply(op, get);
        values.set(op.outputs[0]!, out);
      }
      return this.graph.outputs.map((index) => values.get(index)!);
    });
  }

  private apply(op: RunOp, get: (k: number) => Tensor): Tensor {
    const tf = this.tf;
    const o = op.options;
    const where = `${op.op} at operator ${op.index}`;
    const activation = (slot: number, x: Tensor): Tensor => {
      const a = ACTIVATIONS[o ? o.int8(slot) : 0];
      if (a === 'NONE') return x;
      if (a === 'RELU') return tf.relu(x);
      if (a === 'RELU6') return tf.relu6(x);
      if (a === 'RELU_N1_TO_1') return tf.clipByValue(x, -1, 1);
      throw new Error(`${where}: unsupported fused activation ${o?.int8(slot)}`);
    };
    const padding = (slot: number): 'same' | 'valid' => (o && o.int8(slot) === 1 ? 'valid' : 'same');
    switch (op.op) {
      case 'CONV_2D': {
        if (!o) throw new Error(`${where}: no options`);
        const filter = this.filters.get(op.inputs[1]!)!;
        const strides: [number, number] = [o.int32(2), o.int32(1)];
        const dilations: [number, number] = [o.int32(5, 1), o.int32(4, 1)];
        let y = tf.conv2d(get(0) as TF.Tensor4D, filter as TF.Tensor4D, strides, padding(0), 'NHWC', dilations);
        if (op.inputs[2] !== undefined && op.inputs[2] >= 0) y = tf.add(y, get(2));
        return activation(3, y);
      }
      case 'LEAKY_RELU':
        return tf.leakyRelu(get(0), o ? o.float32(0) : 0);
      case 'ADD':
        return activation(0, tf.add(get(0), get(1)));
      case 'SUB':
        return activation(0, tf.sub(get(0), get(1)));
      case 'MUL':
        return activation(0, tf.mul(get(0), get(1)));
      case 'MAX_POOL_2D':
      case 'AVERAGE_POOL_2D': {
        if (!o) throw new Error(`${where}: no options`);
        const size: [number, number] = [o.int32(4), o.int32(3)];
        const strides: [number, number] = [o.int32(2), o.int32(1)];
        const x = get(0) as TF.Tensor4D;
        const y = op.op === 'MAX_POOL_2D' ? tf.maxPool(x, size, strides, padding(0)) : tf.avgPool(x, size, strides, padding(0));
        return activation(5, y);
      }
      case 'RESHAPE': {
        const shape = op.inputs.length > 1 && op.inputs[1]! >= 0 ? Array.from(get(1).dataSync()) : (o?.int32s(0) ?? []);
        return tf.reshape(get(0), shape);
      }
      case 'STRIDED_SLICE': {
        if (o && o.uint8(5) !== 0) throw new Error(`${where}: the "offset" form is not supported`);
        const [begin, end, strides] = [1, 2, 3].map((k) => Array.from(get(k).dataSync()));
        return tf.stridedSlice(get(0), begin!, end!, strides!, o?.int32(0) ?? 0, o?.int32(1) ?? 0, o?.int32(2) ?? 0, o?.int32(3) ?? 0, o?.int32(4) ?? 0);
      }
      case 'FULLY_CONNECTED': {
        if (o && (o.int8(1) !== 0 || o.uint8(2) !== 0)) throw new Error(`${where}: only the default weights format without keep_num_dims is supported`);
        const w = get(1);
        const x = tf.reshape(get(0), [-1, w.shape[1]!]);
        let y = tf.matMul(x, w, false, true);
        if (op.inputs[2] !== undefined && op.inputs[2] >= 0) y = tf.add(y, get(2));
        return activation(0, y);
      }
      case 'GREATER_EQUAL':
        return tf.greaterEqual(get(0), get(1));
      case 'LESS':
        return tf.less(get(0), get(1));
      case 'CAST': {
        const to = this.graph.tensors[op.outputs[0]!]!.type;
        const dtype = ({ FLOAT32: 'float32', INT32: 'int32', BOOL: 'bool' } as const)[to as 'FLOAT32'];
        if (!dtype) throw new Error(`${where}: cast to ${to} is not supported`);
        return tf.cast(get(0), dtype);
      }
      case 'CONCATENATION': {
        const xs = op.inputs.map((_, k) => get(k));
        return activation(1, tf.concat(xs, o ? o.int32(0) : 0));
      }
      default:
        throw new Error(`Unsupported TFLite op ${op.op} at operator ${op.index}`);
    }
  }

  dispose(): void {
    for (const t of new Set([...this.consts.values(), ...this.filters.values()])) t.dispose();
  }
}
