/**
 * The TensorFlow.js graph-model format that the TFLite converter writes (model.json in the
 * protobuf JSON mapping, plus one weights file), and a builder that emits its nodes: unique,
 * valid node names, Const nodes whose values go into the weights file in emission order, and
 * a count of the emitted ops.
 */
import { exactHalf } from './tflite-data.ts';

export type TfDataType = 'DT_FLOAT' | 'DT_INT32';

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

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  /** Stored as float16 (2 bytes a value), read back as float32 by TF.js. */
  quantization?: { dtype: 'float16' };
}

export interface GraphModelJson {
  format: 'graph-model';
  generatedBy: string;
  convertedBy: string;
  signature: { inputs: Record<string, TfTensorInfo>; outputs: Record<string, TfTensorInfo> };
  modelTopology: { node: TfNode[]; library: Record<string, never>; versions: Record<string, never> };
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** AttrValue encoders (string attrs are base64 in the protobuf JSON mapping). */
export const attr = {
  type: (t: TfDataType): TfAttr => ({ type: t }),
  s: (value: string): TfAttr => ({ s: btoa(value) }),
  i: (value: number): TfAttr => ({ i: String(value) }),
  f: (value: number): TfAttr => ({ f: value }),
  b: (value: boolean): TfAttr => ({ b: value }),
  ints: (values: number[]): TfAttr => ({ list: { i: values.map(String) } }),
  strings: (values: string[]): TfAttr => ({ list: { s: values.map((v) => btoa(v)) } }),
  emptyList: (): TfAttr => ({ list: {} }),
};

export const dims = (shape: number[]): { dim: { size: string }[] } => ({ dim: shape.map((d) => ({ size: String(d) })) });

export const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** TF node names may not contain ':' (output index separator) or start with '^' (control input). */
export const sanitizeNodeName = (wanted: string): string => wanted.replace(/:/g, '_').replace(/^\^+/, '') || 'node';

/** Collects a graph's nodes and constants in emission order. */
export class GraphBuilder {
  readonly nodes: TfNode[] = [];
  /** Emitted TensorFlow ops by type (Const and Placeholder included). */
  readonly tfOps: Record<string, number> = {};
  readonly weightSpecs: WeightSpec[] = [];
  private readonly weightData: (Float32Array | Int32Array | Uint16Array)[] = [];
  private readonly usedNames = new Set<string>();

  /**
   * `halfWhereExact`: a float32 constant whose every value float16 holds exactly is stored as
   * float16 (half the bytes, the same values once TF.js reads it back).
   */
  constructor(private readonly options: { halfWhereExact?: boolean } = {}) {}

  /** Claims a name exactly as given (sanitised); false if it is already taken. */
  reserve(wanted: string): boolean {
    const name = sanitizeNodeName(wanted);
    if (this.usedNames.has(name)) return false;
    this.usedNames.add(name);
    return true;
  }

  /** `wanted` (sanitised), or `wanted_k` with the first free k. */
  uniqueName(wanted: string): string {
    const base = sanitizeNodeName(wanted);
    let name = base;
    for (let k = 1; this.usedNames.has(name); k++) name = `${base}_${k}`;
    this.usedNames.add(name);
    return name;
  }

  addNode(node: TfNode): string {
    this.nodes.push(node);
    this.tfOps[node.op] = (this.tfOps[node.op] ?? 0) + 1;
    return node.name;
  }

  /** A Const node whose value goes into the weights file. */
  addConst(wanted: string, data: Float32Array | Int32Array, shape: number[]): string {
    if (data.length !== product(shape)) throw new Error(`Constant "${wanted}": ${data.length} values for shape [${shape}]`);
    const dtype = data instanceof Float32Array ? 'float32' : 'int32';
    const type: TfDataType = dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32';
    const name = this.uniqueName(wanted);
    const halves = this.options.halfWhereExact && data instanceof Float32Array ? asHalves(data) : null;
    this.weightSpecs.push(halves ? { name, shape, dtype, quantization: { dtype: 'float16' } } : { name, shape, dtype });
    this.weightData.push(halves ?? data);
    return this.addNode({
      name,
      op: 'Const',
      attr: { dtype: attr.type(type), value: { tensor: { dtype: type, tensorShape: dims(shape) } } },
    });
  }

  /** The weights file: every constant, little-endian, in the order of `weightSpecs`. */
  weights(): Uint8Array {
    const totalBytes = this.weightData.reduce((n, d) => n + d.length * d.BYTES_PER_ELEMENT, 0);
    const weights = new Uint8Array(totalBytes);
    const view = new DataView(weights.buffer);
    let pos = 0;
    for (const d of this.weightData) {
      if (d instanceof Float32Array) for (let i = 0; i < d.length; i++, pos += 4) view.setFloat32(pos, d[i]!, true);
      else if (d instanceof Uint16Array) for (let i = 0; i < d.length; i++, pos += 2) view.setUint16(pos, d[i]!, true);
      else for (let i = 0; i < d.length; i++, pos += 4) view.setInt32(pos, d[i]!, true);
    }
    return weights;
  }
}

/** `data` as float16 bits when float16 holds every value exactly, else null. */
function asHalves(data: Float32Array): Uint16Array | null {
  const halves = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const h = exactHalf(data[i]!);
    if (h === null) return null;
    halves[i] = h;
  }
  return halves;
}
