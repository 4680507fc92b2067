/**
 * A minimal, dependency-free FlatBuffers reader: just enough to walk TensorFlow Lite
 * model files (tables, vectors, strings, scalars, unions) without generated code.
 * Field numbers are the declaration order in the .fbs schema (a union takes two slots:
 * `<name>_type` then `<name>`).
 */
export class FbTable {
  constructor(
    readonly view: DataView,
    /** Absolute byte position of the table in the buffer. */
    readonly pos: number,
  ) {}

  /** Absolute position of the vtable (soffset at the start of the table). */
  get vtablePos(): number {
    return this.pos - this.view.getInt32(this.pos, true);
  }

  /** Number of field slots present in this table's vtable. */
  get fieldCount(): number {
    return (this.view.getUint16(this.vtablePos, true) - 4) >> 1;
  }

  /** Absolute position of field `slot`, or 0 when absent. */
  fieldPos(slot: number): number {
    const vt = this.vtablePos;
    const vtSize = this.view.getUint16(vt, true);
    const entry = 4 + 2 * slot;
    if (entry >= vtSize) return 0;
    const off = this.view.getUint16(vt + entry, true);
    return off === 0 ? 0 : this.pos + off;
  }

  has(slot: number): boolean {
    return this.fieldPos(slot) !== 0;
  }

  int8(slot: number, dflt = 0): number {
    const p = this.fieldPos(slot);
    return p ? this.view.getInt8(p) : dflt;
  }

  uint8(slot: number, dflt = 0): number {
    const p = this.fieldPos(slot);
    return p ? this.view.getUint8(p) : dflt;
  }

  int32(slot: number, dflt = 0): number {
    const p = this.fieldPos(slot);
    return p ? this.view.getInt32(p, true) : dflt;
  }

  uint32(slot: number, dflt = 0): number {
    const p = this.fieldPos(slot);
    return p ? this.view.getUint32(p, true) : dflt;
  }

  float32(slot: number, dflt = 0): number {
    const p = this.fieldPos(slot);
    return p ? this.view.getFloat32(p, true) : dflt;
  }

  /** Absolute position that an offset field points to, or 0 when absent. */
  deref(slot: number): number {
    const p = this.fieldPos(slot);
    return p ? p + this.view.getUint32(p, true) : 0;
  }

  table(slot: number): FbTable | null {
    const p = this.deref(slot);
    return p ? new FbTable(this.view, p) : null;
  }

  string(slot: number): string | null {
    const p = this.deref(slot);
    if (!p) return null;
    const len = this.view.getUint32(p, true);
    return new TextDecoder().decode(new Uint8Array(this.view.buffer, this.view.byteOffset + p + 4, len));
  }

  /** Vector header: absolute position of the first element and the length; null when absent. */
  vector(slot: number): { start: number; length: number } | null {
    const p = this.deref(slot);
    if (!p) return null;
    return { start: p + 4, length: this.view.getUint32(p, true) };
  }

  tables(slot: number): FbTable[] {
    const v = this.vector(slot);
    if (!v) return [];
    const out: FbTable[] = [];
    for (let i = 0; i < v.length; i++) {
      const at = v.start + 4 * i;
      out.push(new FbTable(this.view, at + this.view.getUint32(at, true)));
    }
    return out;
  }

  int32s(slot: number): number[] {
    const v = this.vector(slot);
    if (!v) return [];
    const out: number[] = [];
    for (let i = 0; i < v.length; i++) out.push(this.view.getInt32(v.start + 4 * i, true));
    return out;
  }

  /** A [ubyte] vector as a view on the underlying bytes (no copy). */
  bytes(slot: number): Uint8Array | null {
    const v = this.vector(slot);
    if (!v) return null;
    return new Uint8Array(this.view.buffer, this.view.byteOffset + v.start, v.length);
  }
}

/** The root table of a FlatBuffer, optionally checking its 4-byte file identifier. */
export function rootTable(bytes: Uint8Array, fileIdentifier?: string): FbTable {
  if (bytes.byteLength < 8) throw new Error(`Not a FlatBuffer: only ${bytes.byteLength} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (fileIdentifier !== undefined) {
    const id = new TextDecoder().decode(bytes.subarray(4, 8));
    if (id !== fileIdentifier) {
      throw new Error(`Wrong FlatBuffer file identifier: expected "${fileIdentifier}", found "${id}"`);
    }
  }
  return new FbTable(view, view.getUint32(0, true));
}
