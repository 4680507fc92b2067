import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_SPEC, modelId, NETWORKS, specWith } from './model-spec';

describe('modelId', () => {
  it("keeps the app's id, which stored templates and backups carry", () => {
    expect(modelId(DEFAULT_MODEL_SPEC)).toBe('mobilefacenet-192/mesh-align/flip');
  });

  it('names every part of the spec that changes an embedding', () => {
    const ids = [
      modelId(DEFAULT_MODEL_SPEC),
      modelId({ ...DEFAULT_MODEL_SPEC, flip: false }),
      modelId({ ...DEFAULT_MODEL_SPEC, alignment: 'detector' }),
      modelId({ ...DEFAULT_MODEL_SPEC, alignment: 'detector', flip: false }),
      modelId({ ...DEFAULT_MODEL_SPEC, dim: 128 }),
      modelId({ ...DEFAULT_MODEL_SPEC, network: 'arcface' }),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[3]).toBe('mobilefacenet-192/detector-align/no-flip');
  });

  it("gives a pipeline's other refine or flip options another id", () => {
    expect(modelId(specWith({}))).toBe(modelId(DEFAULT_MODEL_SPEC));
    expect(modelId(specWith({ refine: 'mesh', flip: true }))).toBe('mobilefacenet-192/mesh-align/flip');
    expect(modelId(specWith({ refine: 'none' }))).toBe('mobilefacenet-192/detector-align/flip');
    expect(modelId(specWith({ flip: false }))).toBe('mobilefacenet-192/mesh-align/no-flip');
    expect(DEFAULT_MODEL_SPEC).toMatchObject({ alignment: 'mesh', flip: true }); // unchanged by specWith
  });
});

describe('NETWORKS', () => {
  it('gives a candidate network its own spec and id; the app keeps its own', () => {
    const spec = specWith({ network: 'arcface-mobilefacenet' });
    expect(spec).toMatchObject({ network: 'arcface-mobilefacenet', dim: 512, channels: 'bgr', inputSize: 112 });
    expect(modelId(spec)).toBe('arcface-mobilefacenet-512/mesh-align/flip');
    expect(modelId(specWith({ network: 'arcface-mobilefacenet', flip: false }))).toBe('arcface-mobilefacenet-512/mesh-align/no-flip');
    expect(specWith({ network: 'mobilefacenet' })).toEqual(DEFAULT_MODEL_SPEC);
    expect(NETWORKS.mobilefacenet.spec).toBe(DEFAULT_MODEL_SPEC);
  });
});
