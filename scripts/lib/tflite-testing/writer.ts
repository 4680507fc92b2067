/**
 * A tiny TFLite writer for synthetic test models (flatbuffers Builder, schema slots), to
 * exercise what MobileFaceNet does not.
 */
import { Builder } from 'flatbuffers';

export const TYPE = { FLOAT32: 0, FLOAT16: 1, INT32: 2, INT8: 9 } as const;
export const OP = { ADD: 0, CONCATENATION: 2, CONV_2D: 3, DEPTHWISE_CONV_2D: 4, DEQUANTIZE: 6, MAX_POOL_2D: 17, MUL: 18, RELU: 19, RELU6: 21, RESHAPE: 22, RESIZE_BILINEAR: 23, SOFTMAX: 25, PAD_OP: 34, SUB: 41, ABS: 101 } as const;
export const ACT = { NONE: 0, RELU: 1, RELU6: 3, TANH: 4 } as const;
export const PAD = { SAME: 0, VALID: 1 } as const;

export interface SynthTensor {
  name: string;
  shape: number[];
  type?: number;
  /** Float16 data as its raw binary16 values (type FLOAT16). */
  data?: Float32Array | Int32Array | Uint16Array;
  /** Store the data after the flatbuffer (Buffer.offset/size) instead of inline. */
  external?: boolean;
}

type Field = ['i8' | 'i32', number, number];

export interface SynthOp {
  code: number;
  inputs: number[];
  outputs: number[];
  /** BuiltinOptions union type and the option table's fields. */
  options?: { type: number; fields: Field[] };
}

export interface SynthModel {
  tensors: SynthTensor[];
  ops: SynthOp[];
  inputs: number[];
  outputs: number[];
}

export const conv2dOptions = (padding: number, stride: [number, number], dilation: [number, number], act: number) => ({
  type: 1,
  fields: [['i8', 0, padding], ['i32', 1, stride[1]], ['i32', 2, stride[0]], ['i8', 3, act], ['i32', 4, dilation[1]], ['i32', 5, dilation[0]]] as Field[],
});
export const depthwiseOptions = (padding: number, stride: [number, number], dilation: [number, number], mult: number, act: number) => ({
  type: 2,
  fields: [['i8', 0, padding], ['i32', 1, stride[1]], ['i32', 2, stride[0]], ['i32', 3, mult], ['i8', 4, act], ['i32', 5, dilation[1]], ['i32', 6, dilation[0]]] as Field[],
});
export const pool2dOptions = (padding: number, stride: [number, number], filter: [number, number], act: number) => ({
  type: 5,
  fields: [['i8', 0, padding], ['i32', 1, stride[1]], ['i32', 2, stride[0]], ['i32', 3, filter[1]], ['i32', 4, filter[0]], ['i8', 5, act]] as Field[],
});
export const resizeBilinearOptions = (alignCorners: boolean, halfPixelCenters: boolean) => ({
  type: 15,
  fields: [['i8', 2, Number(alignCorners)], ['i8', 3, Number(halfPixelCenters)]] as Field[],
});
export const PAD_OPTIONS = { type: 22, fields: [] as Field[] };
export const actOptions = (type: number, act: number) => ({ type, fields: [['i8', 0, act]] as Field[] });
export const ADD_OPTIONS = 11;
export const MUL_OPTIONS = 21;
export const SUB_OPTIONS = 28;

