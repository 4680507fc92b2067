/**
 * A small TensorFlow Lite model parser (tensorflow/lite/schema/schema.fbs, file identifier
 * "TFL3"; the parts of it we read are in ./tflite-schema.ts) built on our FlatBuffers reader.
 * It turns the first subgraph of a float32 model into plain objects: tensors (shape, dtype,
 * name, constant data) and operators (op name, tensor indices, parsed builtin options).
 *
 * It deliberately knows only the ops our converter handles; anything else fails loudly,
 * naming the op and the operator index, rather than producing a silently wrong model.
 */
import { rootTable, type FbTable } from './flatbuffers.ts';
import {
  ACTIVATION_NAMES,
  BUFFER,
  builtinOpName,
  MODEL,
  OPERATOR,
  OPERATOR_CODE,
  OPTIONS_TYPE,
  SUBGRAPH,
  SUPPORTED_OPS,
  TENSOR,
  TENSOR_TYPE_FLOAT16,
  TENSOR_TYPE_FLOAT32,
  TENSOR_TYPE_INT32,
  tensorTypeName,
} from './tflite-schema.ts';
import { decodeData, foldDequantize } from './tflite-data.ts';

// ---------------------------------------------------------------------------------------
// Public types

export type TfliteOpName = (typeof SUPPORTED_OPS)[keyof typeof SUPPORTED_OPS];
export type TfliteDtype = 'float32' | 'int32';
export type Padding = 'SAME' | 'VALID';
export type Activation = (typeof ACTIVATION_NAMES)[number];

export interface TfliteTensor {
  /** Index in the subgraph's tensor list (what operators refer to). */
  index: number;
  name: string;
  /** Static shape as stored in the model (may contain a fixed batch size). */
  shape: number[];
  /** `shape_signature` (-1 for dynamic dims) when the model has one. */
  shapeSignature: number[] | null;
  dtype: TfliteDtype;
  /** Constant contents (a copy, little-endian decoded), or null for activations / inputs. */
  data: Float32Array | Int32Array | null;
  isVariable: boolean;
}

export interface Conv2DOptions {
  padding: Padding;
  strideW: number;
  strideH: number;
  dilationW: number;
  dilationH: number;
  activation: Activation;
}

export interface DepthwiseConv2DOptions extends Conv2DOptions {
  /** As stored; 0 in some legacy models (the multiplier is then implied by the shapes). */
  depthMultiplier: number;
}

export interface ActivationOptions {
  activation: Activation;
}

export interface Pool2DOptions {
  padding: Padding;
  strideW: number;
  strideH: number;
  filterW: number;
  filterH: number;
  activation: Activation;
}

