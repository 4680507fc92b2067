/**
 * Adds TFLite Metadata (metadata_schema.fbs, file identifier "M001") to a .tflite model
 * that has none, so that MediaPipe Tasks accepts it. MediaPipe refuses a float32 image
 * input unless the metadata says how to normalise pixels ("NormalizationOptions").
 *
 * The original model bytes are kept whole: a new root table, a new `buffers` vector and a
 * new `metadata` vector are written in front of them. FlatBuffers offsets are relative
 * and unsigned (they point forward), so every offset inside the original block stays
 * valid when the block is shifted by a multiple of its alignment, and the new tables in
 * front can point forward into it.
 */
import { Builder } from 'flatbuffers';
import { rootTable, type FbTable } from './flatbuffers.ts';

export interface TensorMetadataSpec {
  name: string;
  description?: string;
}

export interface ImageInputSpec extends TensorMetadataSpec {
  /** Per-channel (or single) normalisation: value = (pixel - mean) / std. */
  mean: number[];
  std: number[];
}

export interface ModelMetadataSpec {
  name: string;
  description?: string;
  version?: string;
  author?: string;
  license?: string;
  input: ImageInputSpec;
  outputs: TensorMetadataSpec[];
}

// Field slots (declaration order; a union takes two: type, value).
const MODEL = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadataBuffer: 5, metadata: 6, signatureDefs: 7 };
const UNION_IMAGE_PROPERTIES = 2; // ContentProperties: FeatureProperties=1, ImageProperties=2, ...
const UNION_NORMALIZATION_OPTIONS = 1; // ProcessUnitOptions: NormalizationOptions=1, ...
const COLOR_SPACE_RGB = 1;
const METADATA_NAME = 'TFLITE_METADATA';

/** Serialises a ModelMetadata flatbuffer (one subgraph, an RGB image input, named outputs). */
export function buildModelMetadata(spec: ModelMetadataSpec): Uint8Array {
  const b = new Builder(1024);
  const str = (s: string | undefined): number => (s === undefined ? 0 : b.createString(s));
  const floats = (values: number[]): number => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]!);
    return b.endVector();
  };
  const offsets = (values: number[]): number => {
    b.startVector(4, values.length, 4);
    for (let i = values.length - 1; i >= 0; i--) b.addOffset(values[i]!);
    return b.endVector();
  };
  const tensor = (t: TensorMetadataSpec, content = 0, processUnits = 0): number => {
    const name = str(t.name);
    const description = str(t.description);
    b.startObject(7); // TensorMetadata
    b.addFieldOffset(0, name, 0);
    if (description) b.addFieldOffset(1, description, 0);
    if (content) b.addFieldOffset(3, content, 0);
    if (processUnits) b.addFieldOffset(4, processUnits, 0);
    return b.endObject();
  };

  // Input: Content{ImageProperties{RGB}} and ProcessUnit{NormalizationOptions{mean, std}}.
  b.startObject(2); // ImageProperties
  b.addFieldInt8(0, COLOR_SPACE_RGB, 0);
  const imageProps = b.endObject();
  b.startObject(3); // Content
  b.addFieldInt8(0, UNION_IMAGE_PROPERTIES, 0);
  b.addFieldOffset(1, imageProps, 0);
  const content = b.endObject();
  const mean = floats(spec.input.mean);
  const std = floats(spec.input.std);
  b.startObject(2); // NormalizationOptions
  b.addFieldOffset(0, mean, 0);
  b.addFieldOffset(1, std, 0);
  const norm = b.endObject();
  b.startObject(2); // ProcessUnit
  b.addFieldInt8(0, UNION_NORMALIZATION_OPTIONS, 0);
  b.addFieldOffset(1, norm, 0);
  const processUnit = b.endObject();
  const input = tensor(spec.input, content, offsets([processUnit]));
  const outputs = spec.outputs.map((o) => tensor(o));

  const inputs = offsets([input]);
  const outputVec = offsets(outputs);
  b.startObject(7); // SubGraphMetadata
  b.addFieldOffset(2, inputs, 0);
  b.addFieldOffset(3, outputVec, 0);
  const subgraph = b.endObject();
  const subgraphs = offsets([subgraph]);

  const name = str(spec.name);
  const description = str(spec.description);
  const version = str(spec.version);
  const author = str(spec.author);
  const license = str(spec.license);
  const minParser = str('1.0.0');
  b.startObject(8); // ModelMetadata
  b.addFieldOffset(0, name, 0);
  if (description) b.addFieldOffset(1, description, 0);
  if (version) b.addFieldOffset(2, version, 0);
  b.addFieldOffset(3, subgraphs, 0);
  if (author) b.addFieldOffset(4, author, 0);
  if (license) b.addFieldOffset(5, license, 0);
  b.addFieldOffset(7, minParser, 0);
  b.finish(b.endObject(), 'M001');
  return b.asUint8Array().slice();
}