export function writeTflite(spec: SynthModel): Uint8Array {
  const bytesOf = (d: Float32Array | Int32Array | Uint16Array): Uint8Array => new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
  const external = spec.tensors.filter((t) => t.external && t.data);

  // Build twice when there is external data: the first pass measures the flatbuffer, the
  // second writes the real offsets (same field sizes, so the same layout).
  const build = (base: number): Uint8Array => {
    const b = new Builder(1024);
    const int32Vector = (values: number[]): number => {
      b.startVector(4, values.length, 4);
      for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]!);
      return b.endVector();
    };
    const offsetVector = (values: number[]): number => {
      b.startVector(4, values.length, 4);
      for (let i = values.length - 1; i >= 0; i--) b.addOffset(values[i]!);
      return b.endVector();
    };

    // Buffers: 0 is the mandatory empty buffer; then one per constant tensor.
    const bufferOffsets: number[] = [];
    b.startObject(3);
    bufferOffsets.push(b.endObject());
    const bufferIndex = new Map<number, number>();
    let externalPos = base;
    spec.tensors.forEach((t, i) => {
      if (!t.data) return;
      const raw = bytesOf(t.data);
      if (t.external) {
        b.startObject(3);
        b.addFieldInt64(1, BigInt(externalPos), null);
        b.addFieldInt64(2, BigInt(raw.length), null);
        externalPos += raw.length;
      } else {
        const data = b.createByteVector(raw);
        b.startObject(3);
        b.addFieldOffset(0, data, 0);
      }
      bufferIndex.set(i, bufferOffsets.length);
      bufferOffsets.push(b.endObject());
    });

    const tensorOffsets = spec.tensors.map((t, i) => {
      const name = b.createString(t.name);
      const shape = int32Vector(t.shape);
      b.startObject(8);
      b.addFieldOffset(0, shape, 0);
      b.addFieldInt8(1, t.type ?? (t.data instanceof Int32Array ? TYPE.INT32 : t.data instanceof Uint16Array ? TYPE.FLOAT16 : TYPE.FLOAT32), null);
      b.addFieldInt32(2, bufferIndex.get(i) ?? 0, null);
      b.addFieldOffset(3, name, 0);
      return b.endObject();
    });

    const codes = [...new Set(spec.ops.map((o) => o.code))];
    const opcodeOffsets = codes.map((code) => {
      b.startObject(4);
      b.addFieldInt8(0, Math.min(code, 127), null);
      b.addFieldInt32(2, 1, null);
      b.addFieldInt32(3, code, null);
      return b.endObject();
    });

    const operatorOffsets = spec.ops.map((o) => {
      let options = 0;
      if (o.options) {
        b.startObject(8);
        for (const [kind, slot, value] of o.options.fields) {
          if (kind === 'i8') b.addFieldInt8(slot, value, null);
          else b.addFieldInt32(slot, value, null);
        }
        options = b.endObject();
      }
      const inputs = int32Vector(o.inputs);
      const outputs = int32Vector(o.outputs);
      b.startObject(6);
      b.addFieldInt32(0, codes.indexOf(o.code), null);
      b.addFieldOffset(1, inputs, 0);
      b.addFieldOffset(2, outputs, 0);
      if (o.options) {
        b.addFieldInt8(3, o.options.type, null);
        b.addFieldOffset(4, options, 0);
      }
      return b.endObject();
    });

    const tensorsVec = offsetVector(tensorOffsets);
    const inputsVec = int32Vector(spec.inputs);
    const outputsVec = int32Vector(spec.outputs);
    const operatorsVec = offsetVector(operatorOffsets);
    b.startObject(5);
    b.addFieldOffset(0, tensorsVec, 0);
    b.addFieldOffset(1, inputsVec, 0);
    b.addFieldOffset(2, outputsVec, 0);
    b.addFieldOffset(3, operatorsVec, 0);
    const subgraph = b.endObject();

    const opcodesVec = offsetVector(opcodeOffsets);
    const subgraphsVec = offsetVector([subgraph]);
    const buffersVec = offsetVector(bufferOffsets);
    const description = b.createString('synthetic test model');
    b.startObject(8);
    b.addFieldInt32(0, 3, null);
    b.addFieldOffset(1, opcodesVec, 0);
    b.addFieldOffset(2, subgraphsVec, 0);
    b.addFieldOffset(3, description, 0);
    b.addFieldOffset(4, buffersVec, 0);
    b.finish(b.endObject(), 'TFL3');
    return b.asUint8Array().slice();
  };

  if (external.length === 0) return build(0);
  const align = (n: number) => Math.ceil(n / 16) * 16;
  const probe = build(1 << 20);
  const base = align(probe.length);
  const fb = build(base);
  if (fb.length !== probe.length) throw new Error(`writeTflite: the two passes differ (${probe.length} vs ${fb.length} bytes)`);
  const total = base + external.reduce((n, t) => n + t.data!.byteLength, 0);
  const file = new Uint8Array(total);
  file.set(fb);
  let pos = base;
  for (const t of external) {
    file.set(bytesOf(t.data!), pos);
    pos += t.data!.byteLength;
  }
  return file;
}
