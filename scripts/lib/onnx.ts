/**
 * A dependency-free reader of ONNX model files (protobuf), enough for the face embedder's
 * converter (./onnx-to-tfjs.ts): the graph's inputs and outputs with their shapes, its nodes with
 * their attributes, and its float32 / int64 initializers. Field numbers are those of onnx.proto
 * (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto). Anything it
 * does not know is skipped by wire type; a malformed file throws an Error saying where.
 */

/** A tensor's element type as onnx.proto numbers them (the ones we read). */
const FLOAT = 1;
const INT64 = 7;

export interface OnnxTensor {
  name: string;
  dims: number[];
  /** FLOAT as Float32Array, INT64 as numbers (shapes, axes). */
  data: Float32Array | number[];
}

export type OnnxAttribute = { name: string; f?: number; i?: number; s?: string; floats?: number[]; ints?: number[]; t?: OnnxTensor };

export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, OnnxAttribute>;
}

export interface OnnxValueInfo {
  name: string;
  /** Static sizes; a symbolic or unknown dimension is -1. */
  shape: number[];
}

export interface OnnxModel {
  producer: string;
  opset: number;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  nodes: OnnxNode[];
  initializers: Map<string, OnnxTensor>;
}

/** One protobuf message: its fields in order, as (field number, wire type, value). */
type Field = { no: number; wire: number; int: bigint; bytes: Uint8Array | null };

function fields(buf: Uint8Array, where: string): Field[] {
  const out: Field[] = [];
  let p = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (p >= buf.length) throw new Error(`ONNX: truncated varint in ${where}`);
      const b = buf[p++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      if (shift > 63n) throw new Error(`ONNX: varint too long in ${where}`);
    }
  };
  while (p < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ no, wire, int: varint(), bytes: null });
    else if (wire === 1 || wire === 5) {
      const n = wire === 1 ? 8 : 4;
      if (p + n > buf.length) throw new Error(`ONNX: truncated fixed field ${no} in ${where}`);
      out.push({ no, wire, int: 0n, bytes: buf.subarray(p, p + n) });
      p += n;
    } else if (wire === 2) {
      const n = Number(varint());
      if (p + n > buf.length) throw new Error(`ONNX: field ${no} of ${where} runs past the end`);
      out.push({ no, wire, int: 0n, bytes: buf.subarray(p, p + n) });
      p += n;
    } else throw new Error(`ONNX: unsupported wire type ${wire} (field ${no}) in ${where}`);
  }
  return out;
}

const text = (b: Uint8Array | null) => new TextDecoder().decode(b ?? new Uint8Array());
const f32 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 4).getFloat32(0, true);
const signed = (v: bigint) => Number(BigInt.asIntN(64, v));

/** Repeated int64 (packed or not) of field `no`. */
function ints(fs: Field[], no: number, where: string): number[] {
  const out: number[] = [];
  for (const f of fs.filter((x) => x.no === no)) {
    if (f.wire === 0) out.push(signed(f.int));
    else for (const g of fields(packedAsFields(f.bytes!), where)) out.push(signed(g.int));
  }
  return out;
}

/** A packed varint run re-keyed as field 1 varints, so `fields` can read it. */
function packedAsFields(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! & 0x80) continue;
    out.push(0x08, ...bytes.subarray(start, i + 1));
    start = i + 1;
  }
  return Uint8Array.from(out);
}

function floats(fs: Field[], no: number): number[] {
  const out: number[] = [];
  for (const f of fs.filter((x) => x.no === no)) {
    if (f.wire === 5) out.push(f32(f.bytes!));
    else for (let i = 0; i + 4 <= f.bytes!.length; i += 4) out.push(f32(f.bytes!.subarray(i, i + 4)));
  }
  return out;
}

function tensor(buf: Uint8Array): OnnxTensor {
  const fs = fields(buf, 'a tensor');
  const name = text(fs.find((f) => f.no === 8)?.bytes ?? null);
  const where = `tensor "${name}"`;
  const dims = ints(fs, 1, where);
  const type = Number(fs.find((f) => f.no === 2)?.int ?? 0n);
  const raw = fs.find((f) => f.no === 9)?.bytes;
  const count = dims.reduce((a, b) => a * b, 1);
  if (fs.some((f) => f.no === 13 || f.no === 14)) throw new Error(`ONNX: ${where} keeps its data in an external file`);
  if (type === FLOAT) {
    let data: Float32Array;
    if (raw) {
      if (raw.length !== count * 4) throw new Error(`ONNX: ${where} has ${raw.length} bytes for ${count} floats`);
      data = new Float32Array(count);
      new Uint8Array(data.buffer).set(raw);
    } else data = Float32Array.from(floats(fs, 4));
    if (data.length !== count) throw new Error(`ONNX: ${where} has ${data.length} values for shape [${dims}]`);
    return { name, dims, data };
  }
  if (type === INT64) {
    const data: number[] = [];
    if (raw) for (let i = 0; i < raw.length; i += 8) data.push(Number(new DataView(raw.buffer, raw.byteOffset + i, 8).getBigInt64(0, true)));
    else data.push(...ints(fs, 7, where));
    if (data.length !== count) throw new Error(`ONNX: ${where} has ${data.length} values for shape [${dims}]`);
    return { name, dims, data };
  }
  throw new Error(`ONNX: ${where} has element type ${type}; only float32 and int64 are read`);
}