/** Forward-only byte writer whose offsets are resolved once every position is known. */
class PrefixWriter {
  private bytes: number[] = [];
  private fixups: Array<{ at: number; target: () => number }> = [];

  get pos(): number {
    return this.bytes.length;
  }
  align(n: number, extra = 0): void {
    while ((this.bytes.length + extra) % n !== 0) this.bytes.push(0);
  }
  u8(v: number): void {
    this.bytes.push(v & 0xff);
  }
  u16(v: number): void {
    this.u8(v);
    this.u8(v >>> 8);
  }
  u32(v: number): void {
    this.u16(v & 0xffff);
    this.u16(v >>> 16);
  }
  /** A uoffset to a position known later (target() is called at the end). */
  offsetTo(target: () => number): void {
    this.fixups.push({ at: this.pos, target });
    this.u32(0);
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.bytes);
    const view = new DataView(out.buffer);
    for (const { at, target } of this.fixups) {
      const t = target();
      if (t <= at) throw new Error('FlatBuffer offsets must point forward');
      if (t - at > 0xffffffff) throw new Error('FlatBuffer offset out of range');
      // Targets beyond the prefix live in the original block appended after it.
      if (at + 4 <= out.length) view.setUint32(at, t - at, true);
    }
    return out;
  }
}

/** Returns the metadata entries already in a model, as {name, buffer} pairs. */
export function modelMetadataEntries(model: Uint8Array): Array<{ name: string; buffer: number }> {
  return rootTable(model, 'TFL3')
    .tables(MODEL.metadata)
    .map((m) => ({ name: m.string(0) ?? '', buffer: m.uint32(1) }));
}

/** The TFLITE_METADATA flatbuffer of a model, or null when it has none. */
export function readModelMetadataBuffer(model: Uint8Array): Uint8Array | null {
  const root = rootTable(model, 'TFL3');
  const entry = root.tables(MODEL.metadata).find((m) => m.string(0) === METADATA_NAME);
  if (!entry) return null;
  const buffer = root.tables(MODEL.buffers)[entry.uint32(1)];
  return buffer?.bytes(0) ?? null;
}

/**
 * Returns a copy of `model` with a TFLITE_METADATA entry holding `metadata`.
 * Refuses a model that already has one, or whose root has fields this code does not know.
 */
