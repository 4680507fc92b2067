import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rootTable } from './flatbuffers';
import { addMetadataToTflite, buildModelMetadata, modelMetadataEntries, readModelMetadataBuffer, sameGraph } from './tflite-metadata';

const MODEL = resolve(import.meta.dirname, '../../node_modules/@mediapipe/face_detection/face_detection_short_range.tflite');
const spec = {
  name: 'BlazeFace',
  input: { name: 'image', mean: [127.5], std: [127.5] },
  outputs: [{ name: 'regressors' }, { name: 'classificators' }],
};

describe('TFLite metadata patch', () => {
  const original = new Uint8Array(readFileSync(MODEL));
  const patched = addMetadataToTflite(original, buildModelMetadata(spec));

  it('keeps the graph and every buffer, and adds one buffer and one metadata entry', () => {
    expect(sameGraph(original, patched)).toBe(true);
    const before = rootTable(original, 'TFL3');
    const after = rootTable(patched, 'TFL3');
    expect(after.tables(4).length).toBe(before.tables(4).length + 1);
    expect(modelMetadataEntries(patched)).toEqual([{ name: 'TFLITE_METADATA', buffer: before.tables(4).length }]);
    // Subgraph tensors are untouched: same names and shapes.
    const tensors = (t: ReturnType<typeof rootTable>) => t.tables(2)[0]!.tables(0).map((x) => `${x.string(3)}:${x.int32s(0).join('x')}`);
    expect(tensors(after)).toEqual(tensors(before));
  });

  it('writes ModelMetadata with an RGB image input normalised by mean 127.5 / std 127.5 and named outputs', () => {
    const meta = readModelMetadataBuffer(patched)!;
    expect(meta.byteOffset % 16).toBe(0); // force_align: 16 on Buffer.data
    const root = rootTable(meta, 'M001');
    expect(root.string(0)).toBe('BlazeFace');
    const subgraph = root.tables(3)[0]!;
    const input = subgraph.tables(2)[0]!;
    expect(input.string(0)).toBe('image');
    const content = input.table(3)!;
    expect(content.uint8(0)).toBe(2); // ContentProperties.ImageProperties
    expect(content.table(1)!.int8(0)).toBe(1); // ColorSpaceType.RGB
    const unit = input.tables(4)[0]!;
    expect(unit.uint8(0)).toBe(1); // ProcessUnitOptions.NormalizationOptions
    const norm = unit.table(1)!;
    const floats = (slot: number) => {
      const v = norm.vector(slot)!;
      return Array.from({ length: v.length }, (_, i) => norm.view.getFloat32(v.start + 4 * i, true));
    };
    expect(floats(0)).toEqual([127.5]);
    expect(floats(1)).toEqual([127.5]);
    expect(subgraph.tables(3).map((t) => t.string(0))).toEqual(['regressors', 'classificators']);
  });

  it('refuses to patch a model twice and rejects what is not a TFLite model', () => {
    expect(() => addMetadataToTflite(patched, buildModelMetadata(spec))).toThrow(/already has TFLITE_METADATA/);
    expect(() => addMetadataToTflite(new Uint8Array(64), buildModelMetadata(spec))).toThrow(/file identifier/);
  });
});