function attribute(buf: Uint8Array, where: string): OnnxAttribute {
  const fs = fields(buf, where);
  const a: OnnxAttribute = { name: text(fs.find((f) => f.no === 1)?.bytes ?? null) };
  for (const f of fs) {
    if (f.no === 2) a.f = f32(f.bytes!);
    else if (f.no === 3) a.i = signed(f.int);
    else if (f.no === 4) a.s = text(f.bytes);
    else if (f.no === 5) a.t = tensor(f.bytes!);
  }
  if (fs.some((f) => f.no === 7)) a.floats = floats(fs, 7);
  if (fs.some((f) => f.no === 8)) a.ints = ints(fs, 8, where);
  return a;
}

function valueInfo(buf: Uint8Array): OnnxValueInfo {
  const fs = fields(buf, 'a value info');
  const name = text(fs.find((f) => f.no === 1)?.bytes ?? null);
  // type (2) → tensor_type (1) → shape (2) → dim (1) → dim_value (1) | dim_param (2).
  const sub = (b: Uint8Array | null | undefined, no: number) => (b ? fields(b, name).find((f) => f.no === no)?.bytes : undefined);
  const shapeBytes = sub(sub(fs.find((f) => f.no === 2)?.bytes, 1), 2);
  const shape = shapeBytes
    ? fields(shapeBytes, name)
        .filter((f) => f.no === 1)
        .map((d) => {
          const v = fields(d.bytes!, name).find((f) => f.no === 1);
          return v ? signed(v.int) : -1;
        })
    : [];
  return { name, shape };
}

function node(buf: Uint8Array): OnnxNode {
  const fs = fields(buf, 'a node');
  const name = text(fs.find((f) => f.no === 3)?.bytes ?? null);
  const opType = text(fs.find((f) => f.no === 4)?.bytes ?? null);
  const where = `node "${name}" (${opType})`;
  const attributes = new Map<string, OnnxAttribute>();
  for (const f of fs.filter((x) => x.no === 5)) {
    const a = attribute(f.bytes!, where);
    attributes.set(a.name, a);
  }
  return {
    name,
    opType,
    inputs: fs.filter((f) => f.no === 1).map((f) => text(f.bytes)),
    outputs: fs.filter((f) => f.no === 2).map((f) => text(f.bytes)),
    attributes,
  };
}

/** Reads an ONNX model file. */
export function parseOnnx(bytes: Uint8Array): OnnxModel {
  const model = fields(bytes, 'the model');
  const graphBytes = model.find((f) => f.no === 7)?.bytes;
  if (!graphBytes) throw new Error('ONNX: the file has no graph (is it an ONNX model?)');
  const opsets = model.filter((f) => f.no === 8).map((f) => fields(f.bytes!, 'an opset'));
  const opset = Math.max(0, ...opsets.filter((o) => !text(o.find((f) => f.no === 1)?.bytes ?? null)).map((o) => Number(o.find((f) => f.no === 2)?.int ?? 0n)));
  const graph = fields(graphBytes, 'the graph');
  const initializers = new Map<string, OnnxTensor>();
  for (const f of graph.filter((x) => x.no === 5)) {
    const t = tensor(f.bytes!);
    initializers.set(t.name, t);
  }
  return {
    producer: text(model.find((f) => f.no === 2)?.bytes ?? null),
    opset,
    nodes: graph.filter((f) => f.no === 1).map((f) => node(f.bytes!)),
    initializers,
    // Older exporters list the initializers among the inputs too.
    inputs: graph.filter((f) => f.no === 11).map((f) => valueInfo(f.bytes!)).filter((v) => !initializers.has(v.name)),
    outputs: graph.filter((f) => f.no === 12).map((f) => valueInfo(f.bytes!)),
  };
}