export interface ResizeBilinearOptions {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

export interface ReshapeOptions {
  /** `ReshapeOptions.new_shape`, or null when absent (then the shape is input 1). */
  newShape: number[] | null;
}

interface OpBase<N extends TfliteOpName, O> {
  /** Position in the subgraph's operator list. */
  index: number;
  op: N;
  /** Builtin op code. */
  code: number;
  /** Tensor indices; -1 marks an omitted optional input (e.g. no bias). */
  inputs: number[];
  outputs: number[];
  options: O;
}

export type TfliteOperator =
  | OpBase<'CONV_2D', Conv2DOptions>
  | OpBase<'DEPTHWISE_CONV_2D', DepthwiseConv2DOptions>
  | OpBase<'ADD' | 'SUB' | 'MUL', ActivationOptions>
  | OpBase<'RELU' | 'RELU6' | 'ABS', Record<string, never>>
  | OpBase<'RESHAPE', ReshapeOptions>
  | OpBase<'MAX_POOL_2D', Pool2DOptions>
  | OpBase<'RESIZE_BILINEAR', ResizeBilinearOptions>
  | OpBase<'PAD', Record<string, never>>
  | OpBase<'DEQUANTIZE', Record<string, never>>;

export interface TfliteModel {
  /** Schema version (3 for all current models). */
  version: number;
  description: string | null;
  /** Name of the converted subgraph (often null). */
  subgraphName: string | null;
  tensors: TfliteTensor[];
  operators: TfliteOperator[];
  /** Graph input / output tensor indices. */
  inputs: number[];
  outputs: number[];
}

// ---------------------------------------------------------------------------------------

function activationOf(value: number, where: string): Activation {
  const name = ACTIVATION_NAMES[value];
  if (name === undefined) throw new Error(`Unknown fused activation function ${value} ${where}`);
  return name;
}

/** Reads a uint64 scalar field (Buffer.offset/size) as a JS number. */
function uint64(table: FbTable, slot: number): number {
  const p = table.fieldPos(slot);
  if (!p) return 0;
  const v = table.view.getBigUint64(p, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`TFLite uint64 field too large: ${v}`);
  return Number(v);
}

/**
 * The raw bytes of a Buffer table: either inline (`data`) or, for models written with
 * external buffers (> 2 GB flatbuffers), at `offset`/`size` counted from the start of the
 * file. An offset of 0 or 1 means "not used" (1 is a placeholder written by the converter).
 */
function bufferBytes(model: Uint8Array, buffer: FbTable | undefined, index: number): Uint8Array | null {
  if (!buffer) return null;
  const inline = buffer.bytes(BUFFER.data);
  if (inline && inline.length > 0) return inline;
  const offset = uint64(buffer, BUFFER.offset);
  const size = uint64(buffer, BUFFER.size);
  if (offset > 1) {
    if (offset + size > model.byteLength) {
      throw new Error(
        `TFLite buffer ${index} lies outside the file (offset ${offset}, size ${size}, file ${model.byteLength} bytes)`,
      );
    }
    return model.subarray(offset, offset + size);
  }
  return null;
}

function parseOptions(op: TfliteOpName, t: FbTable | null, where: string): TfliteOperator['options'] {
  switch (op) {
    case 'CONV_2D':
      // A conv without options would be malformed (strides default to 0).
      if (!t) throw new Error(`CONV_2D ${where} has no Conv2DOptions`);
      return {
        padding: t.int8(0) === 0 ? 'SAME' : 'VALID',
        strideW: t.int32(1),
        strideH: t.int32(2),
        activation: activationOf(t.int8(3), where),
        dilationW: t.int32(4, 1),
        dilationH: t.int32(5, 1),
      } satisfies Conv2DOptions;
    case 'DEPTHWISE_CONV_2D':
      if (!t) throw new Error(`DEPTHWISE_CONV_2D ${where} has no DepthwiseConv2DOptions`);
      return {
        padding: t.int8(0) === 0 ? 'SAME' : 'VALID',
        strideW: t.int32(1),
        strideH: t.int32(2),
        depthMultiplier: t.int32(3),
        activation: activationOf(t.int8(4), where),
        dilationW: t.int32(5, 1),
        dilationH: t.int32(6, 1),
      } satisfies DepthwiseConv2DOptions;
    case 'ADD':
    case 'SUB':
    case 'MUL':
      // Options are optional here: absent means no fused activation.
      return { activation: activationOf(t ? t.int8(0) : 0, where) } satisfies ActivationOptions;
    case 'RESHAPE':
      return { newShape: t && t.has(0) ? t.int32s(0) : null } satisfies ReshapeOptions;
    case 'MAX_POOL_2D':
      if (!t) throw new Error(`MAX_POOL_2D ${where} has no Pool2DOptions`);
      return {
        padding: t.int8(0) === 0 ? 'SAME' : 'VALID',
        strideW: t.int32(1),
        strideH: t.int32(2),
        filterW: t.int32(3),
        filterH: t.int32(4),
        activation: activationOf(t.int8(5), where),
      } satisfies Pool2DOptions;
    case 'RESIZE_BILINEAR':
      // Slots 0 and 1 (new_height, new_width) are deprecated: the size is input 1.
      return { alignCorners: t ? t.uint8(2) !== 0 : false, halfPixelCenters: t ? t.uint8(3) !== 0 : false } satisfies ResizeBilinearOptions;
    case 'RELU':
    case 'RELU6':
    case 'ABS':
    case 'PAD':
    case 'DEQUANTIZE':
      return {};
  }
}

/**
 * Parses a .tflite file. Only the first subgraph is read. Throws on ops or tensor types the
 * converter does not support, naming the op / tensor and its index.
 */
export function parseTflite(bytes: Uint8Array): TfliteModel {
  const model = rootTable(bytes, 'TFL3');
  const version = model.uint32(MODEL.version);
  if (version !== 3) throw new Error(`Unsupported TFLite schema version ${version} (expected 3)`);

  // Operator codes: the effective builtin code is max(deprecated_builtin_code, builtin_code)
  // (codes > 127 only fit in the newer int32 field, which older writers leave at 0).
  const opCodes = model.tables(MODEL.operatorCodes).map((oc) => {
    const code = Math.max(oc.int8(OPERATOR_CODE.deprecatedBuiltinCode), oc.int32(OPERATOR_CODE.builtinCode));
    return { code, custom: oc.string(OPERATOR_CODE.customCode) };
  });

  const subgraphs = model.tables(MODEL.subgraphs);
  const sg = subgraphs[0];
  if (!sg) throw new Error('TFLite model has no subgraph');
  const buffers = model.tables(MODEL.buffers);

  const tensors: TfliteTensor[] = sg.tables(SUBGRAPH.tensors).map((t, index) => {
    const name = t.string(TENSOR.name) ?? `tensor_${index}`;
    const type = t.int8(TENSOR.type);
    if (type !== TENSOR_TYPE_FLOAT32 && type !== TENSOR_TYPE_INT32 && type !== TENSOR_TYPE_FLOAT16) {
      throw new Error(
        `Unsupported TFLite tensor type ${tensorTypeName(type)} (type ${type}) for tensor ${index} "${name}": only FLOAT32, FLOAT16 (constants) and INT32 are supported`,
      );
    }
    if (t.has(TENSOR.sparsity)) throw new Error(`Unsupported sparse TFLite tensor ${index} "${name}"`);
    // Float16 tensors are constants behind DEQUANTIZE: decoded to float32 here (foldDequantize).
    const dtype: TfliteDtype = type === TENSOR_TYPE_INT32 ? 'int32' : 'float32';
    const shape = t.int32s(TENSOR.shape);
    const shapeSignature = t.has(TENSOR.shapeSignature) ? t.int32s(TENSOR.shapeSignature) : null;
    const bufferIndex = t.uint32(TENSOR.buffer);
    const raw = bufferIndex === 0 ? null : bufferBytes(bytes, buffers[bufferIndex], bufferIndex);
    const count = shape.reduce((a, b) => a * b, 1);
    const what = `TFLite tensor ${index} "${name}"`;
    if (type === TENSOR_TYPE_FLOAT16 && !raw) throw new Error(`${what}: a float16 tensor must be a constant`);
    const data = raw ? decodeData(raw, type === TENSOR_TYPE_FLOAT16 ? 'float16' : dtype, count, what) : null;
    return { index, name, shape, shapeSignature, dtype, data, isVariable: t.uint8(TENSOR.isVariable) !== 0 };
  });

  const operators: TfliteOperator[] = sg.tables(SUBGRAPH.operators).map((o, index) => {
    const opc = opCodes[o.uint32(OPERATOR.opcodeIndex)];
    if (!opc) throw new Error(`TFLite operator ${index} refers to a missing operator code`);
    const op = (SUPPORTED_OPS as Record<number, TfliteOpName>)[opc.code];
    if (op === undefined) {
      const what = opc.code === 32 ? `custom op "${opc.custom ?? '?'}"` : `op ${builtinOpName(opc.code)}`;
      throw new Error(`Unsupported TFLite ${what} (code ${opc.code}) at operator ${index}`);
    }
    const where = `at operator ${index}`;
    const optionsType = o.uint8(OPERATOR.builtinOptionsType);
    const expected = (OPTIONS_TYPE as Record<string, number>)[op];
    const optionsTable = o.table(OPERATOR.builtinOptions);
    if (optionsTable && expected !== undefined && optionsType !== expected) {
      throw new Error(`TFLite ${op} ${where} carries options of union type ${optionsType}, expected ${expected}`);
    }
    const options = parseOptions(op, expected !== undefined ? optionsTable : null, where);
    return {
      index,
      op,
      code: opc.code,
      inputs: o.int32s(OPERATOR.inputs),
      outputs: o.int32s(OPERATOR.outputs),
      options,
    } as TfliteOperator;
  });

  return {
    version,
    description: model.string(MODEL.description),
    ...foldDequantize(tensors, operators),
    subgraphName: sg.string(SUBGRAPH.name),
    inputs: sg.int32s(SUBGRAPH.inputs),
    outputs: sg.int32s(SUBGRAPH.outputs),
  };
}

/** Counts operators by op name, e.g. `{ CONV_2D: 35, ... }`. */
export function countOps(model: TfliteModel): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const op of model.operators) counts[op.op] = (counts[op.op] ?? 0) + 1;
  return counts;
}