export function addMetadataToTflite(model: Uint8Array, metadata: Uint8Array): Uint8Array {
  const root = rootTable(model, 'TFL3');
  if (root.fieldCount > MODEL.signatureDefs + 1) {
    throw new Error(`TFLite model root has ${root.fieldCount} fields; this patcher knows ${MODEL.signatureDefs + 1}`);
  }
  const oldMetadata = root.tables(MODEL.metadata);
  if (oldMetadata.some((m) => m.string(0) === METADATA_NAME)) {
    throw new Error(`The model already has ${METADATA_NAME}`);
  }
  const oldBuffers = root.tables(MODEL.buffers);
  if (oldBuffers.some((buf) => buf.has(1) || buf.has(2))) {
    throw new Error('Buffers stored outside the flatbuffer (offset/size) are not supported');
  }

  const BLOCK_ALIGN = 64; // a multiple of every alignment inside the original block
  let prefixSize = 0; // known after the prefix is laid out
  const shifted = (absOld: number) => () => prefixSize + absOld;
  const w = new PrefixWriter();
  const labels = new Map<string, number>();
  const at = (label: string) => () => {
    const p = labels.get(label);
    if (p === undefined) throw new Error(`unresolved ${label}`);
    return p;
  };

  // Header: root offset + file identifier.
  w.offsetTo(at('root'));
  for (const ch of 'TFL3') w.u8(ch.charCodeAt(0));

  // Root table: copy scalar `version`, repoint the other offsets into the shifted block,
  // and point `buffers` and `metadata` at the new vectors.
  const slots = MODEL.signatureDefs + 1;
  const present = Array.from({ length: slots }, (_, s) => s === MODEL.buffers || s === MODEL.metadata || root.has(s));
  const vtablePos = w.pos;
  w.u16(4 + 2 * slots);
  w.u16(4 + 4 * slots); // table size: soffset + one 4-byte field per slot
  for (let s = 0; s < slots; s++) w.u16(present[s] ? 4 + 4 * s : 0);
  w.align(4);
  labels.set('root', w.pos);
  w.u32(w.pos - vtablePos); // soffset: table - vtable
  for (let s = 0; s < slots; s++) {
    if (s === MODEL.version) w.u32(root.uint32(s));
    else if (s === MODEL.buffers) w.offsetTo(at('buffers'));
    else if (s === MODEL.metadata) w.offsetTo(at('metadata'));
    else if (present[s]) w.offsetTo(shifted(root.deref(s)));
    else w.u32(0);
  }

  labels.set('buffers', w.pos);
  w.u32(oldBuffers.length + 1);
  for (const buf of oldBuffers) w.offsetTo(shifted(buf.pos));
  w.offsetTo(at('newBuffer'));

  labels.set('metadata', w.pos);
  w.u32(oldMetadata.length + 1);
  for (const m of oldMetadata) w.offsetTo(shifted(m.pos));
  w.offsetTo(at('newMetadata'));

  // Metadata { name: string; buffer: uint }
  const metaVtable = w.pos;
  w.u16(8);
  w.u16(12);
  w.u16(4);
  w.u16(8);
  labels.set('newMetadata', w.pos);
  w.u32(w.pos - metaVtable);
  w.offsetTo(at('name'));
  w.u32(oldBuffers.length);
  labels.set('name', w.pos);
  w.u32(METADATA_NAME.length);
  for (const ch of METADATA_NAME) w.u8(ch.charCodeAt(0));
  w.u8(0);
  w.align(4);

  // Buffer { data: [ubyte] (force_align: 16) }
  const bufVtable = w.pos;
  w.u16(6);
  w.u16(8);
  w.u16(4);
  w.align(4);
  labels.set('newBuffer', w.pos);
  w.u32(w.pos - bufVtable);
  w.offsetTo(at('data'));
  w.align(16, 4);
  labels.set('data', w.pos);
  w.u32(metadata.length);
  for (const byte of metadata) w.u8(byte);
  w.align(BLOCK_ALIGN);
  prefixSize = w.pos;

  const prefix = w.finish();
  const out = new Uint8Array(prefix.length + model.length);
  out.set(prefix, 0);
  out.set(model, prefix.length);
  return out;
}

/** Structural equality of two models' graphs, for checking a patch kept everything. */
export function sameGraph(a: Uint8Array, b: Uint8Array): boolean {
  const ra = rootTable(a, 'TFL3');
  const rb = rootTable(b, 'TFL3');
  const bytesOf = (t: FbTable, slot: number) => t.bytes(slot) ?? new Uint8Array();
  const ba = ra.tables(MODEL.buffers);
  const bb = rb.tables(MODEL.buffers);
  if (bb.length < ba.length || ra.uint32(MODEL.version) !== rb.uint32(MODEL.version)) return false;
  for (let i = 0; i < ba.length; i++) {
    const x = bytesOf(ba[i]!, 0);
    const y = bytesOf(bb[i]!, 0);
    if (x.length !== y.length || x.some((v, j) => v !== y[j])) return false;
  }
  const sa = ra.tables(MODEL.subgraphs);
  const sb = rb.tables(MODEL.subgraphs);
  return sa.length === sb.length && sa.every((s, i) => s.tables(3).length === sb[i]!.tables(3).length);
}
